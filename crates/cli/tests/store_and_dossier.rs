//! The CLI over the store and the dossier: a firm kept in a database is assessed and printed the
//! same way as a firm file, and bad answers are refused without being stored.

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

#[test]
fn a_stored_firm_is_assessed_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let add = run(huiqi(&db).args([
        "firm",
        "add",
        "--name",
        "济南测试机械有限公司",
        "--region",
        "370103",
    ]));
    assert!(add.status.success(), "{}", out(&add));
    let id = String::from_utf8_lossy(&add.stdout).trim().to_string();

    let set = |fact: &str, value: &str, item: Option<&str>| {
        let mut c = huiqi(&db);
        c.args(["answer", "set", &id, fact, value, "--as-of", "2026-11-30"]);
        if let Some(i) = item {
            c.args(["--item", i]);
        }
        run(&mut c)
    };
    assert!(set("firm.is_industrial", "是", None).status.success());
    let p = "jinan-gyqs-2020.project:p1";
    assert!(
        set("jinan-gyqs-2020.project.track", "普通技术改造项目", Some(p))
            .status
            .success()
    );
    // Bad answers are refused with the question's name, and nothing is stored.
    for bad in ["-5", "abc", "1.2.3", ""] {
        let o = set("jinan-gyqs-2020.project.equipment_investment", bad, Some(p));
        assert!(!o.status.success(), "{bad} accepted");
        assert!(
            out(&o).contains("项目实际设备投资额"),
            "message names the question: {}",
            out(&o)
        );
    }
    let future = set(
        "jinan-gyqs-2020.project.completed_on",
        "2027-01-01",
        Some(p),
    );
    assert!(
        !future.status.success(),
        "a completion date after the as-of date is refused"
    );
    assert!(
        set(
            "jinan-gyqs-2020.project.equipment_investment",
            "3,000万",
            Some(p)
        )
        .status
        .success()
    );
    assert!(
        set(
            "jinan-gyqs-2020.project.completed_on",
            "2026年6月30日",
            Some(p)
        )
        .status
        .success()
    );

    let history = run(huiqi(&db).args(["answer", "history", &id]));
    let h = out(&history);
    assert_eq!(
        h.lines().count(),
        4,
        "only the four accepted answers are in the history:\n{h}"
    );
    assert!(!h.contains("-5") && !h.contains("abc"));

    // 第7条: 3000万元 × 10% = 300万元.
    let json = run(huiqi(&db).args([
        "assess",
        "--firm-id",
        &id,
        "--as-of",
        "2026-11-30",
        "--json",
    ]));
    assert!(json.status.success(), "{}", out(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let m = v["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "jinan-gyqs-2020/7a")
        .unwrap();
    assert_eq!(m["status"], "eligible");
    assert_eq!(m["amount"], "3000000.00");

    let pdf = dir.path().join("dossier.pdf");
    let d = run(huiqi(&db)
        .args([
            "dossier",
            "--firm-id",
            &id,
            "--as-of",
            "2026-11-30",
            "--measures",
            "jinan-gyqs-2020/7a",
            "--out",
        ])
        .arg(&pdf));
    assert!(d.status.success(), "{}", out(&d));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("济南测试机械有限公司"),
        "firm name in the PDF"
    );
    assert!(
        text.contains("3,000,000.00"),
        "amount in figures in the PDF"
    );
    assert!(text.contains("叁佰万元整"), "amount in capitals in the PDF");

    // Undo brings back the previous value.
    let undo = run(huiqi(&db).args([
        "answer",
        "undo",
        &id,
        "jinan-gyqs-2020.project.equipment_investment",
        "--item",
        p,
    ]));
    assert!(undo.status.success(), "{}", out(&undo));
    let json = run(huiqi(&db).args([
        "assess",
        "--firm-id",
        &id,
        "--as-of",
        "2026-11-30",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let m = v["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "jinan-gyqs-2020/7a")
        .unwrap();
    assert_eq!(
        m["status"], "undecided",
        "the investment is unknown again after undo"
    );
}

#[test]
fn bad_profiles_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let bad_code = run(huiqi(&db).args([
        "firm",
        "add",
        "--name",
        "某公司",
        "--credit-code",
        "91370100MA3C5D1X2Z",
    ]));
    assert!(
        !bad_code.status.success(),
        "an invalid 统一社会信用代码 is refused"
    );
    let bad_region =
        run(huiqi(&db).args(["firm", "add", "--name", "某公司", "--region", "999999"]));
    assert!(!bad_region.status.success());
    assert!(out(&bad_region).contains("地区"));
    let list = run(huiqi(&db).args(["firm", "list"]));
    assert!(list.status.success());
    assert!(
        String::from_utf8_lossy(&list.stdout).trim().is_empty(),
        "nothing was stored"
    );
}

#[test]
fn a_dossier_from_a_firm_file_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let firm = dir.path().join("firm.toml");
    std::fs::write(
        &firm,
        r#"name = "济南示例机械制造有限公司"
[facts]
"firm.region" = "370103"
"firm.is_industrial" = "是"
[[items]]
kind = "jinan-gyqs-2020.project"
id = "p1"
[items.facts]
"jinan-gyqs-2020.project.track" = "workshop"
"jinan-gyqs-2020.project.equipment_investment" = "800万元"
"jinan-gyqs-2020.project.software_investment" = "200万元"
"jinan-gyqs-2020.project.completed_on" = "2026-05-20"
"#,
    )
    .unwrap();
    let render = |name: &str| {
        let pdf = dir.path().join(name);
        let o = run(Command::new(env!("CARGO_BIN_EXE_huiqi"))
            .args(["dossier", "--firm"])
            .arg(&firm)
            .args(["--as-of", "2026-11-30", "--appendix", "--out"])
            .arg(&pdf));
        assert!(o.status.success(), "{}", out(&o));
        std::fs::read(pdf).unwrap()
    };
    let a = render("a.pdf");
    assert_eq!(a, render("b.pdf"), "same inputs, identical bytes");
    assert!(a.starts_with(b"%PDF"));
}
