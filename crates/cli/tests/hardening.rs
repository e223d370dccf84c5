//! The command line against races, damage, odd paths and broken output streams, as real
//! processes of the `huiqi` binary.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use huiqi_store::{AnswerKey, AnswerSource, NewFirm, Store};

fn huiqi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_huiqi"));
    c.arg("--db").arg(db);
    c
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

/// Waits for a child at most `limit`; a child still running then is killed and reported.
fn finish_within(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn processes_creating_the_same_new_store_all_succeed() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("new.db");
        let children: Vec<Child> = (0..6)
            .map(|i| {
                huiqi(&db)
                    .args(["firm", "add", "--name", &format!("企业{round}-{i}")])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = finish_within(child, Duration::from_secs(60));
            assert!(o.status.success(), "round {round}: {}", text(&o));
        }
        let list = huiqi(&db).args(["firm", "list"]).output().unwrap();
        assert!(list.status.success(), "{}", text(&list));
        let lines = String::from_utf8_lossy(&list.stdout).lines().count();
        assert_eq!(lines, 6, "round {round}: every firm was added to one file");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".creating") || n.contains(".damaged"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
}

#[test]
fn a_fifo_or_a_folder_at_the_store_path_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.db");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, word) in [(&fifo, "FIFO"), (&dir.path().to_path_buf(), "folder")] {
        let child = huiqi(path)
            .args(["firm", "list"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let o = finish_within(child, Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(5), "{}", text(&o));
        assert!(text(&o).contains(word), "{}", text(&o));
    }
}

#[test]
fn a_full_disk_on_stdout_ends_with_exit_74_not_a_panic() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["catalog", "list"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(74), "{stderr}");
    assert!(stderr.contains("standard output"), "{stderr}");
}

#[test]
fn a_full_disk_on_stderr_too_still_exits_cleanly() {
    let out = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let err = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["catalog", "show", "no-such-measure"])
        .stdout(out)
        .stderr(err)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// Runs the CLI as an unprivileged user when the tests run as root (root ignores file
/// permissions, so a read-only folder would not be read-only for it).
fn huiqi_unprivileged(db: &Path) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        return huiqi(db);
    }
    let mut c = Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        env!("CARGO_BIN_EXE_huiqi"),
    ]);
    c.arg("--db").arg(db);
    c
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_read_only_folder_is_listed_and_writes_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    fs::create_dir(&folder).unwrap();
    let db = folder.join("huiqi.db");
    let add = huiqi(&db)
        .args(["firm", "add", "--name", "只读测试企业"])
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", text(&add));
    chmod(dir.path(), 0o755);
    chmod(&db, 0o444);
    chmod(&folder, 0o555);

    let list = huiqi_unprivileged(&db)
        .args(["firm", "list"])
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", text(&list));
    assert!(text(&list).contains("只读测试企业"), "{}", text(&list));
    assert!(text(&list).contains("read-only"), "{}", text(&list));

    let add = huiqi_unprivileged(&db)
        .args(["firm", "add", "--name", "乙"])
        .output()
        .unwrap();
    assert_eq!(add.status.code(), Some(5), "{}", text(&add));
    assert!(text(&add).contains("not writable"), "{}", text(&add));
    chmod(&folder, 0o755);
}

/// A store with a long answer history, closed cleanly, with a backup; then the b-tree page
/// holding one of its rows is overwritten in the file.
fn damaged_store(db: &Path) -> i64 {
    let mut s = Store::open(db).unwrap();
    let firm = s
        .create_firm(&NewFirm {
            name: "甲公司".into(),
            ..NewFirm::default()
        })
        .unwrap();
    let answers: Vec<(AnswerKey, Option<String>)> = (0..3000)
        .map(|i| {
            (
                AnswerKey::firm(format!("fact-{i}")),
                Some(format!("V{i:05}-{}", "x".repeat(60))),
            )
        })
        .collect();
    s.set_answers(firm, &answers, AnswerSource::Typed).unwrap();
    s.backup_now().unwrap();
    drop(s);
    let mut bytes = fs::read(db).unwrap();
    let page_size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let at = bytes
        .windows(7)
        .position(|w| w == b"V02500-")
        .expect("row in the file");
    let page = at / page_size;
    for b in &mut bytes[page * page_size..page * page_size + 12] {
        *b = 0xFF;
    }
    fs::write(db, bytes).unwrap();
    firm
}

