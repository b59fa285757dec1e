//! hydra-bench: pits (a) ory-hydra-v1-client, (b) ory-hydra-client 1.11.8, (c) a
//! hand-written reqwest+serde client with complete structs and (d) the same with
//! minimal structs against each other on one workload, in one run, against a
//! canned-response HTTP server that this binary starts itself (in a separate
//! process: `hydra-bench --serve`).
//!
//! `cargo run --release --manifest-path benches/Cargo.toml -- --all`
//! runs everything (CPU/wall, callgrind cross-check, paging memory) and writes
//! BENCHMARKS.md at the repository root (including benches/results/compile-cost.md
//! if `benches/compile-cost.sh` has produced it) and benches/ratios.svg.

#[cfg(feature = "hydra")]
mod expand;
mod fixtures;
mod impls;
mod memory;
mod report;
mod server;

use impls::{Impl, ImplKind, Op};
use std::time::{Duration, Instant};

pub fn cpu_time() -> Duration {
    // user + sys of this (client) process. The canned server is another process.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    assert_eq!(rc, 0, "getrusage");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// Pins the calling thread (and the threads it starts later) to one CPU, when there are at least two:
/// the client on the last CPU, the canned server on CPU 0, so they do not migrate onto each other.
pub fn online_cpus() -> usize {
    // Not available_parallelism(): that follows this thread's affinity, which pin_to_cpu narrows.
    (unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) }).max(1) as usize
}

