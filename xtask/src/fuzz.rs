//! `cargo xtask fuzz [--seconds N] [--runs N] [TARGET...]`: builds the cargo-fuzz targets in `fuzz/` with the
//! nightly toolchain and runs each for a while, one after the other; any crash fails the task.
//!
//! What it needs is installed here, not by hand: cargo-fuzz (pinned) is installed once into
//! `~/.cache/hydra-client/cargo-fuzz`, and the fuzz crate builds into `~/.cache/hydra-client/fuzz-target`
//! (`HYDRA_FUZZ_TARGET_DIR` overrides it), both outside the checkout so CI keeps them between runs. Only
//! the nightly toolchain must already be there (rustup cannot fetch one on machines without the internet).
//!
//! Each run reads the committed seeds in `fuzz/corpus-seed/<target>/` and seeds generated here from the
//! tables (a sample body for every model, the tables themselves), with a dictionary of every JSON member
//! and enum value the tables declare. New inputs go to `fuzz/corpus/<target>/` (not committed).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _};
use ory_hydra_v1_codegen::ir::Type;
use ory_hydra_v1_codegen::Api;
use serde_json::{json, Value};

/// Every target in `fuzz/fuzz_targets/`, in the order they run.
pub const TARGETS: &[&str] =
    &["model_decode", "page_decode", "error_body", "link_header", "set_cookie", "transport_exchange", "table_loader"];

/// The cargo-fuzz release installed into the cache.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Command-line options of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How long each target runs, in seconds.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Stop a target after this many executions, if that comes before `--seconds` (libFuzzer's `-runs`).
    #[arg(long)]
    pub runs: Option<u64>,
    /// Targets to run (default: all of them).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    pub targets: Vec<String>,
    /// Only build the targets and write seeds and dictionaries.
    #[arg(long)]
    pub build_only: bool,
}

/// What one run reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Inputs executed.
    pub execs: u64,
    /// Coverage points (`cov:`) at the end.
    pub cov: u64,
    /// Features (`ft:`) at the end.
    pub ft: u64,
    /// Inputs in the corpus at the end.
    pub corpus: u64,
}

/// Builds, then runs every chosen target; fails on the first crash.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let fuzz_dir = root.join("fuzz");
    let target_dir = target_dir();
    let cargo_fuzz = install_cargo_fuzz()?;
    let api = crate::load_tables(&root)?;
    let work = target_dir.join("inputs");
    write_inputs(&root, &api, &work)?;

    println!("== building the fuzz targets (nightly, into {})", target_dir.display());
    let status = fuzz_command(&cargo_fuzz, &fuzz_dir, &target_dir).args(["build", "-s", "none"]).status()?;
    if !status.success() {
        bail!("building the fuzz targets failed");
    }
    if args.build_only {
        return Ok(ExitCode::SUCCESS);
    }
    let targets: Vec<&str> =
        if args.targets.is_empty() { TARGETS.to_vec() } else { args.targets.iter().map(String::as_str).collect() };
    let mut summary = String::from("target               seconds       execs    cov     ft  corpus\n");
    for target in targets {
        println!("== fuzzing {target} for {} s", args.seconds);
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).with_context(|| format!("cannot create {}", corpus.display()))?;
        let mut cmd = fuzz_command(&cargo_fuzz, &fuzz_dir, &target_dir);
        cmd.args(["run", "-s", "none", target]).arg(&corpus);
        cmd.arg(work.join("seeds").join(target));
        cmd.arg("--")
            .arg(format!("-max_total_time={}", args.seconds))
            .arg(format!("-runs={}", args.runs.map_or(-1, |runs| i64::try_from(runs).unwrap_or(i64::MAX))))
            .arg(format!("-dict={}", work.join(format!("{}.dict", dictionary_of(target))).display()))
            .arg(format!("-max_len={}", max_len_of(target)))
            .args(["-timeout=20", "-rss_limit_mb=2048", "-print_final_stats=1"]);
        let started = Instant::now();
        let (ok, log) = run_logged(cmd)?;
        let stats = parse_stats(&log);
        let _ = writeln!(
            summary,
            "{target:<20} {:>7} {:>11} {:>6} {:>6} {:>7}",
            started.elapsed().as_secs(),
            stats.execs,
            stats.cov,
            stats.ft,
            stats.corpus
        );
        if !ok {
            print!("{summary}");
            bail!("{target} failed: see the crash above and the input under fuzz/artifacts/{target}/");
        }
    }
    print!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// Where the fuzz crate builds, outside the checkout.
