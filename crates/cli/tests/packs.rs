//! `huiqi catalog lint` on a pack and `huiqi pack …` (issue 17): golden cases run through the
//! engine and fail at their line with expected vs got; packs install beside the data file,
//! load at every start, can be removed, and `pack diff` names what changes per saved firm.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn huiqi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_huiqi"));
    c.env("HUIQI_DB", db);
    c
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/pack")
}

const CASES: &str = "policies/demo/demo-jinan-2020-3/cases.toml";

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("huiqi runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
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

/// A copy of the example pack with one edit, and the 1-based line of the edited text.
fn edited(tmp: &Path, file: &str, from: &str, to: &str) -> (PathBuf, usize) {
    let root = tmp.join("pack");
    copy_dir(&example(), &root);
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    let text = text.replacen(from, to, 1);
    let line = text.lines().position(|l| l.contains(to)).unwrap() + 1;
    std::fs::write(&path, text).unwrap();
    (root, line)
}

#[test]
fn the_example_pack_lints_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(huiqi(&tmp.path().join("d.db"))
        .args(["catalog", "lint"])
        .arg(example()));
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("4 golden cases pass"), "{}", out(&o));
}

#[test]
fn a_wrong_expected_amount_fails_at_the_case_line_with_expected_and_got() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, _) = edited(
        tmp.path(),
        CASES,
        "amount = \"1000000\"",
        "amount = \"1000001\"",
    );
    let case_line = header_line(&root, "demo-12c-champion");
    let o = run(huiqi(&tmp.path().join("d.db"))
        .args(["catalog", "lint"])
        .arg(&root));
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    let want = format!(
        "{}/{CASES}:{case_line}: case demo-12c-champion: 用例不符 / case fails: amount: expected 1000001, got 1000000",
        root.display()
    );
    assert!(text.starts_with(&want), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
}

/// Line of the `[[case]]` header of case `id` in the pack's cases file.
fn header_line(root: &Path, id: &str) -> usize {
    let text = std::fs::read_to_string(root.join(CASES)).unwrap();
    // The header is the line above `id = …`: the 0-based index of the id line is the
    // 1-based number of the header line.
    text.lines()
        .position(|l| l == format!("id = \"{id}\""))
        .unwrap()
}

#[test]
fn a_region_the_parser_refuses_fails_lint_at_the_case() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, _) = edited(
        tmp.path(),
        CASES,
        "\"firm.region\" = \"370112\"",
        "\"firm.region\" = \"济南新区\"",
    );
    let o = run(huiqi(&tmp.path().join("d.db"))
        .args(["catalog", "lint"])
        .arg(&root));
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    let line = header_line(&root, "demo-12c-champion");
    let prefix = format!("{}/{CASES}:{line}: case demo-12c-champion:", root.display());
    assert!(
        text.starts_with(&prefix) && text.contains("未知地区：济南新区"),
        "{text}"
    );
}

#[test]
fn a_status_typo_is_one_message_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, line) = edited(
        tmp.path(),
        CASES,
        "status = \"not_eligible\"",
        "status = \"not_eligble\"",
    );
    let o = run(huiqi(&tmp.path().join("d.db"))
        .args(["catalog", "lint"])
        .arg(&root));
    let text = out(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("{}/{CASES}:{line}: toml:", root.display())),
        "{text}"
    );
}

#[test]
fn a_pack_that_clashes_with_a_builtin_document_is_refused_and_nothing_installed() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("data").join("d.db");
    let doc = "policies/demo/demo-jinan-2020-3/document.toml";
    let (root, _) = edited(
        tmp.path(),
        doc,
        "key = \"demo-jinan-2020-3\"",
        "key = \"jinan-2020-3\"",
    );
    let o = run(huiqi(&db).args(["pack", "add"]).arg(&root));
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.starts_with(&format!("{}/{doc}:1: key:", root.display()))
            && text.contains("replaces = [\"jinan-2020-3\"]"),
        "{text}"
    );
    assert!(!tmp.path().join("data/packs/demo-champion").exists());
}

