//! `huiqi batch` streams: its peak memory does not grow with the number of firms. Before it
//! streamed, 5,000 firms took 13 MiB more than 300 (every firm was loaded before any was
//! assessed); now the two peaks are within a few hundred KiB. Linux only (reads /proc).
#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A CSV of `n` firms with varied answers, the same on every run.
fn firms(n: usize) -> String {
    let regions = ["370103", "370112", "110108", "120110", "130902", "420202"];
    let answers = ["是", "否", "不清楚"];
    let mut text = String::from(
        "name,firm.region,firm.is_industrial,firm.revenue_last_year,firm.employees,firm.high_tech\n",
    );
    for i in 0..n {
        text += &format!(
            "企业{i:05},{},{},{}万元,{},{}\n",
            regions[i % regions.len()],
            answers[i % 3],
            (i * 7919) % 500_000,
            (i * 31) % 5000,
            answers[(i / 3) % 3],
        );
    }
    text
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The peak RSS (KiB) of `huiqi batch` over `csv`: the high-water mark only rises, so the
/// last reading before the process exits is its peak.
fn batch_peak(csv: &Path) -> u64 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args([
            "batch",
            "--as-of",
            "2026-11-30",
            "--skip-out-of-scope",
            "--firms",
        ])
        .arg(csv)
        .args(["--out", "/dev/null"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut peak = 0;
    loop {
        if let Some(kib) = vm_hwm_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "batch failed: {status}");
            return peak;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn peak_memory_does_not_grow_with_the_number_of_firms() {
    let tmp = tempfile::tempdir().unwrap();
    let (few, many) = (tmp.path().join("few.csv"), tmp.path().join("many.csv"));
    std::fs::write(&few, firms(300)).unwrap();
    std::fs::write(&many, firms(5000)).unwrap();
    let (few, many) = (batch_peak(&few), batch_peak(&many));
    assert!(few > 0, "no reading of /proc");
    assert!(
        many < few + 5 * 1024,
        "5,000 firms peaked at {many} KiB, 300 at {few} KiB"
    );
}