fn target_dir() -> PathBuf {
    std::env::var_os("HYDRA_FUZZ_TARGET_DIR").map_or_else(|| cache_dir().join("fuzz-target"), PathBuf::from)
}

fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from(".cache"));
    base.join("hydra-client")
}

/// The cached cargo-fuzz binary, installed with `cargo install --locked` on first use.
fn install_cargo_fuzz() -> anyhow::Result<PathBuf> {
    let nightly = Command::new("rustup").args(["run", "nightly", "rustc", "--version"]).output();
    if !nightly.is_ok_and(|o| o.status.success()) {
        bail!("fuzzing needs the nightly toolchain (`rustup toolchain install nightly`)");
    }
    let root = cache_dir().join("cargo-fuzz");
    let bin = root.join("bin").join("cargo-fuzz");
    if bin.is_file() {
        return Ok(bin);
    }
    println!("== installing cargo-fuzz {CARGO_FUZZ_VERSION} into {}", root.display());
    let status = crate::server::cargo()
        .args(["install", "cargo-fuzz", "--locked", "--version", CARGO_FUZZ_VERSION, "--root"])
        .arg(&root)
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .context("cannot run cargo install")?;
    if !status.success() || !bin.is_file() {
        bail!("installing cargo-fuzz failed");
    }
    Ok(bin)
}

fn fuzz_command(cargo_fuzz: &Path, fuzz_dir: &Path, target_dir: &Path) -> Command {
    let mut cmd = Command::new(cargo_fuzz);
    // Invoked directly, a cargo subcommand takes its own name as the first argument.
    cmd.arg("fuzz").current_dir(fuzz_dir).env("RUSTUP_TOOLCHAIN", "nightly").env("CARGO_TARGET_DIR", target_dir);
    // The xtask's own cargo (stable) must not be the one cargo-fuzz calls.
    cmd.env_remove("CARGO").env_remove("RUSTC").env_remove("RUSTDOC");
    cmd
}

/// Runs `cmd`, echoing its error output, which is where libFuzzer reports; returns success and the log.
fn run_logged(mut cmd: Command) -> anyhow::Result<(bool, String)> {
    use std::io::{BufRead as _, BufReader};
    let mut child = cmd.stderr(Stdio::piped()).spawn().context("cannot run cargo-fuzz")?;
    let mut log = String::new();
    if let Some(err) = child.stderr.take() {
        for line in BufReader::new(err).lines() {
            let line = line.unwrap_or_default();
            eprintln!("{line}");
            log.push_str(&line);
            log.push('\n');
        }
    }
    Ok((child.wait()?.success(), log))
}

/// Reads libFuzzer's final statistics and its last status line.
pub fn parse_stats(log: &str) -> Stats {
    let mut s = Stats::default();
    let number = |text: &str, key: &str| -> Option<u64> {
        let at = text.find(key)? + key.len();
        text[at..].split_whitespace().next()?.trim_end_matches(['k', 'M', 'b']).parse().ok()
    };
    for line in log.lines() {
        if let Some(n) = number(line, "stat::number_of_executed_units:") {
            s.execs = n;
        }
        if line.starts_with('#') {
            s.cov = number(line, "cov: ").unwrap_or(s.cov);
            s.ft = number(line, "ft: ").unwrap_or(s.ft);
            s.corpus =
                line.find("corp: ").and_then(|at| line[at + 6..].split('/').next()?.parse().ok()).unwrap_or(s.corpus);
        }
    }
    s
}

