//! Integration tests of the built `huiqi` binary: every golden case of the catalogue through
//! firm files (`batch`, and a sample through `assess --json`), batch error reporting,
//! questions, catalogue lint/list/show, and the example firm files in docs/examples/.

use huiqi_catalog::{Catalogue, GoldenCase};
use huiqi_engine::FirmFile;
use huiqi_engine::firm_file::{AnswerText, FirmFileItem};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

fn huiqi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_huiqi"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("huiqi runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn catalogue() -> Catalogue {
    Catalogue::builtin().expect("built-in catalogue")
}

fn answer(v: &toml::Value) -> AnswerText {
    match v {
        toml::Value::String(s) => AnswerText::Text(s.clone()),
        toml::Value::Boolean(b) => AnswerText::Bool(*b),
        toml::Value::Integer(n) => AnswerText::Int(*n),
        other => AnswerText::Text(other.to_string()),
    }
}

/// A golden case as a firm file (TOML, docs/firm-file.md), with its support year, claims
/// and validity override as the firm file states them.
fn firm_file(case: &GoldenCase) -> String {
    let from_case = FirmFile::from_case(case);
    let firm = FirmFile {
        year: from_case.year,
        received: from_case.received,
        validity: from_case.validity,
        name: case.id.clone(),
        facts: case
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), answer(v)))
            .collect(),
        items: case
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| FirmFileItem {
                kind: i.kind.clone(),
                id: Some(i.id.clone().unwrap_or_else(|| format!("item-{}", n + 1))),
                name: None,
                facts: i
                    .facts
                    .iter()
                    .map(|(k, v)| (k.clone(), answer(v)))
                    .collect(),
            })
            .collect(),
        ..FirmFile::default()
    };
    toml::to_string(&firm).expect("firm file serializes")
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("not a decimal: {s:?}"))
}

/// What the CLI reported for the case's measure.
struct Reported {
    status: String,
    amount: Option<Decimal>,
    would_have_paid: Option<Decimal>,
    missing: Vec<String>,
}

/// Compares a report with the case's expectation; Err lists the differences.
fn compare(case: &GoldenCase, r: &Reported) -> Result<(), String> {
    let e = &case.expect;
    let mut problems = Vec::new();
    if r.status != e.status.as_str() {
        problems.push(format!(
            "status {} (expected {})",
            r.status,
            e.status.as_str()
        ));
    }
    match (&e.amount, r.amount) {
        (Some(x), Some(y)) if *x != y => problems.push(format!("amount {y} (expected {x})")),
        (Some(x), None) => problems.push(format!("no amount (expected {x})")),
        (None, Some(y)) if r.status == "eligible" => {
            problems.push(format!("amount {y} (expected none)"))
        }
        _ => {}
    }
    match (&e.would_have_paid, r.would_have_paid) {
        (Some(x), Some(y)) if *x != y => {
            problems.push(format!("would_have_paid {y} (expected {x})"))
        }
        (Some(x), None) => problems.push(format!("no would_have_paid (expected {x})")),
        _ => {}
    }
    for m in &e.missing {
        if !r.missing.contains(m) {
            problems.push(format!("missing should include {m} (got {:?})", r.missing));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} [{}]: {}",
            case.id,
            case.measure,
            problems.join("; ")
        ))
    }
}

fn json_yuan(v: &Json) -> Option<Decimal> {
    v.as_str().map(|s| {
        let (_, frac) = s
            .split_once('.')
            .unwrap_or_else(|| panic!("amount {s:?} has no decimals"));
        assert_eq!(frac.len(), 2, "amount {s:?} must have two decimals");
        dec(s)
    })
}

fn all_cases(cat: &Catalogue) -> Vec<GoldenCase> {
    cat.documents
        .iter()
        .flat_map(|d| d.cases.iter().cloned())
        .collect()
}

