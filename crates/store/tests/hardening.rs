//! The store under a concurrent writer, with a damaged page found between checks, with
//! another process holding it open, and with odd things at its path.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::firm;
use huiqi_store::{
    AnswerKey, AnswerSource, DamageDetail, FileKind, ImportMode, OpenOptions, Store, StoreError,
};

/// Opens with the default daily check, so only the rules under test decide whether `open`
/// runs the full check.
fn open(path: &Path) -> Store {
    Store::open_with(path, OpenOptions::default()).unwrap()
}

#[test]
fn read_then_write_waits_for_a_concurrent_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let mut importer = open(&path);
    let template = importer.create_firm(&firm("模板企业")).unwrap();
    let doc = importer.export_firm(template).unwrap();

    // Another connection (as another process would) keeps committing read-then-write
    // transactions of its own (set_answer).
    let stop = Arc::new(AtomicBool::new(false));
    let commits = Arc::new(AtomicU64::new(0));
    let writer = {
        let (path, stop, commits) = (path.clone(), stop.clone(), commits.clone());
        std::thread::spawn(move || {
            let mut s = open(&path);
            let f = s.create_firm(&firm("写入方")).unwrap();
            let mut failures = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let v = commits.load(Ordering::Relaxed).to_string();
                match s.set_answer(f, &AnswerKey::firm("x"), Some(&v), AnswerSource::Typed) {
                    Ok(_) => {
                        commits.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => failures.push(e.to_string()),
                }
                // Like a person or a script, not a spin: others get the lock in between.
                std::thread::sleep(Duration::from_millis(1));
            }
            failures
        })
    };
    while commits.load(Ordering::Relaxed) == 0 {
        std::thread::yield_now();
    }
    // Each import reads (is the firm here?) and then writes. Run as a deferred transaction,
    // a commit by the other connection between the read and the write fails it at once with
    // "database is locked", whatever the busy timeout. At least 60 imports, and on until the
    // writer has committed 30 times meanwhile (or 20 s have passed).
    let mut failures = Vec::new();
    let mut imports = 0;
    let started = (commits.load(Ordering::Relaxed), Instant::now());
    while imports < 60
        || (commits.load(Ordering::Relaxed) - started.0 < 30
            && started.1.elapsed() < Duration::from_secs(20))
    {
        if let Err(e) = importer.import_firm(&doc, Some(ImportMode::KeepBoth)) {
            failures.push(format!("import {imports}: {e}"));
        }
        imports += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    stop.store(true, Ordering::Relaxed);
    let writer_failures = writer.join().unwrap();
    assert!(
        failures.is_empty() && writer_failures.is_empty(),
        "{} of {imports} imports failed: {failures:?}; the writer: {writer_failures:?}",
        failures.len()
    );
    assert!(commits.load(Ordering::Relaxed) - started.0 >= 30);
    assert_eq!(importer.list_firms().unwrap().len(), imports + 2);
}

