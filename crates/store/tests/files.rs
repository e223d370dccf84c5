//! Damaged, truncated, empty, foreign and newer files; backups and recovery.

mod common;

use std::fs;
use std::path::Path;

use chrono::Duration;
use common::{firm, opts};
use huiqi_store::{
    AnswerKey, AnswerSource, BackupPolicy, DamageDetail, ManualClock, OpenOptions, Recovery,
    SCHEMA_VERSION, Store, StoreError,
};
use sha2::{Digest, Sha256};

fn digest(p: &Path) -> Vec<u8> {
    Sha256::digest(fs::read(p).unwrap()).to_vec()
}

/// A closed store file with one firm and some answers.
fn make_store(path: &Path, clock: &ManualClock) {
    let mut s = Store::open_with(path, opts(clock)).unwrap();
    let f = s.create_firm(&firm("甲公司")).unwrap();
    for i in 0..300 {
        s.set_answer(
            f,
            &AnswerKey::firm(format!("fact-{i}")),
            Some(&"x".repeat(200)),
            AnswerSource::Typed,
        )
        .unwrap();
    }
}

fn expect_corrupt(path: &Path) -> DamageDetail {
    let before = digest(path);
    let err = Store::open(path).unwrap_err();
    assert_eq!(digest(path), before, "a damaged file must never be written");
    let msg = err.to_string();
    assert!(msg.contains("数据文件已损坏"), "{msg}");
    assert!(msg.contains("The data file is damaged"), "{msg}");
    match err {
        StoreError::Corrupt { path: p, detail } => {
            assert_eq!(p, path);
            detail
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn garbage_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    fs::write(
        &path,
        "这不是数据库 this is a spreadsheet, not a database\n".repeat(100),
    )
    .unwrap();
    assert_eq!(expect_corrupt(&path), DamageDetail::NotSqlite);
}

#[test]
fn zero_byte_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    fs::write(&path, b"").unwrap();
    assert_eq!(expect_corrupt(&path), DamageDetail::Empty);
    assert_eq!(fs::metadata(&path).unwrap().len(), 0);
}

#[test]
fn truncated_db_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    make_store(&path, &ManualClock::new("2025-01-01T00:00:00Z"));
    let len = fs::metadata(&path).unwrap().len();
    assert!(len > 16 * 4096, "the test needs a multi-page file ({len})");
    let f = fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(len / 2).unwrap();
    drop(f);
    assert!(matches!(
        expect_corrupt(&path),
        DamageDetail::Truncated { found_bytes, .. } if found_bytes == len / 2
    ));
}

#[test]
fn scribbled_pages_fail_the_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    make_store(&path, &ManualClock::new("2025-01-01T00:00:00Z"));
    let mut bytes = fs::read(&path).unwrap();
    // Overwrite the middle pages (keep the header and schema page intact).
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid - 8192..mid + 8192] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let d = expect_corrupt(&path);
    assert!(
        matches!(d, DamageDetail::IntegrityCheck(_) | DamageDetail::Sqlite(_)),
        "{d:?}"
    );
}

#[test]
fn another_programs_database_is_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    assert_eq!(expect_corrupt(&path), DamageDetail::ForeignDatabase);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    assert_eq!(expect_corrupt(&path), DamageDetail::ForeignDatabase);
}

#[test]
fn store_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let s = Store::open_in_memory().unwrap();
    assert_send(&s);
    let h = std::thread::spawn(move || s.list_firms().unwrap().len());
    assert_eq!(h.join().unwrap(), 0);
}

#[test]
fn newer_file_is_refused_with_too_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    make_store(&path, &ManualClock::new("2025-01-01T00:00:00Z"));
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let before = digest(&path);
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::TooNew { found, supported } => {
            assert_eq!(*found, SCHEMA_VERSION + 1);
            assert_eq!(*supported, SCHEMA_VERSION);
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert!(err.message_zh().contains("请升级"), "{}", err.message_zh());
    assert!(err.message_en().contains("newer Huiqi"));
    assert_eq!(digest(&path), before);
}

#[test]
fn restore_from_backup_after_damage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let clock = ManualClock::new("2025-01-01T00:00:00Z");
    let mut s = Store::open_with(&path, opts(&clock)).unwrap();
    let f = s.create_firm(&firm("甲公司")).unwrap();
    s.set_answer(f, &AnswerKey::firm("a"), Some("1"), AnswerSource::Typed)
        .unwrap();
    let b = s.backup_now().unwrap();
    assert!(b.path.starts_with(dir.path().join("backups")));
    s.set_answer(f, &AnswerKey::firm("a"), Some("2"), AnswerSource::Typed)
        .unwrap();
    drop(s);

    fs::write(&path, b"garbage").unwrap();
    let bad = digest(&path);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Corrupt { .. })
    ));

    let (s, report) = Store::recover(&path, Recovery::RestoreLatestBackup).unwrap();
    let moved = report.moved_to.unwrap();
    assert_eq!(moved, dir.path().join("huiqi.db.damaged-1"));
    assert_eq!(digest(&moved), bad, "the damaged file is kept as it was");
    assert_eq!(report.restored_from.unwrap(), b.path);
    let cur = s.current_answers(f).unwrap();
    assert_eq!(cur[0].value.as_deref(), Some("1"), "state of the backup");
    s.integrity_check().unwrap();
    drop(s);

    // A second recovery picks the next free name.
    fs::write(&path, b"").unwrap();
    let (s, report) = Store::recover(&path, Recovery::StartNew).unwrap();
    assert_eq!(
        report.moved_to.unwrap(),
        dir.path().join("huiqi.db.damaged-2")
    );
    assert!(s.list_firms().unwrap().is_empty());
}