/// The longest input a target is given. Tables are generated and parsed again whole for every input,
/// so long ones are slow without reaching more code; a short table covers as many grammar rules.
fn max_len_of(target: &str) -> usize {
    match target {
        "table_loader" => 4096,
        // Several `Set-Cookie` lines; Hydra's are under 200 bytes each.
        "set_cookie" => 2048,
        _ => 16384,
    }
}

/// Which dictionary a target reads.
fn dictionary_of(target: &str) -> &'static str {
    match target {
        "link_header" => "link",
        "table_loader" => "table",
        "set_cookie" => "cookie",
        _ => "json",
    }
}

/// Writes the dictionaries and the seeds under `work`: the committed seeds of `fuzz/corpus-seed/` put into
/// each target's input format (a type byte before a model's body, a mode byte before a raw body...), a
/// sample body for every model of the tables, and the tables themselves.
pub fn write_inputs(root: &Path, api: &Api, work: &Path) -> anyhow::Result<()> {
    let _ = std::fs::remove_dir_all(work.join("seeds"));
    write(&work.join("json.dict"), json_dictionary(api).as_bytes())?;
    write(&work.join("link.dict"), LINK_DICTIONARY.as_bytes())?;
    write(&work.join("table.dict"), TABLE_DICTIONARY.as_bytes())?;
    write(&work.join("cookie.dict"), COOKIE_DICTIONARY.as_bytes())?;
    let types: Vec<&str> =
        api.models.iter().map(|m| m.name.as_str()).chain(api.enums.iter().map(|e| e.name.as_str())).collect();
    // The first byte picks the type, in the order the fuzz crate's build.rs lists them.
    let type_byte = |name: &str| types.iter().position(|t| *t == name).and_then(|i| u8::try_from(i).ok());
    for (i, body) in model_seeds(api).iter().enumerate() {
        write(
            &work.join(format!("seeds/model_decode/{i:03}.json")),
            &prefixed(&[type_byte(types[i]).unwrap_or(0)], body.as_bytes()),
        )?;
    }
    let committed = root.join("fuzz/corpus-seed");
    for target in TARGETS {
        for (sub, name, bytes) in seed_files(&committed.join(target))? {
            let out = work.join("seeds").join(target);
            let inputs: Vec<Vec<u8>> = match *target {
                // Seeds of typed targets sit in a directory named after the type.
                "model_decode" => type_byte(&sub).map(|t| prefixed(&[t], &bytes)).into_iter().collect(),
                "page_decode" => type_byte(&sub).map(|t| prefixed(&[t, 0], &bytes)).into_iter().collect(),
                // The first byte of these picks raw mode (and the error's status).
                "error_body" | "link_header" => vec![prefixed(&[0x10], &bytes)],
                // One input per operation, each in raw mode.
                "transport_exchange" => (0..7).map(|op| prefixed(&[op, 0], &bytes)).collect(),
                _ => vec![bytes],
            };
            for (k, input) in inputs.iter().enumerate() {
                write(&out.join(format!("{sub}{name}-{k}")), input)?;
            }
        }
    }
    for table in crate::TABLES {
        let path = root.join(crate::table_path_from_root(table));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        write(&work.join("seeds/table_loader").join(name), crate::read_text(&path)?.as_bytes())?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

fn prefixed(prefix: &[u8], bytes: &[u8]) -> Vec<u8> {
    let mut out = prefix.to_vec();
    out.extend_from_slice(bytes);
    out
}

/// The files of a seed directory, one level of subdirectories deep: (subdirectory, file name, content).
fn seed_files(dir: &Path) -> anyhow::Result<Vec<(String, String, Vec<u8>)>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(out) };
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            for (_, file, bytes) in seed_files(&path)? {
                out.push((name.clone(), file, bytes));
            }
        } else {
            out.push((
                String::new(),
                name,
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
            ));
        }
    }
    out.sort();
    Ok(out)
}

