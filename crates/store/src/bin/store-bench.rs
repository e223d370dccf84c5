//! Benchmark (not a test): durable answer save latency and opening a big
//! store. Run: `cargo run --release -p huiqi-store --bin store-bench`.
//! Goals: p99 save < 10 ms; open with 1,000 firms x 200 answers < 200 ms.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use huiqi_store::{AnswerKey, AnswerSource, BackupPolicy, NewFirm, OpenOptions, Store};

/// Nearest-rank percentile, `per_mille` of 1000 (integers: the workspace
/// lints against float arithmetic).
fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    sorted[(sorted.len() - 1) * per_mille / 1000]
}

fn ms(d: Duration) -> String {
    let us = d.as_micros();
    format!("{}.{:03} ms", us / 1000, us % 1000)
}

fn no_auto_backup() -> OpenOptions {
    OpenOptions {
        backup: BackupPolicy {
            keep: 5,
            max_age_secs: None,
        },
        ..OpenOptions::default()
    }
}

fn main() {
    let dir = std::env::var_os("STORE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("huiqi-bench-{}", std::process::id()))
        });
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");

    // 1. Durable save latency.
    let path = dir.join("latency.db");
    let mut store = Store::open_with(&path, no_auto_backup()).expect("open");
    let firm = store
        .create_firm(&NewFirm {
            name: "基准测试企业".into(),
            ..NewFirm::default()
        })
        .expect("firm");
    let n = 2000;
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let key = AnswerKey::firm(format!("fact-{}", i % 200));
        let v = format!("{}.{:02}", i * 37, i % 100);
        let t = Instant::now();
        store
            .set_answer(firm, &key, Some(&v), AnswerSource::Typed)
            .expect("set");
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "set_answer (durable, synchronous=FULL), {n} saves: p50 {}  p99 {}  max {}",
        ms(percentile(&lat, 500)),
        ms(percentile(&lat, 990)),
        ms(*lat.last().unwrap())
    );
    drop(store);

    // 2. A big store: 1,000 firms x 200 answers.
    let path = dir.join("big.db");
    let mut store = Store::open_with(&path, no_auto_backup()).expect("open");
    let t = Instant::now();
    let mut last = 0;
    for f in 0..1000 {
        let id = store
            .create_firm(&NewFirm {
                name: format!("企业{f:04}"),
                region: Some("370102".into()),
                ..NewFirm::default()
            })
            .expect("firm");
        let answers: Vec<(AnswerKey, Option<String>)> = (0..200)
            .map(|a| {
                let key = if a % 10 == 0 {
                    AnswerKey::item(format!("p{a}"), "bench.project", format!("{}", a % 3))
                } else {
                    AnswerKey::firm(format!("fact-{a}"))
                };
                (key, Some(format!("{}", f * 1000 + a)))
            })
            .collect();
        store
            .set_answers(id, &answers, AnswerSource::Imported)
            .expect("answers");
        last = id;
    }
    println!("filled 1,000 firms x 200 answers in {}", ms(t.elapsed()));
    drop(store);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let mut opens = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let s = Store::open_with(&path, no_auto_backup()).expect("open big");
        opens.push(t.elapsed());
        drop(s);
    }
    opens.sort();
    println!(
        "open (full check not due, no backup) {} KB: min {}  median {}  max {}",
        size / 1024,
        ms(opens[0]),
        ms(opens[2]),
        ms(opens[4])
    );

    let mut full = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let s = Store::open_with(
            &path,
            OpenOptions {
                check_interval_secs: None,
                ..no_auto_backup()
            },
        )
        .expect("open big");
        full.push(t.elapsed());
        drop(s);
    }
    full.sort();
    println!(
        "open with full quick_check (daily / after a crash): min {}  median {}  max {}",
        ms(full[0]),
        ms(full[1]),
        ms(full[2])
    );

    let store = Store::open_with(&path, no_auto_backup()).expect("open big");
    let t = Instant::now();
    let firms = store.list_firms().expect("list");
    println!("list_firms ({} firms): {}", firms.len(), ms(t.elapsed()));
    let t = Instant::now();
    let cur = store.current_answers(last).expect("current");
    println!(
        "current_answers ({} answers): {}",
        cur.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    store.integrity_check().expect("integrity");
    println!("integrity_check (full): {}", ms(t.elapsed()));
    drop(store);

    let t = Instant::now();
    let mut s = Store::open(&path).expect("open with backup");
    let first_open = t.elapsed();
    println!(
        "open with default policy (first open takes the daily backup): {} ({} backups)",
        ms(first_open),
        s.list_backups().map(|b| b.len()).unwrap_or(0)
    );
    let t = Instant::now();
    s.backup_now().expect("backup");
    println!("backup_now (VACUUM INTO): {}", ms(t.elapsed()));
    drop(s);

    let _ = std::fs::remove_dir_all(&dir);
}
