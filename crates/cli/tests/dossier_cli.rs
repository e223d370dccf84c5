//! `huiqi dossier` as a new user runs it: measures that cannot be claimed are refused, an
//! existing file is never emptied by a failed run, Word output, split dossiers, and cover
//! values that cannot be printed are errors naming the field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/jinan-manufacturer.toml")
}

fn dossier(firm: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huiqi"))
        .args(["dossier", "--as-of", "2026-11-30", "--firm"])
        .arg(firm)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("huiqi runs")
}

fn said(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
}

/// The example firm under another name.
fn renamed(dir: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(example()).unwrap();
    let text = text.replace(
        "name = \"济南某智能装备制造有限公司\"",
        &format!("name = \"{name}\""),
    );
    let path = dir.join("firm.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn unclaimable_and_duplicate_measures_are_refused_and_the_old_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    std::fs::write(&out, b"the signed copy").unwrap();

    let o = dossier(
        &example(),
        &out,
        &["--measures", "beijing-h2-2024/1.2,jinan-iiot-2020/2.5b"],
    );
    assert!(!o.status.success());
    let s = said(&o);
    assert!(
        s.contains("beijing-h2-2024/1.2") && s.contains("不适用"),
        "{s}"
    );
    assert!(
        s.contains("jinan-iiot-2020/2.5b") && s.contains("已过期"),
        "{s}"
    );

    let o = dossier(
        &example(),
        &out,
        &["--measures", "jinan-gyqs-2020/7a,jinan-gyqs-2020/7a"],
    );
    assert!(!o.status.success());
    assert!(said(&o).contains("重复"), "{}", said(&o));
    assert_eq!(std::fs::read(&out).unwrap(), b"the signed copy");

    // A successful run replaces it whole.
    let o = dossier(&example(), &out, &["--measures", " jinan-gyqs-2020/7a "]);
    assert!(o.status.success(), "{}", said(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left beside the PDF");
}

#[test]
fn word_output_and_split_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("x.docx");
    let o = dossier(&example(), &docx, &[]);
    assert!(o.status.success(), "{}", said(&o));
    let bytes = std::fs::read(&docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip package");

    let pdf = dir.path().join("y.pdf");
    let o = dossier(&example(), &pdf, &["--split", "department"]);
    assert!(o.status.success(), "{}", said(&o));
    let parts: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("y-") && n.ends_with(".pdf"))
        .collect();
    assert!(!parts.is_empty(), "{}", said(&o));
    assert!(!pdf.exists(), "split writes the parts, not the whole");
    assert_eq!(said(&o).matches("已生成").count(), parts.len());
}

#[test]
fn cover_values_that_cannot_be_printed_are_errors_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    // 300 characters: no cover size holds it.
    let firm = renamed(dir.path(), &"济南".repeat(150));
    let o = dossier(&firm, &out, &[]);
    assert!(!o.status.success());
    let s = said(&o);
    assert!(s.contains("申报单位") && s.contains("too long"), "{s}");
    assert!(!out.exists());

    // A character no bundled face has: the field and the character, in both languages.
    let firm = renamed(dir.path(), "济南😀机械有限公司");
    let o = dossier(&firm, &out, &[]);
    assert!(!o.status.success());
    let s = said(&o);
    assert!(s.contains("申报单位名称") && s.contains("firm name"), "{s}");
    assert!(s.contains("U+1F600"), "{s}");
    assert!(!out.exists());

    // 70+ characters fit (wrapped or shrunk within the field).
    let firm = renamed(
        dir.path(),
        &format!("{}有限公司", "济南某智能装备".repeat(10)),
    );
    let o = dossier(&firm, &out, &[]);
    assert!(o.status.success(), "{}", said(&o));
}