/// Every golden case, through `huiqi batch` over a folder of firm files (one run per
/// assessment date).
#[test]
fn every_golden_case_passes_through_batch() {
    let cat = catalogue();
    let cases = all_cases(&cat);
    assert!(cases.len() >= 500, "only {} golden cases", cases.len());
    let mut by_date: BTreeMap<chrono::NaiveDate, Vec<&GoldenCase>> = BTreeMap::new();
    for c in &cases {
        by_date.entry(c.as_of).or_default().push(c);
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (as_of, group) in &by_date {
        let dir = tmp.path().join(as_of.to_string());
        std::fs::create_dir(&dir).unwrap();
        for (n, c) in group.iter().enumerate() {
            std::fs::write(dir.join(format!("case-{n:04}.toml")), firm_file(c)).unwrap();
        }
        let out = dir.with_extension("csv");
        let o = run(huiqi()
            .args(["batch", "--as-of", &as_of.to_string(), "--firms"])
            .arg(&dir)
            .arg("--out")
            .arg(&out));
        assert!(
            o.status.success(),
            "batch {as_of} failed: {}",
            text(&o.stderr)
        );
        let csv = std::fs::read_to_string(&out).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "firm,source,measure,status,amount_yuan,amount_class,counted_yuan,would_have_paid_yuan,missing"
            )
        );
        // source,measure → row
        let mut rows: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for l in lines {
            let cells: Vec<String> = l.split(',').map(str::to_string).collect();
            assert_eq!(cells.len(), 9, "unexpected row {l:?}");
            rows.insert((cells[1].clone(), cells[2].clone()), cells);
        }
        for (n, c) in group.iter().enumerate() {
            let Some(row) = rows.get(&(format!("case-{n:04}.toml"), c.measure.clone())) else {
                failures.push(format!("{}: no row for {}", c.id, c.measure));
                continue;
            };
            let amount = |s: &str| (!s.is_empty()).then(|| dec(s));
            let r = Reported {
                status: row[3].clone(),
                amount: amount(&row[4]),
                would_have_paid: amount(&row[7]),
                missing: row[8].split_whitespace().map(str::to_string).collect(),
            };
            checked += 1;
            if let Err(e) = compare(c, &r) {
                failures.push(e);
            }
        }
    }
    assert_eq!(
        checked + failures.iter().filter(|f| f.contains("no row")).count(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} golden cases differ through batch:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A spread sample of the golden cases through `huiqi assess --firm F --as-of D --json`.
#[test]
fn golden_cases_through_assess_json() {
    let cat = catalogue();
    let cases = all_cases(&cat);
    let step = (cases.len() / 60).max(1);
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (n, c) in cases.iter().enumerate().filter(|(n, _)| n % step == 0) {
        let path = tmp.path().join(format!("case-{n}.toml"));
        std::fs::write(&path, firm_file(c)).unwrap();
        let o = run(huiqi()
            .args([
                "assess",
                "--json",
                "--as-of",
                &c.as_of.to_string(),
                "--firm",
            ])
            .arg(&path));
        assert!(
            o.status.success(),
            "{}: assess failed: {}",
            c.id,
            text(&o.stderr)
        );
        let v: Json = serde_json::from_slice(&o.stdout).expect("assess --json prints JSON");
        assert_eq!(v["schema"], "huiqi.assessment/2");
        assert_eq!(v["firm"], c.id.as_str());
        assert_eq!(v["as_of"], c.as_of.to_string());
        let measures = v["measures"].as_array().expect("measures");
        assert_eq!(measures.len(), cat.measures().len());
        let m = measures
            .iter()
            .find(|m| m["id"] == c.measure.as_str())
            .expect("case measure in output");
        if let Some(class) = c.expect.class {
            let want = serde_json::to_value(class).unwrap();
            assert_eq!(m["amount_class"], want, "{}", c.id);
        }
        let r = Reported {
            status: m["status"].as_str().unwrap().to_string(),
            amount: json_yuan(&m["amount"]),
            would_have_paid: json_yuan(&m["would_have_paid"]),
            missing: m["missing"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect(),
        };
        checked += 1;
        if let Err(e) = compare(c, &r) {
            failures.push(e);
        }
    }
    assert!(checked >= 50, "only {checked} cases sampled");
    assert!(
        failures.is_empty(),
        "{} of {checked} sampled cases differ through assess --json:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn batch_reports_bad_rows_with_their_lines_and_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("firms.csv");
    std::fs::write(
        &csv,
        "name,firm.region,firm.is_industrial,firm.revenue_last_year\n\
         甲公司,370103,是,1200万\n\
         乙公司,370103,是\n\
         丙公司,370103,是,-5\n\
         丁公司,山东省济南市市中区,否,3000\n",
    )
    .unwrap();
    let out = tmp.path().join("out.csv");
    let o = run(huiqi()
        .args(["batch", "--as-of", "2026-11-30", "--firms"])
        .arg(&csv)
        .arg("--out")
        .arg(&out));
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "exit code; stderr: {stderr}");
    let name = csv.display().to_string();
    assert!(
        stderr.contains(&format!("{name}:3")),
        "wrong column count row reported with its line: {stderr}"
    );
    assert!(
        stderr.contains(&format!("{name}:4")),
        "bad answer row reported with its line: {stderr}"
    );
    assert!(
        stderr.contains("上一年度营业收入"),
        "the bad answer names its question: {stderr}"
    );
    assert!(
        !stderr.contains(&format!("{name}:2")) && !stderr.contains(&format!("{name}:5")),
        "good rows not reported: {stderr}"
    );
    let result = std::fs::read_to_string(&out).unwrap();
    let firms: std::collections::BTreeSet<&str> = result
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(firms, ["丁公司", "甲公司"].into_iter().collect());
    let cat = catalogue();
    assert_eq!(result.lines().count(), 1 + 2 * cat.measures().len());
}

#[test]
fn questions_for_a_firm_with_only_its_region() {
    let tmp = tempfile::tempdir().unwrap();
    let firm = tmp.path().join("firm.toml");
    std::fs::write(
        &firm,
        "name = \"只填了地区的企业\"\n[facts]\n\"firm.region\" = \"370103\"\n",
    )
    .unwrap();
    let o = run(huiqi()
        .args([
            "questions",
            "--as-of",
            "2026-11-30",
            "--measure",
            "jinan-gyqs-2020/7a",
            "--json",
            "--firm",
        ])
        .arg(&firm));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let qs: Json = serde_json::from_slice(&o.stdout).unwrap();
    let qs = qs.as_array().expect("a list of questions");
    assert!(!qs.is_empty());
    assert_eq!(
        qs[0]["fact"], "firm.is_industrial",
        "scope question first: {qs:?}"
    );
    assert_eq!(qs[0]["add_item"], false);
    assert!(
        qs.iter().all(|q| q["fact"] != "firm.region"),
        "region already answered"
    );
    let add = qs
        .iter()
        .find(|q| q["add_item"] == true)
        .expect("asks to add a project");
    assert_eq!(add["fact"], "jinan-gyqs-2020.project");
    assert!(add["label"].as_str().unwrap().starts_with("添加"));
    assert!(
        add["measures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "jinan-gyqs-2020/7a")
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Replaces the first occurrence of `from` in `file`; panics if absent (the fixture moved).
fn inject(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let t = std::fs::read_to_string(&path).unwrap();
    assert!(t.contains(from), "{file} no longer contains {from:?}");
    std::fs::write(&path, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn lint_reports_every_injected_problem_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("assets");
    copy_dir(&repo().join("assets"), &root);
    let clean = run(huiqi().args(["catalog", "lint"]).arg(&root));
    assert!(
        clean.status.success(),
        "the copy lints clean first: {}",
        text(&clean.stdout)
    );

    let p = "policies/shandong/jinan";
    let gyqs = format!("{p}/jinan-gyqs-2020/measures.toml");
    inject(
        &root,
        &gyqs,
        "clause = \"7\"\n",
        "clause = \"7\"\nbogus_key = \"x\"\n",
    );
    // A duplicate measure id: the second measure of a file takes the first one's id.
    let iiot = format!("{p}/jinan-iiot-2020/measures.toml");
    let t = std::fs::read_to_string(root.join(&iiot)).unwrap();
    let ids: Vec<&str> = t
        .lines()
        .filter(|l| l.starts_with("id = \"jinan-iiot-2020/"))
        .take(2)
        .collect();
    inject(
        &root,
        &iiot,
        &format!("\n{}\n", ids[1]),
        &format!("\n{}\n", ids[0]),
    );
    let hebei = "policies/hebei/hebei-digital-2025/document.toml";
    inject(&root, hebei, "date = 2025-01-14", "date = 2025-02-30");
    let tianjin = "policies/tianjin/tianjin-culture-tourism/measures.toml";
    inject(&root, tianjin, "打造一批“津味”十足", "打造一大批“津味”十足");
    let beijing = "policies/beijing/beijing-h2-2024/measures.toml";
    inject(
        &root,
        beijing,
        "when = \"beijing-h2-2024.consortium\"",
        "when = \"beijing-h2-2024.no_such_fact\"",
    );
    let j3 = format!("{p}/jinan-2020-3/measures.toml");
    let t = std::fs::read_to_string(root.join(&j3)).unwrap();
    let cap = t
        .split("per = \"award\", amount = \"")
        .nth(1)
        .and_then(|rest| rest.split_once("万元\""))
        .map(|(n, _)| n.to_string())
        .expect("a cap in 万元");
    inject(
        &root,
        &j3,
        &format!("per = \"award\", amount = \"{cap}万元\""),
        &format!("per = \"award\", amount = \"{cap}\""),
    );
    // A cap without its period, and a cap whose words are not in the source.
    let cangzhou = "policies/hebei/cangzhou/cangzhou-lowalt-2025/measures.toml";
    inject(&root, cangzhou, "{ per = \"item_year\", amount", "{ amount");
    inject(
        &root,
        beijing,
        "quote = \"单个产品不超过500万元\"",
        "quote = \"单个产品不超过600万元\"",
    );

    let o = run(huiqi().args(["catalog", "lint"]).arg(&root));
    let stdout = text(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(1),
        "lint exit code; output:\n{stdout}"
    );
    // `file:line: field: message` for each injected problem.
    let located = |file: &str, words: &[&str], min_line: usize| {
        stdout.lines().any(|l| {
            let mut parts = l.splitn(3, ':');
            let (f, n) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            f.ends_with(file)
                && n.parse::<usize>().is_ok_and(|n| n >= min_line)
                && words.iter().any(|w| l.contains(w))
        })
    };
    let expected: [(&str, &[&str], usize, &str); 8] = [
        (&gyqs, &["bogus_key"], 1, "unknown key"),
        (
            &iiot,
            &[ids[0].trim_start_matches("id = ").trim_matches('"')],
            1,
            "duplicate id",
        ),
        (hebei, &["date", "日期"], 1, "bad date"),
        (tianjin, &["quote", "原文"], 1, "quote not in source"),
        (beijing, &["no_such_fact"], 1, "unknown fact"),
        (&j3, &["cap", "单位"], 1, "cap without unit"),
        (cangzhou, &["per"], 1, "cap without its period"),
        (beijing, &["caps.quote"], 1, "cap quote not in source"),
    ];
    let mut missed = Vec::new();
    for (file, words, min_line, what) in expected {
        if !located(file, words, min_line) {
            missed.push(format!("{what} in {file}"));
        }
    }
    assert!(
        missed.is_empty(),
        "not reported as file:line: {missed:?}\noutput:\n{stdout}"
    );
}

#[test]
fn catalog_list_and_show() {
    let o = run(huiqi().args(["catalog", "list", "--json"]));
    assert!(o.status.success());
    let v: Json = serde_json::from_slice(&o.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 20);
    let cat = catalogue();
    assert_eq!(docs.len(), cat.documents.len());
    let measures: usize = docs
        .iter()
        .map(|d| d["measures"].as_array().unwrap().len())
        .sum();
    assert_eq!(measures, cat.measures().len());

    let o = run(huiqi().args(["catalog", "show", "jinan-gyqs-2020/7a"]));
    assert!(o.status.success());
    let out = text(&o.stdout);
    let quote = cat.measure("jinan-gyqs-2020/7a").unwrap().quotes[0]
        .get_ref()
        .clone();
    assert!(out.contains(&quote), "show prints the quote:\n{out}");
    assert!(out.contains("实际设备投资额 10% 的奖补"));
    // The amount in words, as the policy library shows it (render::amount_rule_zh).
    assert!(
        out.contains("金额（确定金额）：基数：项目实际设备投资额（不含软件）；比例：10%"),
        "{out}"
    );
}

#[test]
fn every_example_firm_file_assesses() {
    let dir = repo().join("docs/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("docs/examples")
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 7,
        "one example per catalogue region: {files:?}"
    );
    for f in &files {
        // The assessment date each example is written for is its first comment line `# as_of: D`.
        let t = std::fs::read_to_string(f).unwrap();
        let as_of = t
            .lines()
            .find_map(|l| l.strip_prefix("# as_of: "))
            .unwrap_or("2025-06-30")
            .trim()
            .to_string();
        let o = run(huiqi()
            .args(["assess", "--json", "--as-of", &as_of, "--firm"])
            .arg(f));
        assert!(o.status.success(), "{}: {}", f.display(), text(&o.stderr));
        let v: Json = serde_json::from_slice(&o.stdout).unwrap();
        let eligible = v["totals"]["eligible"].as_u64().unwrap();
        assert!(
            eligible >= 2,
            "{}: only {eligible} eligible measures",
            f.display()
        );
    }
}

#[test]
fn a_wrong_expectation_is_reported() {
    let cat = catalogue();
    let mut case = all_cases(&cat)
        .into_iter()
        .find(|c| c.id == "7a-basic")
        .expect("7a-basic");
    let right = Reported {
        status: "eligible".into(),
        amount: Some(dec("3000000")),
        would_have_paid: None,
        missing: vec![],
    };
    assert!(compare(&case, &right).is_ok());
    case.expect.amount = Some(dec("3000001"));
    assert!(compare(&case, &right).unwrap_err().contains("amount"));
    case.expect.status = huiqi_catalog::ExpectedStatus::NotEligible;
    assert!(compare(&case, &right).unwrap_err().contains("status"));
}

#[test]
fn calendar_lists_dates_and_writes_an_ics_file() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("c.ics");
    let out = run(huiqi()
        .args(["calendar", "--firm"])
        .arg(repo().join("docs/examples/hebei-cangzhou.toml"))
        .args(["--as-of", "2026-11-30", "--json", "--ics"])
        .arg(&ics));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<(&str, &str)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["date"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    // 有效期至2026年12月31日; 次年申报 → 2027-12-31; the 2026 route year claimable from 2027-01-01.
    assert_eq!(kinds.first(), Some(&("2026-12-31", "document_expires")));
    assert!(
        kinds.contains(&("2027-01-01", "becomes_claimable")),
        "{kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&("2027-12-31", "claim_window_closes")));
    let file = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(file.matches("BEGIN:VEVENT").count(), kinds.len());
}