#[test]
fn second_open_while_in_use_skips_the_full_check_but_a_crash_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let mut first = open(&path);
    assert!(first.checked_at_open(), "a new file is checked");
    let f = first.create_firm(&firm("甲")).unwrap();
    first
        .set_answer(f, &AnswerKey::firm("a"), Some("1"), AnswerSource::Typed)
        .unwrap();
    assert!(fs::metadata(dir.path().join("huiqi.db-wal")).unwrap().len() > 0);
    let second = open(&path);
    assert!(
        !second.checked_at_open(),
        "the WAL of a running session is not a crash"
    );
    drop((first, second));
    assert!(
        !open(&path).checked_at_open(),
        "closed cleanly: nothing to check"
    );

    // A session killed mid-work: the next open checks.
    let exe = env!("CARGO_BIN_EXE_huiqi-store-crash-writer");
    let mut child = std::process::Command::new(exe)
        .arg(&path)
        .arg("1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    for _ in 0..3 {
        line.clear();
        std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        assert!(line.starts_with("ACK"), "{line}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(open(&path).checked_at_open(), "a killed session is checked");
}

/// A store whose `answer_rev` table spans many pages, closed cleanly, with a backup.
fn store_with_history(path: &Path) {
    let mut s = open(path);
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let answers: Vec<(AnswerKey, Option<String>)> = (0..3000)
        .map(|i| {
            (
                AnswerKey::firm(format!("fact-{i}")),
                Some(format!("V{i:05}-{}", "x".repeat(60))),
            )
        })
        .collect();
    s.set_answers(f, &answers, AnswerSource::Typed).unwrap();
    s.backup_now().unwrap();
}

/// Overwrites the b-tree page header of the page holding `marker`: the file still opens
/// (header, schema and table roots are intact) but reading that page fails.
fn damage_page_holding(path: &Path, marker: &str) {
    let mut bytes = fs::read(path).unwrap();
    let page_size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let at = bytes
        .windows(marker.len())
        .position(|w| w == marker.as_bytes())
        .expect("marker in the file");
    let page = at / page_size;
    assert!(page > 1, "not the schema page");
    for b in &mut bytes[page * page_size..page * page_size + 12] {
        *b = 0xFF;
    }
    fs::write(path, bytes).unwrap();
}

#[test]
fn damage_found_by_a_statement_stops_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    store_with_history(&path);
    damage_page_holding(&path, "V02500-");

    let mut s = open(&path);
    assert!(!s.checked_at_open(), "between daily checks");
    let firm_id = s.list_firms().unwrap()[0].id;
    let err = s.answer_history(firm_id).unwrap_err();
    match &err {
        StoreError::Corrupt { path: p, detail } => {
            assert_eq!(p, &path);
            assert!(matches!(detail, DamageDetail::Sqlite(_)), "{detail:?}");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert_eq!(err.code(), "store_damaged");
    assert!(s.damage().is_some());

    let before = fs::read(&path).unwrap();
    let write = s.set_answer(
        firm_id,
        &AnswerKey::firm("new"),
        Some("1"),
        AnswerSource::Typed,
    );
    assert!(
        matches!(write, Err(StoreError::Corrupt { .. })),
        "{write:?}"
    );
    assert!(matches!(
        s.create_firm(&firm("乙")),
        Err(StoreError::Corrupt { .. })
    ));
    drop(s);
    assert_eq!(fs::read(&path).unwrap(), before, "nothing was written");

    // The next open (another process) runs the full check and refuses the file.
    assert!(matches!(
        Store::open_with(&path, OpenOptions::default()),
        Err(StoreError::Corrupt { .. })
    ));

    // Restoring the backup brings the data back and clears the state.
    let (restored, report) =
        Store::recover(&path, huiqi_store::Recovery::RestoreLatestBackup).unwrap();
    assert!(report.moved_to.is_some());
    assert_eq!(restored.answer_history(firm_id).unwrap().len(), 3000);
    drop(restored);
    assert!(!open(&path).checked_at_open(), "no damage noted any more");
}

#[test]
fn restore_refuses_while_another_process_has_the_store_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let mut s = open(&path);
    s.create_firm(&firm("甲")).unwrap();
    s.backup_now().unwrap();
    let err = Store::recover(&path, huiqi_store::Recovery::RestoreLatestBackup).unwrap_err();
    assert_eq!(err.code(), "store_in_use", "{err}");
    assert_eq!(s.list_firms().unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn fifo_directory_and_device_at_the_path_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.db");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let cases = [
        (fifo, FileKind::Fifo),
        (dir.path().to_path_buf(), FileKind::Directory),
        (Path::new("/dev/null").to_path_buf(), FileKind::Device),
    ];
    for (path, kind) in cases {
        let started = Instant::now();
        match Store::open(&path) {
            Err(StoreError::NotAFile { kind: k, .. }) => assert_eq!(k, kind, "{path:?}"),
            other => panic!("{path:?}: expected NotAFile, got {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn errors_keep_their_languages_apart_whatever_the_user_typed() {
    let e = StoreError::NotFound {
        what: "甲 / 乙 firm".into(),
    };
    assert_eq!(e.message_zh(), "未找到：甲 / 乙 firm");
    assert_eq!(e.message_en(), "Not found: 甲 / 乙 firm");
    assert_eq!(e.code(), "not_found");
}