pub fn pin_to_cpu(which: Pin) {
    let n = online_cpus();
    if n < 2 || std::env::var_os("HYDRA_BENCH_NO_PIN").is_some() {
        return;
    }
    let cpu = match which {
        Pin::Server => 0,
        Pin::Client => n - 1,
    };
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[derive(Clone, Copy)]
pub enum Pin {
    Server,
    Client,
}

pub fn runtime() -> tokio::runtime::Runtime {
    // current-thread: every task of the client (hyper connection included) runs
    // on this thread, so nothing hides in other threads' CPU time either way.
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

#[derive(Clone, Debug)]
pub struct Config {
    pub rounds: usize,
    pub calls: usize,
    pub list_calls: usize,
    pub impls: Vec<ImplKind>,
    pub ops: Vec<Op>,
    pub cpu: bool,
    pub callgrind: bool,
    pub memory: bool,
    pub write: bool,
    pub cg_calls: usize,
    pub cg_list_calls: usize,
}

impl Config {
    fn calls_for(&self, op: Op) -> usize {
        if op == Op::List {
            self.list_calls
        } else {
            self.calls
        }
    }
}

/// Samples per implementation, then per operation.
pub type SamplesByImpl = Vec<(ImplKind, Vec<(Op, Vec<Sample>)>)>;

/// One measured batch: `n` calls of one op by one implementation.
#[derive(Clone, Debug)]
pub struct Sample {
    pub cpu_per_call: f64,  // seconds
    pub wall_per_call: f64, // seconds
}

pub struct CpuResults {
    /// samples[impl][op] over rounds
    pub samples: SamplesByImpl,
    pub calls: usize,
    pub list_calls: usize,
    pub rounds: usize,
}

fn run_cpu(cfg: &Config, base: &str) -> CpuResults {
    pin_to_cpu(Pin::Client);
    let rt = runtime();
    let impls: Vec<(ImplKind, Impl)> = cfg.impls.iter().map(|&k| (k, Impl::new(k, base))).collect();
    // Warm-up: open the keep-alive connections, fault in code and allocator arenas.
    for (k, imp) in &impls {
        for &op in cfg.ops.iter().filter(|&&op| k.runs(op)) {
            rt.block_on(imp.run(op, (cfg.calls_for(op) / 10).max(2)));
        }
    }
    let mut samples: SamplesByImpl = cfg
        .impls
        .iter()
        .map(|&k| (k, cfg.ops.iter().filter(|&&o| k.runs(o)).map(|&o| (o, Vec::new())).collect()))
        .collect();
    for round in 0..cfg.rounds {
        eprint!("\r  round {}/{}", round + 1, cfg.rounds);
        for &op in &cfg.ops {
            let n = cfg.calls_for(op);
            // Rotate the order of the implementations every round.
            for j in 0..impls.len() {
                let ii = (j + round) % impls.len();
                let (kind, imp) = (impls[ii].0, &impls[ii].1);
                if !kind.runs(op) {
                    continue;
                }
                let c0 = cpu_time();
                let w0 = Instant::now();
                let acc = rt.block_on(imp.run(op, n));
                let w = w0.elapsed();
                let c = cpu_time() - c0;
                std::hint::black_box(acc);
                let series = samples[ii].1.iter_mut().find(|(o, _)| *o == op).expect("a series per op it runs");
                series.1.push(Sample {
                    cpu_per_call: c.as_secs_f64() / n as f64,
                    wall_per_call: w.as_secs_f64() / n as f64,
                });
            }
        }
    }
    eprintln!();
    CpuResults { samples, calls: cfg.calls, list_calls: cfg.list_calls, rounds: cfg.rounds }
}

/// Instruction counts from callgrind: one valgrind run per (impl, op), collecting
/// only inside `cg_measured` (the warm-up calls are outside it).
pub struct CgResults {
    pub ir: Vec<(ImplKind, Op, f64)>, // instructions per call
    pub calls: usize,
    pub list_calls: usize,
}

#[inline(never)]
#[no_mangle]
pub fn cg_measured(rt: &tokio::runtime::Runtime, imp: &Impl, op: Op, n: usize) -> u64 {
    rt.block_on(imp.run(op, n))
}

fn cg_child(kind: &str, op: &str, n: usize, base: &str) {
    let kind = ImplKind::parse(kind).expect("impl");
    let op = Op::parse(op).expect("op");
    let rt = runtime();
    let imp = Impl::new(kind, base);
    rt.block_on(imp.run(op, 3));
    let acc = cg_measured(&rt, &imp, op, n);
    std::hint::black_box(acc);
}

fn run_callgrind(cfg: &Config, base: &str) -> Option<CgResults> {
    if std::process::Command::new("valgrind").arg("--version").output().is_err() {
        eprintln!("valgrind not found: skipping the callgrind cross-check");
        return None;
    }
    let exe = std::env::current_exe().unwrap();
    let dir = std::env::temp_dir().join(format!("hydra-bench-cg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut ir = Vec::new();
    for &op in &cfg.ops {
        let n = if op == Op::List { cfg.cg_list_calls } else { cfg.cg_calls };
        for &k in cfg.impls.iter().filter(|k| k.runs(op)) {
            eprint!("\r  callgrind {} {}            ", k.short(), op.short());
            let out = dir.join(format!("cg.{}.{}", k.short(), op.short()));
            let st = std::process::Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", out.display()))
                .arg("--toggle-collect=cg_measured")
                .arg(&exe)
                .args(["--cg-child", k.short(), op.short(), &n.to_string(), base])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("valgrind");
            assert!(st.success(), "callgrind run failed for {k:?} {op:?}");
            let text = std::fs::read_to_string(&out).unwrap();
            let total: f64 = text
                .lines()
                .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .expect("callgrind summary");
            ir.push((k, op, total / n as f64));
        }
    }
    eprintln!();
    // HYDRA_BENCH_KEEP_CG keeps the callgrind files for `callgrind_annotate` (finding where a change costs).
    if std::env::var_os("HYDRA_BENCH_KEEP_CG").is_some() {
        eprintln!("callgrind files kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Some(CgResults { ir, calls: cfg.cg_calls, list_calls: cfg.cg_list_calls })
}

fn usage() -> ! {
    eprintln!(
        "usage: hydra-bench [--all | --cpu | --callgrind | --memory]... [--quick] [--rounds N] [--calls N] \
         [--list-calls N] [--impls a,a2,b,c,d] [--ops get,list,create,accept,introspect] [--no-write]"
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--serve") => server::serve(),
        Some("--cg-child") => {
            let [_, k, op, n, base] = &args[..] else { usage() };
            return cg_child(k, op, n.parse().unwrap(), base);
        }
        #[cfg(feature = "hydra")]
        Some("--expand-time") => return expand::run(),
        Some("--mem-child") => {
            let [_, mode, base] = &args[..] else { usage() };
            return memory::child(mode, base);
        }
        _ => {}
    }

    let mut cfg = Config {
        rounds: 61,
        calls: 400,
        list_calls: 8,
        impls: ImplKind::all(),
        ops: Op::ALL.to_vec(),
        cpu: false,
        callgrind: false,
        memory: false,
        write: true,
        cg_calls: 200,
        cg_list_calls: 4,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--all" => {
                cfg.cpu = true;
                cfg.callgrind = true;
                cfg.memory = true;
            }
            "--cpu" => cfg.cpu = true,
            "--callgrind" => cfg.callgrind = true,
            "--memory" => cfg.memory = true,
            "--quick" => {
                cfg.rounds = 5;
                cfg.calls = 200;
                cfg.list_calls = 4;
                cfg.cg_calls = 50;
                cfg.cg_list_calls = 2;
            }
            "--rounds" => cfg.rounds = it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--calls" => cfg.calls = it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--list-calls" => cfg.list_calls = it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--impls" => {
                cfg.impls = it
                    .next()
                    .unwrap_or_else(|| usage())
                    .split(',')
                    .map(|s| ImplKind::parse(s).unwrap_or_else(|| usage()))
                    .collect()
            }
            "--ops" => {
                cfg.ops = it
                    .next()
                    .unwrap_or_else(|| usage())
                    .split(',')
                    .map(|s| Op::parse(s).unwrap_or_else(|| usage()))
                    .collect()
            }
            "--no-write" => cfg.write = false,
            _ => usage(),
        }
    }
    if !(cfg.cpu || cfg.callgrind || cfg.memory) {
        cfg.cpu = true;
        cfg.callgrind = true;
        cfg.memory = true;
    }
    if !cfg!(feature = "hydra") {
        eprintln!("NOTE: built without the `hydra` feature: (a) ory-hydra-v1-client is not measured");
    }

    let server = server::ServerProcess::spawn();
    eprintln!("canned server at {}", server.base_url);
    let load_before = report::loadavg();
    let t0 = Instant::now();

    let cpu = cfg.cpu.then(|| {
        eprintln!(
            "CPU/wall: {} rounds x {} calls ({} for list) per implementation and op",
            cfg.rounds, cfg.calls, cfg.list_calls
        );
        run_cpu(&cfg, &server.base_url)
    });
    let cg = if cfg.callgrind {
        eprintln!("callgrind: {} calls ({} for list) per implementation and op", cfg.cg_calls, cfg.cg_list_calls);
        run_callgrind(&cfg, &server.base_url)
    } else {
        None
    };
    let mem = cfg.memory.then(|| {
        eprintln!("paging memory");
        memory::run(&server.base_url)
    });
    let load_after = report::loadavg();
    let elapsed = t0.elapsed();
    drop(server);

    let md = report::render(&cfg, cpu.as_ref(), cg.as_ref(), mem.as_ref(), &args, load_before, load_after, elapsed);
    println!("{md}");
    if cfg.write {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        std::fs::write(root.join("BENCHMARKS.md"), &md).expect("write BENCHMARKS.md");
        if let Some(cpu) = &cpu {
            if let Some(svg) = report::svg(cpu, cg.as_ref()) {
                std::fs::write(root.join("benches/ratios.svg"), svg).expect("write ratios.svg");
            }
        }
        eprintln!("wrote {}", root.join("BENCHMARKS.md").display());
    }
}
