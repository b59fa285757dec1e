//! The four implementations of the workload and the checks they all share.

pub mod floor;
pub mod full;
#[cfg(feature = "hydra")]
pub mod hydra;
pub mod hyper_floor;
pub mod minimal;
pub mod official;

use crate::fixtures;

/// Every call returns a small checksum derived from the fields it checked (fed
/// to `black_box` by the driver), or a description of what was wrong.
pub type BenchResult = Result<u64, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Get,
    List,
    Create,
    Accept,
    Introspect,
}

impl Op {
    pub const ALL: [Op; 5] = [Op::Get, Op::List, Op::Create, Op::Accept, Op::Introspect];
    pub fn name(self) -> &'static str {
        match self {
            Op::Get => "get_o_auth2_client",
            Op::List => "list_o_auth2_clients (500/page)",
            Op::Create => "create_o_auth2_client",
            Op::Accept => "accept_login_request",
            Op::Introspect => "introspect_o_auth2_token",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Op::Get => "get",
            Op::List => "list",
            Op::Create => "create",
            Op::Accept => "accept",
            Op::Introspect => "introspect",
        }
    }
    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.short() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImplKind {
    Hydra,
    /// (a′): (a)'s listing with items in the caller's type (`list_o_auth2_clients_as`), into (d)'s
    /// minimal struct: the client's own cost against (d) when both decode the same members.
    HydraOwn,
    Official,
    Full,
    Minimal,
    /// (e): the round trip alone (raw TCP in the caller's task, no HTTP parser, no JSON), the lowest
    /// CPU any client on tokio can reach in this harness.
    Floor,
    /// (f): the same requests through hyper-util's pooled client (the stack under (a), and under
    /// reqwest), no JSON: the lowest CPU a client on hyper can reach here.
    HyperFloor,
}

impl ImplKind {
    pub fn all() -> Vec<ImplKind> {
        let mut v = Vec::new();
        if cfg!(feature = "hydra") {
            v.extend([ImplKind::Hydra, ImplKind::HydraOwn]);
        }
        v.extend([ImplKind::Official, ImplKind::Full, ImplKind::Minimal, ImplKind::Floor, ImplKind::HyperFloor]);
        v
    }
    pub fn label(self) -> &'static str {
        match self {
            ImplKind::Hydra => "(a) ory-hydra-v1-client",
            ImplKind::HydraOwn => "(a′) ory-hydra-v1-client, `_as` into minimal structs",
            ImplKind::Official => "(b) ory-hydra-client 1.11.8",
            ImplKind::Full => "(c) reqwest+serde, full structs",
            ImplKind::Minimal => "(d) reqwest+serde, minimal structs",
            ImplKind::Floor => "(e) floor: raw TCP in the caller's task, no HTTP parser, no JSON",
            ImplKind::HyperFloor => "(f) hyper's floor: hyper-util's pooled client, no JSON",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            ImplKind::Hydra => "a",
            ImplKind::HydraOwn => "a2",
            ImplKind::Official => "b",
            ImplKind::Full => "c",
            ImplKind::Minimal => "d",
            ImplKind::Floor => "e",
            ImplKind::HyperFloor => "f",
        }
    }
    /// Every kind, in the report's order.
    pub const EVERY: [ImplKind; 7] = [
        ImplKind::Hydra,
        ImplKind::HydraOwn,
        ImplKind::Official,
        ImplKind::Full,
        ImplKind::Minimal,
        ImplKind::Floor,
        ImplKind::HyperFloor,
    ];
    pub fn parse(s: &str) -> Option<ImplKind> {
        ImplKind::EVERY.into_iter().find(|k| k.short() == s)
    }
    /// Whether this implementation has `op`: (a′) only lists (the other calls decode one object, where
    /// a caller's type changes nothing of interest).
    pub fn runs(self, op: Op) -> bool {
        self != ImplKind::HydraOwn || op == Op::List
    }
}

// One value per implementation lives for the whole run; boxing the larger variants would gain nothing.
#[allow(clippy::large_enum_variant)]
pub enum Impl {
    #[cfg(feature = "hydra")]
    Hydra(hydra::Hydra),
    #[cfg(feature = "hydra")]
    HydraOwn(hydra::Hydra),
    Official(official::Official),
    Full(full::Full),
    Minimal(minimal::Minimal),
    Floor(floor::Floor),
    HyperFloor(hyper_floor::HyperFloor),
}

