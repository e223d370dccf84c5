//! Engine benchmark (run in release):
//!
//! ```text
//! cargo build --release -p huiqi-engine -p huiqi-cli --bins
//! target/release/engine-bench [path/to/huiqi]
//! ```
//!
//! Prints each measurement beside its target from issue 18 ("Fast by construction"); the
//! targets are printed, not asserted:
//!
//! `engine-bench --in-process` stops after the first part; `engine-bench --loop full|lean [N [NAME]]`
//! only assesses the example firms (or the one named) N times each (2,000 unless given), for a
//! profiler.
//!
//! 1. one firm against the whole built-in catalogue in-process, full (with the explanation,
//!    as the app shows it) and lean (`assess_lean`: the decisions only, as `huiqi batch` uses
//!    them): the median of 201 runs for each example firm in docs/examples/, and the median
//!    over the examples;
//! 2. one `huiqi assess --json` process, start to exit (median of 21 runs);
//! 3. `huiqi batch` over 10,000 and 100,000 generated firms (a CSV in a temp dir), end to end,
//!    with the child's CPU time and peak RSS (both sampled from /proc); with and without
//!    `--skip-out-of-scope`. The 100,000-firm runs write to /dev/null (the full CSV is ~3 GB).
//!    On a machine shared with other builds the wall time mostly measures them: read the CPU
//!    time beside it.

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::{AssessOptions, Facts, FirmFile, assess_lean, assess_with};

