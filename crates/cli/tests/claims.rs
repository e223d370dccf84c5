//! `huiqi claim …`: the claims ledger from the command line, and a firm file's `[[received]]`.

use std::path::Path;
use std::process::{Command, Output};

fn huiqi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_huiqi"));
    c.arg("--db").arg(db);
    c
}

fn run(c: &mut Command) -> Output {
    c.output().expect("huiqi runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

fn ok(c: &mut Command) -> String {
    let o = run(c);
    assert!(o.status.success(), "{}", out(&o));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

const M: &str = "jinan-gyqs-2020/7a";

#[test]
fn claims_are_added_moved_on_listed_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let firm = ok(huiqi(&db).args(["firm", "add", "--name", "济南测试机械有限公司"]));
    let claim = ok(huiqi(&db).args([
        "claim",
        "add",
        &firm,
        "--measure",
        M,
        "--year",
        "2026",
        "--amount",
        "300万",
        "--ref",
        "济工信〔2026〕12号",
        "--on",
        "2026-03-01",
    ]));
    ok(huiqi(&db).args([
        "claim",
        "add",
        &firm,
        "--measure",
        M,
        "--year",
        "2024",
        "--state",
        "已拨付",
        "--item",
        "p1",
    ]));

    let list = ok(huiqi(&db).args(["claim", "list", &firm]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(
        lines[0].starts_with(&format!(
            "{claim}\t2026\t{M}\t—\t已申报 submitted\t3,000,000.00 元"
        )),
        "{list}"
    );
    assert!(
        lines[1].contains("\t2024\t") && lines[1].contains("\tp1\t"),
        "{list}"
    );
    assert!(lines[1].contains("已拨付 paid"), "{list}");

    let only = ok(huiqi(&db).args(["claim", "list", &firm, "--year", "2024", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&only).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["state"], "paid");
    assert_eq!(v[0]["measureTitle"], "普通技术改造项目设备投资奖补");

    let moved = ok(huiqi(&db).args([
        "claim",
        "set-state",
        &claim,
        "approved",
        "--on",
        "2026年6月1日",
    ]));
    assert!(moved.contains("已批准"), "{moved}");
    let json = ok(huiqi(&db).args(["claim", "list", &firm, "--year", "2026", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["decidedOn"], "2026-06-01");
    assert_eq!(v[0]["submittedOn"], "2026-03-01");
    assert_eq!(v[0]["reference"], "济工信〔2026〕12号");

    let history = ok(huiqi(&db).args(["claim", "history", &claim]));
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(history.lines().nth(1).unwrap().contains("已批准 approved"));
    ok(huiqi(&db).args(["claim", "undo", &claim]));
    let json = ok(huiqi(&db).args(["claim", "list", &firm, "--year", "2026", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["state"], "submitted");
}

#[test]
fn nonsense_is_refused_in_both_languages_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let firm = ok(huiqi(&db).args(["firm", "add", "--name", "甲公司"]));
    let add = |extra: &[&str]| {
        let mut c = huiqi(&db);
        c.args(["claim", "add", &firm, "--year", "2026"])
            .args(extra);
        run(&mut c)
    };
    for (args, zh, en) in [
        (
            vec!["--measure", "no-such/1"],
            "未知措施",
            "Unknown measure",
        ),
        (vec!["--measure", M, "--amount", "300"], "缺少单位", "unit"),
        (vec!["--measure", M, "--amount", "-5万"], "负数", "negative"),
        (
            vec!["--measure", M, "--state", "done"],
            "未知状态",
            "unknown state",
        ),
        (
            vec!["--measure", M, "--on", "昨天"],
            "不是日期",
            "not a date",
        ),
    ] {
        let o = add(&args);
        assert!(!o.status.success(), "{args:?} accepted");
        let text = out(&o);
        assert!(text.contains(zh) && text.contains(en), "{args:?}: {text}");
    }
    assert_eq!(ok(huiqi(&db).args(["claim", "list", &firm])), "");

    let draft = ok(huiqi(&db).args([
        "claim",
        "add",
        &firm,
        "--measure",
        M,
        "--year",
        "2026",
        "--state",
        "draft",
    ]));
    let o = run(huiqi(&db).args(["claim", "set-state", &draft, "paid"]));
    assert!(!o.status.success());
    let text = out(&o);
    assert!(
        text.contains("不能从「草稿」改为「已拨付」") && text.contains("from draft to paid"),
        "{text}"
    );
    let history = ok(huiqi(&db).args(["claim", "history", &draft]));
    assert_eq!(history.lines().count(), 1, "the refused move saved nothing");
}

#[test]
fn a_firm_file_received_list_is_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("firm.toml");
    std::fs::write(
        &good,
        format!(
            "name = \"甲公司\"\n[facts]\n\"firm.region\" = \"370102\"\n\n\
             [[received]]\nmeasure = \"{M}\"\nyear = 2025\namount = \"300万\"\n"
        ),
    )
    .unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_huiqi")).args([
        "assess",
        "--firm",
        good.to_str().unwrap(),
        "--as-of",
        "2026-11-30",
    ]));
    assert!(o.status.success(), "{}", out(&o));

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"甲公司\"\n[[received]]\nmeasure = \"no-such/1\"\nyear = 2025\n",
    )
    .unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_huiqi")).args([
        "assess",
        "--firm",
        bad.to_str().unwrap(),
        "--as-of",
        "2026-11-30",
    ]));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        out(&o).contains("已获支持第 1 条（no-such/1）"),
        "{}",
        out(&o)
    );
}