#[test]
fn restore_without_backup_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    fs::write(&path, b"garbage").unwrap();
    let err = Store::recover(&path, Recovery::RestoreLatestBackup).unwrap_err();
    assert!(matches!(err, StoreError::NoBackup { .. }));
    assert_eq!(fs::read(&path).unwrap(), b"garbage");
}

#[test]
fn restore_skips_a_damaged_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let clock = ManualClock::new("2025-01-01T00:00:00Z");
    let mut s = Store::open_with(&path, opts(&clock)).unwrap();
    s.create_firm(&firm("甲")).unwrap();
    let good = s.backup_now().unwrap();
    clock.advance(Duration::hours(1));
    let newer = s.backup_now().unwrap();
    drop(s);
    fs::write(&newer.path, b"half a backup").unwrap();
    fs::write(&path, b"garbage").unwrap();
    let (s, report) = Store::recover(&path, Recovery::RestoreLatestBackup).unwrap();
    assert_eq!(report.restored_from.unwrap(), good.path);
    assert_eq!(s.list_firms().unwrap().len(), 1);
}

#[test]
fn automatic_backups_follow_the_policy_and_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let clock = ManualClock::new("2025-01-01T09:00:00Z");
    let o = OpenOptions {
        backup: BackupPolicy {
            keep: 3,
            max_age_secs: Some(24 * 3600),
        },
        ..opts(&clock)
    };
    // An empty store is not worth a backup.
    let mut s = Store::open_with(&path, o.clone()).unwrap();
    assert!(s.list_backups().unwrap().is_empty());
    s.create_firm(&firm("甲")).unwrap();
    drop(s);

    let s = Store::open_with(&path, o.clone()).unwrap();
    assert_eq!(s.list_backups().unwrap().len(), 1, "first open with data");
    drop(s);
    clock.advance(Duration::hours(23));
    let mut s = Store::open_with(&path, o.clone()).unwrap();
    assert_eq!(s.list_backups().unwrap().len(), 1, "less than a day later");
    assert_eq!(s.backup_if_due().unwrap(), None);
    clock.advance(Duration::hours(2));
    assert!(s.backup_if_due().unwrap().is_some());
    drop(s);
    for _ in 0..4 {
        clock.advance(Duration::days(2));
        drop(Store::open_with(&path, o.clone()).unwrap());
    }
    let s = Store::open_with(&path, o).unwrap();
    let backups = s.list_backups().unwrap();
    assert_eq!(backups.len(), 3, "rotation keeps 3");
    // Newest first, named by the injected clock.
    assert!(backups[0].taken_at > backups[1].taken_at);
    assert!(
        backups[0].taken_at.starts_with("2025-01-10T"),
        "{backups:?}"
    );
    assert!(
        backups[0]
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("huiqi-20250110-")
    );
}

#[test]
fn default_path_probe() {
    // Run directly this checks the platform default; re-run by the test
    // below with HUIQI_DB set (edition 2024 forbids set_var without unsafe).
    let p = huiqi_store::default_db_path();
    match std::env::var_os("HUIQI_DB") {
        Some(v) if !v.is_empty() => assert_eq!(p, std::path::PathBuf::from(v)),
        _ => {
            assert_eq!(p.file_name().unwrap(), "huiqi.db");
            assert!(
                p.to_string_lossy().to_lowercase().contains("huiqi"),
                "{p:?}"
            );
        }
    }
}

#[test]
fn default_path_honours_env_override() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["default_path_probe", "--exact", "--quiet"])
        .env("HUIQI_DB", "/tmp/elsewhere/客户.db")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("1 passed"), "{stdout}");
}

#[test]
fn full_check_runs_when_due_or_after_unclean_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let clock = ManualClock::new("2025-01-01T00:00:00Z");
    let mut s = Store::open_with(&path, opts(&clock)).unwrap();
    assert!(s.checked_at_open(), "a new file is checked");
    let f = s.create_firm(&firm("甲")).unwrap();
    drop(s);
    clock.advance(Duration::hours(1));
    let s = Store::open_with(&path, opts(&clock)).unwrap();
    assert!(!s.checked_at_open(), "checked an hour ago");
    drop(s);
    clock.advance(Duration::hours(25));
    let mut s = Store::open_with(&path, opts(&clock)).unwrap();
    assert!(s.checked_at_open(), "a day has passed");
    // While one store is open (its WAL present) another open sees it in
    // use through the session lock, not a crash: no full check.
    s.set_answer(f, &AnswerKey::firm("a"), Some("1"), AnswerSource::Typed)
        .unwrap();
    assert!(fs::metadata(dir.path().join("huiqi.db-wal")).unwrap().len() > 0);
    clock.advance(Duration::minutes(1));
    let s2 = Store::open_with(&path, opts(&clock)).unwrap();
    assert!(!s2.checked_at_open(), "the store is in use, not crashed");
    let every = OpenOptions {
        check_interval_secs: None,
        ..opts(&clock)
    };
    drop((s, s2));
    assert!(Store::open_with(&path, every).unwrap().checked_at_open());
}