const FULL: AssessOptions = AssessOptions::FULL;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator of the programs that ship (huiqi, the desktop app), so that the figures
/// are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// CPU time (user + system) a process has used so far, from /proc/PID/stat (fields 14 and
/// 15, in clock ticks of 1/100 s: USER_HZ is 100 on Linux). On a busy machine the wall time
/// mostly measures the other processes; this does not.
fn cpu_time(pid: &str) -> Option<Duration> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &s[s.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn vm_hwm_kib(pid: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A deterministic pseudo-random stream (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// The median of `runs` timed runs of `f`, and its last result.
fn median_of<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let runs = 201;
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let a = f();
        times.push(t.elapsed());
        last = Some(std::hint::black_box(a));
    }
    (median(times), last.expect("runs > 0"))
}

/// Full (`assess_with`, explained, as the app shows a firm) and lean (`assess_lean`, as
/// `huiqi batch` and the firm list use it) medians for one firm, printed on one line.
fn time_assess(
    cat: &Catalogue,
    name: &str,
    facts: &Facts,
    as_of: NaiveDate,
) -> (Duration, Duration) {
    let (full, a) = median_of(|| assess_with(cat, facts, as_of, None, AssessOptions::FULL));
    let (lean, l) = median_of(|| assess_lean(cat, facts, as_of));
    assert_eq!(a.totals, l.totals, "{name}: lean and full totals agree");
    println!(
        "  {name:<24} full {:>6} µs   lean {:>5} µs   ({} eligible of {})",
        full.as_micros(),
        lean.as_micros(),
        a.totals.eligible,
        cat.measures().len()
    );
    (full, lean)
}

/// `--loop full|lean`: whether the loop is of lean assessments.
fn loop_lean(args: &[String]) -> Option<bool> {
    match (
        args.get(1).map(String::as_str),
        args.get(2).map(String::as_str),
    ) {
        (Some("--loop"), Some("full")) => Some(false),
        (Some("--loop"), Some("lean")) => Some(true),
        _ => None,
    }
}

/// `measured (target …)` and whether it is met.
fn against(measured: String, met: bool, target: &str) -> String {
    let verdict = if met { "met" } else { "NOT MET" };
    format!("{measured}   target {target}   [{verdict}]")
}

fn main() {
    // `engine-bench --firms N`: print the generated firm list only (for
    // scripts/record-outputs.sh, so that there is one generator).
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--firms") {
        let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3000);
        print!("{}", generated_firms(n));
        return;
    }
    let t = Instant::now();
    let cat = Catalogue::builtin().expect("built-in catalogue");
    let compiled = t.elapsed();
    let t = Instant::now();
    Catalogue::builtin_loaded().expect("built-in files through the loader");
    let loaded = t.elapsed();
    println!(
        "catalogue: {} documents, {} measures; read from its compiled form in {} µs \
         (parsed and checked by the loader, as before it was compiled: {} µs)",
        cat.documents.len(),
        cat.measures().len(),
        compiled.as_micros(),
        loaded.as_micros()
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let examples = example_firms(&cat, as_of);
    if let Some(lean) = loop_lean(&args) {
        // `--loop full|lean N`: assess the examples N times each, for a profiler.
        let times = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(2000);
        for _ in 0..times {
            for e in examples
                .iter()
                .filter(|e| args.get(4).is_none_or(|n| *n == e.name))
            {
                if lean {
                    std::hint::black_box(assess_lean(&cat, &e.facts, e.as_of));
                } else {
                    std::hint::black_box(assess_with(&cat, &e.facts, e.as_of, None, FULL));
                }
            }
        }
        return;
    }

    println!("\n1. one firm × whole catalogue, in-process (median of 201 runs each)");
    time_assess(&cat, "(empty firm)", &Facts::default(), as_of);
    let (full, lean): (Vec<_>, Vec<_>) = examples
        .iter()
        .map(|e| time_assess(&cat, &e.name, &e.facts, e.as_of))
        .unzip();
    let (full, lean) = (median(full), median(lean));
    let micros = |d: Duration| format!("{} µs", d.as_micros());
    println!(
        "  median over the examples: full {}",
        against(micros(full), full <= Duration::from_micros(100), "≤ 100 µs")
    );
    println!(
        "  median over the examples: lean {}",
        against(micros(lean), lean <= Duration::from_micros(20), "≤ 20 µs")
    );
    if args.get(1).map(String::as_str) == Some("--in-process") {
        return;
    }

    let huiqi = huiqi_binary();
    println!("\n2. one `huiqi assess --json` process (median of 21 runs)");
    let (as_of_text, file) = (examples[0].as_of.to_string(), &examples[0].file);
    let times: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            let o = Command::new(&huiqi)
                .args(["assess", "--json", "--as-of", &as_of_text, "--firm"])
                .arg(file)
                .output()
                .expect("huiqi runs");
            assert!(o.status.success(), "assess failed");
            t.elapsed()
        })
        .collect();
    let med = median(times);
    println!(
        "  {}",
        against(
            format!("{} ms", med.as_millis()),
            med <= Duration::from_millis(15),
            "≤ 15 ms"
        )
    );

    println!("\n3. huiqi batch over generated firms (CSV in, CSV out)");
    let dir = std::env::temp_dir().join(format!("huiqi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (firms, runs, target) in [
        (10_000, 3, (Duration::from_millis(800), None)),
        (100_000, 1, (Duration::from_secs(8), Some(64 * 1024))),
    ] {
        let csv = dir.join(format!("firms-{firms}.csv"));
        std::fs::write(&csv, generated_firms(firms)).unwrap();
        let out = if firms > 10_000 {
            PathBuf::from("/dev/null")
        } else {
            dir.join("out.csv")
        };
        for skip in [false, true] {
            let label = format!(
                "{firms} firms{}",
                if skip { ", --skip-out-of-scope" } else { "" }
            );
            let Some(BatchRun {
                wall: med,
                cpu,
                peak_kib: peak,
            }) = time_batch(&huiqi, &csv, &out, skip, runs)
            else {
                println!("  {label}: not supported by this huiqi");
                continue;
            };
            let rows = if out.starts_with(&dir) {
                let n = std::fs::read_to_string(&out).map_or(0, |s| s.lines().count() - 1);
                format!(" → {n} rows")
            } else {
                String::new()
            };
            let wall = against(
                format!("{} ms", med.as_millis()),
                med <= target.0,
                &format!("≤ {} ms", target.0.as_millis()),
            );
            println!("  {label}{rows}: wall (median of {runs}) {wall}");
            println!("      CPU time (user + system) {} ms", cpu.as_millis());
            let peak_text = format!("{} MiB", peak / 1024);
            match target.1 {
                Some(max) => println!(
                    "      peak RSS {}",
                    against(peak_text, peak <= max, &format!("≤ {} MiB", max / 1024))
                ),
                None => println!("      peak RSS {peak_text}"),
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

struct Example {
    name: String,
    facts: Facts,
    as_of: NaiveDate,
    file: PathBuf,
}

/// The example firms of docs/examples/, each with its own assessment date.
fn example_firms(cat: &Catalogue, default: NaiveDate) -> Vec<Example> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let as_of = text
                .lines()
                .find_map(|l| l.strip_prefix("# as_of: "))
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                .unwrap_or(default);
            let facts = FirmFile::parse(&text)
                .and_then(|ff| ff.facts(cat, Some(as_of)))
                .expect("example firm file");
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            Example {
                name,
                facts,
                as_of,
                file: f,
            }
        })
        .collect()
}

fn huiqi_binary() -> PathBuf {
    let huiqi = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::current_exe()
                .unwrap()
                .parent()
                .unwrap()
                .join("huiqi")
        });
    if !huiqi.exists() {
        eprintln!(
            "  {} not found: build it with `cargo build --release -p huiqi-cli` or pass its path",
            huiqi.display()
        );
        std::process::exit(2);
    }
    huiqi
}