impl Impl {
    pub fn new(kind: ImplKind, base: &str) -> Impl {
        match kind {
            #[cfg(feature = "hydra")]
            ImplKind::Hydra => Impl::Hydra(hydra::Hydra::new(base)),
            #[cfg(feature = "hydra")]
            ImplKind::HydraOwn => Impl::HydraOwn(hydra::Hydra::new(base)),
            #[cfg(not(feature = "hydra"))]
            ImplKind::Hydra | ImplKind::HydraOwn => panic!("built without the `hydra` feature"),
            ImplKind::Official => Impl::Official(official::Official::new(base)),
            ImplKind::Full => Impl::Full(full::Full::new(base)),
            ImplKind::Minimal => Impl::Minimal(minimal::Minimal::new(base)),
            ImplKind::Floor => Impl::Floor(floor::Floor::new(base)),
            ImplKind::HyperFloor => Impl::HyperFloor(hyper_floor::HyperFloor::new(base)),
        }
    }

    pub async fn call(&self, op: Op) -> BenchResult {
        macro_rules! dispatch {
            ($x:expr) => {
                match op {
                    Op::Get => $x.get().await,
                    Op::List => $x.list().await,
                    Op::Create => $x.create().await,
                    Op::Accept => $x.accept().await,
                    Op::Introspect => $x.introspect().await,
                }
            };
        }
        match self {
            #[cfg(feature = "hydra")]
            Impl::Hydra(x) => dispatch!(x),
            #[cfg(feature = "hydra")]
            Impl::HydraOwn(x) => match op {
                Op::List => x.list_own().await,
                _ => Err(format!("(a′) has no {op:?}")),
            },
            Impl::Official(x) => dispatch!(x),
            Impl::Full(x) => dispatch!(x),
            Impl::Minimal(x) => dispatch!(x),
            Impl::Floor(x) => dispatch!(x),
            Impl::HyperFloor(x) => dispatch!(x),
        }
    }

    /// `n` sequential calls of `op`; panics on the first failed check.
    pub async fn run(&self, op: Op, n: usize) -> u64 {
        let mut acc = 0u64;
        for _ in 0..n {
            match self.call(op).await {
                Ok(x) => acc = acc.wrapping_add(std::hint::black_box(x)),
                Err(e) => panic!("{op:?} failed: {e}"),
            }
        }
        acc
    }
}

fn fail<T>(what: &str) -> Result<T, String> {
    Err(format!("check failed: {what}"))
}

pub fn check_get(client_id: Option<&str>, redirect_uris: Option<usize>) -> BenchResult {
    match (client_id, redirect_uris) {
        (Some(id), Some(3)) if id == fixtures::GET_ID => Ok(id.len() as u64 + 3),
        _ => fail("get_o_auth2_client: client_id / redirect_uris"),
    }
}

pub fn check_list(len: usize, first: Option<&str>, last: Option<&str>) -> BenchResult {
    if len != fixtures::PAGE {
        return fail("list: page length");
    }
    match (first, last) {
        (Some(f), Some(l)) if f == fixtures::list_item_id(0) && l == fixtures::list_item_id(fixtures::PAGE - 1) => {
            Ok(len as u64 + f.len() as u64)
        }
        _ => fail("list: first/last client_id"),
    }
}

pub fn check_create(client_id: Option<&str>, secret: Option<&str>) -> BenchResult {
    match (client_id, secret) {
        (Some(id), Some(s)) if id == fixtures::CREATED_ID && s == fixtures::CREATED_SECRET => {
            Ok((id.len() + s.len()) as u64)
        }
        _ => fail("create: client_id / client_secret"),
    }
}

pub fn check_accept(redirect_to: Option<&str>) -> BenchResult {
    match redirect_to {
        Some(r) if r.starts_with(fixtures::REDIRECT_PREFIX) => Ok(r.len() as u64),
        _ => fail("accept_login_request: redirect_to"),
    }
}

pub fn check_introspect(active: bool, sub: Option<&str>, client_id: Option<&str>) -> BenchResult {
    match (active, sub, client_id) {
        (true, Some(s), Some(c)) if s == fixtures::LOGIN_SUBJECT && c == fixtures::GET_ID => {
            Ok((s.len() + c.len()) as u64)
        }
        _ => fail("introspect: active / sub / client_id"),
    }
}
