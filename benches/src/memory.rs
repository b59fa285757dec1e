//! Paging memory: peak RSS (VmHWM) of a fresh child process per measurement.
//! The parent spawns `hydra-bench --mem-child MODE BASE_URL` a few times per
//! mode and keeps the median.

use crate::fixtures::{list_item_id, PAGE, TOTAL};

pub struct MemRow {
    pub mode: &'static str,
    pub what: &'static str,
    pub items: usize,
    pub base_kb: u64,
    pub peak_kb: u64,
}

pub struct MemResults {
    pub rows: Vec<MemRow>,
    pub runs: usize,
}

fn vm_hwm_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

fn modes() -> Vec<(&'static str, &'static str)> {
    let mut v = Vec::new();
    if cfg!(feature = "hydra") {
        v.push(("a-page", "(a) ory-hydra-v1-client: fetch one page of 500"));
        v.push((
            "a-stream",
            "(a) ory-hydra-v1-client: stream all 10,000 (20 pages of 500), items dropped as they come",
        ));
        v.push(("a-collect", "(a) ory-hydra-v1-client: stream all 10,000 and collect them into a Vec (for scale)"));
    }
    v.push(("c-page", "(c) reqwest+serde full structs: fetch one page of 500"));
    v.push(("c-loop", "(c) reqwest+serde full structs: page through all 10,000 by offset, one page alive at a time"));
    v
}

pub fn run(base: &str) -> MemResults {
    let exe = std::env::current_exe().unwrap();
    let runs = 3;
    let mut rows = Vec::new();
    for (mode, what) in modes() {
        let mut got: Vec<(u64, u64, usize)> = (0..runs)
            .map(|_| {
                let out = std::process::Command::new(&exe).args(["--mem-child", mode, base]).output().expect("spawn");
                assert!(out.status.success(), "mem child {mode} failed: {}", String::from_utf8_lossy(&out.stderr));
                let s = String::from_utf8(out.stdout).unwrap();
                let f: Vec<&str> = s.split_whitespace().collect();
                // BASE <kb> PEAK <kb> ITEMS <n>
                (f[1].parse().unwrap(), f[3].parse().unwrap(), f[5].parse().unwrap())
            })
            .collect();
        got.sort_by_key(|g| g.1);
        let (base_kb, peak_kb, items) = got[runs / 2];
        rows.push(MemRow { mode, what, items, base_kb, peak_kb });
    }
    MemResults { rows, runs }
}

pub fn child(mode: &str, base: &str) {
    let rt = crate::runtime();
    let items = rt.block_on(async {
        match mode {
            #[cfg(feature = "hydra")]
            m if m.starts_with("a-") => crate::impls::hydra::memory(m, base, vm_hwm_kb).await,
            "c-page" | "c-loop" => {
                let api = crate::impls::full::Api::new(base);
                let base_kb = vm_hwm_kb();
                let mut n = 0usize;
                let mut offset = 0usize;
                loop {
                    let page = api.list_o_auth2_clients(PAGE as i64, offset as i64).await.expect("list");
                    for c in &page {
                        assert_eq!(c.client_id.as_deref(), Some(list_item_id(n).as_str()));
                        n += 1;
                    }
                    if mode == "c-page" || page.len() < PAGE {
                        break;
                    }
                    offset += PAGE;
                }
                (base_kb, n)
            }
            _ => panic!("unknown memory mode {mode}"),
        }
    });
    let (base_kb, n) = items;
    let expect = if mode.ends_with("page") { PAGE } else { TOTAL };
    assert_eq!(n, expect, "{mode}: item count");
    println!("BASE {base_kb} PEAK {} ITEMS {n}", vm_hwm_kb());
}