/// A CSV of `n` firms with realistic answers, the same for the same `n` on every run.
fn generated_firms(n: usize) -> String {
    let regions = [
        "370103", "370112", "370102", "370211", "370202", "110108", "120110", "130902", "420202",
        "130100", "370700",
    ];
    let industries = ["C34", "C26", "C39", "I65", "G54", "C", "R88", "C13"];
    let yes_no = ["是", "否", "不清楚"];
    let levels = ["none", "city", "province", "little_giant"];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut text = String::from(
        "name,firm.region,firm.industry,firm.is_industrial,firm.above_scale,firm.revenue_last_year,firm.revenue_prev_year,firm.employees,firm.high_tech,firm.specialized_sme,firm.tax_local,firm.good_credit\n",
    );
    for n in 0..n {
        let rev = rng.next() % 500_000;
        let prev = rng.next() % 500_000;
        text.push_str(&format!(
            "企业{n:06},{},{},{},{},{rev}万元,{prev}万元,{},{},{},{},{}\n",
            rng.pick(&regions),
            rng.pick(&industries),
            rng.pick(&yes_no),
            rng.pick(&yes_no),
            rng.next() % 5000,
            rng.pick(&yes_no),
            rng.pick(&levels),
            rng.pick(&yes_no),
            rng.pick(&yes_no),
        ));
    }
    text
}

/// What runs of `huiqi batch` took: median wall time, median CPU time, highest peak RSS.
struct BatchRun {
    wall: Duration,
    cpu: Duration,
    peak_kib: u64,
}

/// `runs` runs of `huiqi batch`; nothing when huiqi refuses the arguments (an older huiqi
/// without the option).
fn time_batch(
    huiqi: &Path,
    csv: &Path,
    out: &Path,
    skip_out_of_scope: bool,
    runs: usize,
) -> Option<BatchRun> {
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let mut cmd = Command::new(huiqi);
        cmd.args(["batch", "--as-of", "2026-11-30", "--firms"])
            .arg(csv)
            .arg("--out")
            .arg(out)
            .stderr(std::process::Stdio::null());
        if skip_out_of_scope {
            cmd.arg("--skip-out-of-scope");
        }
        let mut child = cmd.spawn().expect("huiqi runs");
        let pid = child.id().to_string();
        let mut cpu = Duration::ZERO;
        let status = loop {
            if let Some(h) = vm_hwm_kib(&pid) {
                peak = peak.max(h);
            }
            // The last sample before exit misses at most the final 2 ms.
            cpu = cpu_time(&pid).unwrap_or(cpu);
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        times.push(t.elapsed());
        cpu_times.push(cpu);
        if status.code() == Some(2) {
            return None;
        }
        assert!(status.success(), "batch failed: {status}");
    }
    Some(BatchRun {
        wall: median(times),
        cpu: median(cpu_times),
        peak_kib: peak,
    })
}
