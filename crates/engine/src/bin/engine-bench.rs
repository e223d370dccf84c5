//! Engine benchmark (run in release):
//!
//! ```text
//! cargo build --release -p huiqi-engine -p huiqi-cli --bins
//! target/release/engine-bench [path/to/huiqi]
//! ```
//!
//! 1. median time to assess one firm against the whole built-in catalogue (goal < 1 ms), for
//!    each example firm in docs/examples/ and an empty firm; the lean assessment of batch
//!    (no explanation) is shown beside it;
//! 2. `huiqi batch` over 10,000 generated firms (a CSV in a temp dir), end to end, timed
//!    (goal < 2 s), with the child's peak RSS (VmHWM, sampled from /proc) — or run the same
//!    command under `/usr/bin/time -v` for the kernel's figure.

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::{AssessOptions, Assessment, Facts, FirmFile, assess_with};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
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

/// Median time of `assess_with(options)` over `runs` runs, with the last assessment.
fn median_assess(
    cat: &Catalogue,
    facts: &Facts,
    as_of: NaiveDate,
    options: AssessOptions,
) -> (Duration, Assessment) {
    let runs = 201;
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let a = assess_with(cat, facts, as_of, None, options);
        times.push(t.elapsed());
        last = Some(std::hint::black_box(a));
    }
    (median(times), last.unwrap())
}

/// The goal is for the full assessment (with its explanation, as the app shows it); the lean
/// one (decision only, as `huiqi batch` uses it) is shown for comparison.
fn time_assess(cat: &Catalogue, name: &str, facts: &Facts, as_of: NaiveDate) {
    let (med, a) = median_assess(cat, facts, as_of, AssessOptions::FULL);
    let (lean, _) = median_assess(cat, facts, as_of, AssessOptions::LEAN);
    let verdict = if med < Duration::from_millis(1) {
        "ok"
    } else {
        "SLOW"
    };
    println!(
        "  {name:<24} median {:>7} µs  (lean {:>5} µs)  ({} eligible of {})  [{verdict}]",
        med.as_micros(),
        lean.as_micros(),
        a.totals.eligible,
        cat.measures().len()
    );
}

fn main() {
    let t = Instant::now();
    let cat = Catalogue::builtin().expect("built-in catalogue");
    println!(
        "catalogue: {} documents, {} measures, loaded in {} ms",
        cat.documents.len(),
        cat.measures().len(),
        t.elapsed().as_millis()
    );

    println!("\n1. assess one firm against the whole catalogue (median of 201 runs; goal < 1 ms)");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    time_assess(&cat, "(empty firm)", &Facts::default(), as_of);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&examples)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
    {
        let text = std::fs::read_to_string(f).unwrap();
        let as_of = text
            .lines()
            .find_map(|l| l.strip_prefix("# as_of: "))
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .unwrap_or(as_of);
        let facts = FirmFile::parse(&text)
            .and_then(|ff| ff.facts(&cat, Some(as_of)))
            .expect("example firm file");
        time_assess(
            &cat,
            &f.file_stem().unwrap().to_string_lossy(),
            &facts,
            as_of,
        );
    }

    println!("\n2. huiqi batch over 10,000 generated firms (goal < 2 s)");
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
    let dir = std::env::temp_dir().join(format!("huiqi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("firms.csv");
    let out = dir.join("out.csv");
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
    for n in 0..10_000 {
        let rev = rng.next() % 500_000;
        let prev = rng.next() % 500_000;
        text.push_str(&format!(
            "企业{n:05},{},{},{},{},{rev}万元,{prev}万元,{},{},{},{},{}\n",
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
    std::fs::write(&csv, text).unwrap();
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let mut child = Command::new(&huiqi)
            .args(["batch", "--as-of", "2026-11-30", "--firms"])
            .arg(&csv)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("huiqi runs");
        let pid = child.id().to_string();
        let status = loop {
            if let Some(h) = vm_hwm_kib(&pid) {
                peak = peak.max(h);
            }
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        times.push(t.elapsed());
        assert!(status.success(), "batch failed: {status}");
    }
    let rows = std::fs::read_to_string(&out)
        .map(|s| s.lines().count() - 1)
        .unwrap_or(0);
    let med = median(times);
    let verdict = if med < Duration::from_secs(2) {
        "ok"
    } else {
        "SLOW"
    };
    println!(
        "  10,000 firms → {rows} rows: median of 3 runs {} ms  [{verdict}]",
        med.as_millis()
    );
    println!("  peak RSS of huiqi batch (VmHWM, sampled): {} KiB", peak);
    println!(
        "  peak RSS of this bench process: {} KiB",
        vm_hwm_kib("self").unwrap_or(0)
    );
    std::fs::remove_dir_all(&dir).ok();
}