#[test]
fn a_damaged_page_stops_writes_and_store_restore_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let firm = damaged_store(&db).to_string();

    // Found by a statement between daily checks: reported as damage, with the way out.
    let history = huiqi(&db)
        .args(["answer", "history", &firm])
        .output()
        .unwrap();
    assert_eq!(history.status.code(), Some(4), "{}", text(&history));
    assert!(
        text(&history).contains("数据文件已损坏"),
        "{}",
        text(&history)
    );
    assert!(
        text(&history).contains("store restore"),
        "{}",
        text(&history)
    );

    // From then on nothing is written into the file.
    let before = fs::read(&db).unwrap();
    let set = huiqi(&db)
        .args(["answer", "set", &firm, "firm.is_industrial", "是"])
        .output()
        .unwrap();
    assert_eq!(set.status.code(), Some(4), "{}", text(&set));
    assert_eq!(
        fs::read(&db).unwrap(),
        before,
        "the damaged file was written"
    );

    let check = huiqi(&db).args(["store", "check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(4), "{}", text(&check));
    let backups = huiqi(&db).args(["store", "backups"]).output().unwrap();
    assert!(backups.status.success(), "{}", text(&backups));
    assert_eq!(String::from_utf8_lossy(&backups.stdout).lines().count(), 1);

    let restore = huiqi(&db).args(["store", "restore"]).output().unwrap();
    assert!(restore.status.success(), "{}", text(&restore));
    assert!(text(&restore).contains(".damaged-1"), "{}", text(&restore));
    let history = huiqi(&db)
        .args(["answer", "history", &firm])
        .output()
        .unwrap();
    assert!(history.status.success(), "{}", text(&history));
    assert_eq!(
        String::from_utf8_lossy(&history.stdout).lines().count(),
        3000
    );
    assert!(
        huiqi(&db)
            .args(["store", "check"])
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn errors_are_json_with_a_stable_code_under_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let o = huiqi(&db)
        .args([
            "assess",
            "--json",
            "--firm-id",
            "42",
            "--as-of",
            "2026-11-30",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(v["code"], "invalid_input", "{v}");
    assert!(v["messageZh"].as_str().unwrap().contains("42"), "{v}");
    assert!(v["messageEn"].as_str().unwrap().contains("42"), "{v}");
    assert!(v.get("detail").is_some(), "{v}");

    damaged_store(&db);
    huiqi(&db)
        .args(["answer", "history", "1"])
        .output()
        .unwrap();
    let o = huiqi(&db)
        .args([
            "assess",
            "--json",
            "--firm-id",
            "1",
            "--as-of",
            "2026-11-30",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(4));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(v["code"], "store_damaged", "{v}");
}

/// An export file edited by hand: one answer typing would refuse, one unknown question.
fn export_with_bad_answers(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("src.db");
    let mut s = Store::open(&src).unwrap();
    let firm = s
        .create_firm(&NewFirm {
            name: "导入测试企业".into(),
            ..NewFirm::default()
        })
        .unwrap();
    for (fact, value) in [
        ("firm.is_industrial", "是"),
        ("firm.revenue_last_year", "abc"),
        ("no.such.fact", "1"),
    ] {
        s.set_answer(
            firm,
            &AnswerKey::firm(fact),
            Some(value),
            AnswerSource::Typed,
        )
        .unwrap();
    }
    let file = dir.join("firm.json");
    fs::write(&file, s.export_firm(firm).unwrap()).unwrap();
    file
}

#[test]
fn an_import_with_refused_answers_is_refused_whole_or_imported_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = export_with_bad_answers(dir.path());
    let db = dir.path().join("huiqi.db");

    let refused = huiqi(&db)
        .args(["firm", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    let msg = text(&refused);
    assert!(msg.contains("history[1]"), "{msg}");
    assert!(msg.contains("firm.revenue_last_year"), "{msg}");
    assert!(
        msg.contains("history[2]") && msg.contains("no.such.fact"),
        "{msg}"
    );
    assert!(msg.contains("--skip-invalid"), "{msg}");
    let list = huiqi(&db).args(["firm", "list"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&list.stdout).trim(),
        "",
        "nothing imported"
    );

    let kept = huiqi(&db)
        .args(["firm", "import", "--skip-invalid"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(kept.status.success(), "{}", text(&kept));
    let show = huiqi(&db).args(["firm", "show", "1"]).output().unwrap();
    let shown = text(&show);
    assert!(shown.contains("是"), "{shown}");
    assert!(!shown.contains("abc"), "{shown}");
    let assess = huiqi(&db)
        .args(["assess", "--firm-id", "1", "--as-of", "2026-11-30"])
        .output()
        .unwrap();
    assert!(assess.status.success(), "{}", text(&assess));
}

#[test]
fn csv_rows_with_unknown_region_or_industry_are_reported_not_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let csv = dir.path().join("firms.csv");
    fs::write(
        &csv,
        "企业名称,所在地区,所属行业\n甲公司,370102,C34\n乙公司,999999,C34\n丙公司,370102,不是行业\n",
    )
    .unwrap();
    let o = huiqi(&db)
        .args(["firm", "import-csv"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("line 3"), "{msg}");
    assert!(msg.contains("line 4"), "{msg}");
    let list = huiqi(&db).args(["firm", "list"]).output().unwrap();
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    assert!(listed.contains("甲公司"), "{listed}");
    assert!(
        !listed.contains("乙公司") && !listed.contains("丙公司"),
        "{listed}"
    );
}

/// The same list as an Excel workbook: `import-csv` reads its first sheet and reports rows
/// by their Excel row numbers.
#[test]
fn excel_firm_lists_import_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let xlsx = dir.path().join("firms.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (row, cells) in [
        ["企业名称", "所在地区", "所属行业"],
        ["甲公司", "370102", "C34"],
        ["乙公司", "999999", "C34"],
    ]
    .iter()
    .enumerate()
    {
        for (col, v) in cells.iter().enumerate() {
            ws.write_string(row as u32, col as u16, *v).unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let o = huiqi(&db)
        .args(["firm", "import-csv"])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let msg = text(&o);
    assert!(msg.contains("Sheet1") && msg.contains("line 3"), "{msg}");
    assert!(msg.contains("已导入 1 家"), "{msg}");
}