/// A JSON body for each model (every field set, nested models one level deep) and enum, in build.rs order.
pub fn model_seeds(api: &Api) -> Vec<String> {
    let models = api.models.iter().map(|m| sample_model(api, &m.name, 2).to_string());
    let enums = api.enums.iter().map(|e| json!(e.values.first().map_or("", |v| v.json.as_str())).to_string());
    models.chain(enums).collect()
}

fn sample_model(api: &Api, name: &str, depth: u32) -> Value {
    let Some(model) = api.model(name) else { return json!({}) };
    if depth == 0 {
        return json!({});
    }
    let members = model.fields.iter().map(|f| (f.json_name.clone(), sample(api, &f.ty, depth - 1)));
    Value::Object(members.collect())
}

fn sample(api: &Api, ty: &Type, depth: u32) -> Value {
    match ty {
        Type::String => json!("text"),
        Type::Bool => json!(true),
        Type::I64 => json!(42),
        Type::F64 => json!(1.5),
        Type::DateTime => json!("2021-03-04T05:06:07.123Z"),
        Type::Duration => json!("1h30m0s"),
        Type::Object => json!({"a": [1, {"b": null}]}),
        Type::Json => json!([1, "two", {"three": 3.0}]),
        Type::Array(inner) => json!([sample(api, inner, depth)]),
        Type::Model(name) => sample_model(api, name, depth),
        Type::Enum(name) => {
            let value = api.enumeration(name).and_then(|e| e.values.first()).map_or("", |v| v.json.as_str());
            json!(value)
        }
    }
}

/// Every member name and enum value of the tables, quoted as in JSON, plus JSON's own tokens.
pub fn json_dictionary(api: &Api) -> String {
    let mut words: Vec<String> = Vec::new();
    for m in &api.models {
        words.extend(m.fields.iter().map(|f| format!("\"{}\":", f.json_name)));
    }
    for e in &api.enums {
        words.extend(e.values.iter().map(|v| format!("\"{}\"", v.json)));
    }
    words.extend(
        ["{", "}", "[", "]", ":", ",", "null", "true", "false", "-0", "1e309", "9223372036854775808", "\"\\u0000\""]
            .map(String::from),
    );
    words.extend(
        ["\"error\":", "\"error_description\":", "\"redirect_to\":", "\"2021-13-01T00:00:00Z\""].map(String::from),
    );
    words.sort();
    words.dedup();
    words.iter().map(|w| format!("{}\n", dict_entry(w))).collect()
}

/// A libFuzzer dictionary line: the word in double quotes, with `\` and `"` escaped.
fn dict_entry(word: &str) -> String {
    let mut out = String::from("\"");
    for b in word.bytes() {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
    }
    out.push('"');
    out
}

const LINK_DICTIONARY: &str = r#""<"
">"
";"
","
"rel="
"rel=\"next\""
"rel=\"prev\""
"rel=\"first\""
"rel=\"last\""
"title*=UTF-8''"
"?limit="
"&offset="
"\\\""
"</clients?limit=100&offset=100>"
"#;

/// `Set-Cookie` syntax and the attributes the jar reads or skips.
const COOKIE_DICTIONARY: &str = r#""="
"; "
"Max-Age="
"max-age="
"Expires="
"Path=/"
"Domain="
"HttpOnly"
"Secure"
"SameSite=Lax"
"Thu, 01 Jan 1970 00:00:00 GMT"
"Fri, 01 Jan 2100 00:00:00 GMT"
"Sunday, 06-Nov-94 08:49:37 GMT"
"Sun Nov  6 08:49:37 1994"
"\""
"-"
"\x0a"
"oauth2_authentication_csrf"
"oauth2_consent_csrf"
"oauth2_authentication_session"
"#;