#[test]
fn a_pack_installs_loads_changes_a_firm_and_is_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("data").join("d.db");
    let ok = |args: &[&str]| {
        let o = run(huiqi(&db).args(args));
        assert!(
            o.status.success(),
            "{args:?}: {}{}",
            out(&o),
            String::from_utf8_lossy(&o.stderr)
        );
        out(&o)
    };
    ok(&[
        "firm",
        "add",
        "--name",
        "济南某冠军企业",
        "--region",
        "370112",
    ]);
    ok(&["answer", "set", "1", "firm.single_champion", "是"]);
    ok(&[
        "answer",
        "set",
        "1",
        "firm.single_champion_on",
        "2021-11-30",
    ]);
    let pack = example();
    let pack = pack.to_str().unwrap();

    let diff = ok(&["pack", "diff", pack, "--as-of", "2026-11-30"]);
    assert!(
        diff.contains("demo-jinan-2020-3/12c") && diff.contains("— → eligible 1000000.00"),
        "{diff}"
    );
    ok(&["pack", "add", pack]);
    assert!(
        tmp.path()
            .join("data/packs/demo-champion/pack.toml")
            .is_file()
    );
    assert!(ok(&["pack", "list"]).contains("demo-champion"));
    let assessed = ok(&[
        "assess",
        "--firm-id",
        "1",
        "--as-of",
        "2026-11-30",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&assessed).unwrap();
    let version = json["catalog_version"].as_str().unwrap();
    assert!(version.contains("政策包 demo-champion 2026.1"), "{version}");
    let outcome = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "demo-jinan-2020-3/12c")
        .expect("the pack's measure is assessed");
    assert_eq!(outcome["status"], "eligible");
    assert_eq!(outcome["amount"], "1000000.00");
    assert!(ok(&["catalog", "list"]).contains("未编码 / not yet encoded: 12 条"));

    // What removing it would change: the same measure, the other way round.
    let removal = ok(&[
        "pack",
        "diff",
        "--remove",
        "demo-champion",
        "--as-of",
        "2026-11-30",
    ]);
    assert!(
        removal.contains("demo-jinan-2020-3/12c") && removal.contains("eligible 1000000.00 → —"),
        "{removal}"
    );
    let unknown =
        run(huiqi(&db).args(["pack", "diff", "--remove", "nope", "--as-of", "2026-11-30"]));
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no installed pack nope"));

    ok(&["pack", "remove", "demo-champion"]);
    assert!(!tmp.path().join("data/packs/demo-champion").exists());
    let after = ok(&[
        "assess",
        "--firm-id",
        "1",
        "--as-of",
        "2026-11-30",
        "--json",
    ]);
    assert!(!after.contains("demo-jinan-2020-3/12c"));
}

#[test]
fn a_zip_of_the_pack_folder_checks_like_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let zip_path = tmp.path().join("demo.zip");
    let file = std::fs::File::create(&zip_path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    let mut stack = vec![example()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(example())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            zip.start_file(format!("demo-champion/{rel}"), opts)
                .unwrap();
            std::io::Write::write_all(&mut zip, &std::fs::read(&p).unwrap()).unwrap();
        }
    }
    zip.finish().unwrap();
    let o = run(huiqi(&tmp.path().join("d.db"))
        .args(["pack", "check"])
        .arg(&zip_path));
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("demo-champion 2026.1"), "{}", out(&o));
}

/// docs/authoring.md shows the example pack as it is: every block marked
/// `<!-- file: PATH -->` is an exact excerpt of that file of docs/examples/pack, which
/// `the_example_pack_lints_clean` keeps passing lint.
#[test]
fn the_authoring_guide_quotes_the_example_pack_exactly() {
    let guide_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/authoring.md");
    let guide = std::fs::read_to_string(guide_path).unwrap();
    let mut checked = 0;
    for part in guide.split("<!-- file: ").skip(1) {
        let (file, rest) = part.split_once(" -->").unwrap();
        let block = rest
            .split_once("```toml\n")
            .and_then(|(_, b)| b.split_once("```"))
            .map(|(b, _)| b)
            .unwrap();
        let text =
            std::fs::read_to_string(example().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            text.contains(block),
            "docs/authoring.md shows {file} differently:\n{block}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} excerpts");
}