const TABLE_DICTIONARY: &str = r##""model "
"enum "
"  field "
"  value "
"?: "
": "
"/// "
"GET "
"POST "
"PUT "
"PATCH "
"DELETE "
" -> "
"page<"
"()"
"text"
"[string]"
"string"
"bool"
"i64"
"f64"
"datetime"
"object"
"json"
"path "
"query "
"body "
"form "
"secret"
"{id}"
"@"
"# "
"\x00"
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statistics_are_read() {
        let log = "#1048576\tpulse  cov: 10 ft: 20 corp: 3/4b exec/s: 1 rss: 2Mb\n\
                   #2000000\tDONE   cov: 1234 ft: 5678 corp: 321/45Kb lim: 4096 exec/s: 9 rss: 70Mb\n\
                   stat::number_of_executed_units: 2000123\nstat::peak_rss_mb: 70\n";
        assert_eq!(parse_stats(log), Stats { execs: 2_000_123, cov: 1234, ft: 5678, corpus: 321 });
    }

    #[test]
    fn dictionary_lines_are_quoted_and_escaped() {
        assert_eq!(dict_entry("\"a\\b\":"), r#""\"a\\b\":""#);
        assert_eq!(dict_entry("é"), r#""\xC3\xA9""#);
    }

    #[test]
    fn every_model_has_a_seed_that_names_each_member_and_the_dictionary_has_them() {
        let api = crate::load_tables(&crate::workspace_root()).unwrap();
        let seeds = model_seeds(&api);
        assert_eq!(seeds.len(), api.models.len() + api.enums.len());
        let dict = json_dictionary(&api);
        for (model, seed) in api.models.iter().zip(&seeds) {
            let value: Value = serde_json::from_str(seed).unwrap();
            for f in &model.fields {
                assert!(value.get(&f.json_name).is_some(), "{} seed lacks {}", model.name, f.json_name);
                assert!(dict.contains(&dict_entry(&format!("\"{}\":", f.json_name))), "{}", f.json_name);
            }
        }
    }

    #[test]
    fn committed_seeds_are_put_into_each_target_format() {
        let root = crate::workspace_root();
        let api = crate::load_tables(&root).unwrap();
        let work = std::env::temp_dir().join(format!("hydra-fuzz-inputs-{}", std::process::id()));
        write_inputs(&root, &api, &work).unwrap();
        let client = api.models.iter().position(|m| m.name == "OAuth2Client").unwrap() as u8;
        let seed = std::fs::read(work.join("seeds/model_decode/OAuth2Clientmetadata.json-0")).unwrap();
        assert_eq!(seed[0], client);
        assert!(seed[1..].starts_with(b"{\"client_id\""));
        let page = std::fs::read(work.join("seeds/page_decode/OAuth2Clienthydra_v1.txt-0")).unwrap();
        assert_eq!(&page[..2], &[client, 0]);
        assert_eq!(std::fs::read_dir(work.join("seeds/transport_exchange")).unwrap().count() % 7, 0);
        assert!(std::fs::read_to_string(work.join("json.dict")).unwrap().contains(r#""\"client_id\":""#));
        // Plain-format targets take the committed seeds as they are.
        let cookies = std::fs::read_to_string(work.join("seeds/set_cookie/rules.txt-0")).unwrap();
        assert!(cookies.starts_with("a=1; Expires="), "{cookies}");
        assert!(std::fs::read_to_string(work.join("cookie.dict")).unwrap().contains("\"Max-Age=\""));
        std::fs::remove_dir_all(&work).unwrap();
    }

    #[test]
    fn every_target_has_a_source_file() {
        let dir = crate::workspace_root().join("fuzz/fuzz_targets");
        for t in TARGETS {
            assert!(dir.join(format!("{t}.rs")).is_file(), "{t}");
        }
    }
}
