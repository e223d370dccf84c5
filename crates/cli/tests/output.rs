//! What the `huiqi` binary writes: `batch` rows agree with `assess --json` (batch decides
//! without building explanations), and a reader closing the pipe early ends the process quietly.

use serde_json::Value as Json;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn huiqi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_huiqi"))
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("docs/examples")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no example firm in docs/examples");
    files
}

/// The date an example is written for, from its `# as_of: D` comment.
fn as_of(file: &Path) -> String {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# as_of: "))
        .unwrap_or_else(|| panic!("{}: no `# as_of:` line", file.display()))
        .trim()
        .to_string()
}

/// One CSV line's fields (quoted fields may hold commas and doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

#[test]
fn batch_rows_agree_with_assess_json_for_every_example_firm() {
    let tmp = tempfile::tempdir().unwrap();
    let mut with_amount = 0;
    for file in examples() {
        let as_of = as_of(&file);
        let json = huiqi()
            .args(["assess", "--json", "--as-of", &as_of, "--firm"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(json.status.success(), "{}: assess failed", file.display());
        let json: Json = serde_json::from_slice(&json.stdout).unwrap();

        let dir = tmp.path().join(file.file_stem().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&file, dir.join(file.file_name().unwrap())).unwrap();
        let csv = tmp.path().join("out.csv");
        let batch = huiqi()
            .args(["batch", "--as-of", &as_of, "--firms"])
            .arg(&dir)
            .arg("--out")
            .arg(&csv)
            .output()
            .unwrap();
        assert!(batch.status.success(), "{}: batch failed", file.display());
        let csv = std::fs::read_to_string(&csv).unwrap();

        let text = |v: &Json| v.as_str().unwrap_or("").to_string();
        let expected: Vec<Vec<String>> = json["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let missing: Vec<String> =
                    m["missing"].as_array().unwrap().iter().map(text).collect();
                vec![
                    text(&m["id"]),
                    text(&m["status"]),
                    text(&m["amount"]),
                    text(&m["amount_class"]),
                    text(&m["counted_amount"]),
                    text(&m["would_have_paid"]),
                    missing.join(" "),
                ]
            })
            .collect();
        let rows: Vec<Vec<String>> = csv
            .lines()
            .skip(1)
            .map(|l| {
                let f = fields(l);
                assert_eq!(f.len(), 9, "{l}");
                assert_eq!(f[0], json["firm"].as_str().unwrap(), "{l}");
                f[2..].to_vec()
            })
            .collect();
        assert_eq!(rows, expected, "{}", file.display());
        with_amount += rows.iter().filter(|r| !r[2].is_empty()).count();
    }
    assert!(with_amount > 0, "no amount was compared");
}

#[test]
fn a_reader_closing_the_pipe_early_ends_huiqi_quietly() {
    // The JSON of an assessment is hundreds of KB, far more than a pipe holds (64 KiB by
    // default), so huiqi is still writing when the reader goes away.
    let file = &examples()[0];
    let mut child = huiqi()
        .args(["assess", "--json", "--as-of", &as_of(file), "--firm"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first.trim_end(), "{");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(stderr.is_empty(), "stderr: {stderr}");
    // 141 = 128 + SIGPIPE, what a shell reports for a filter stopped by a closed pipe.
    assert_eq!(out.status.code(), Some(141), "stderr: {stderr}");
}

/// `--lang en`: `assess` prints its headings, amounts and reasons in English and decides the
/// same; Chinese is left only where the catalogue has no English (the firm's name, a title
/// without `title_en`, a policy's quoted words in 〔…〕 or 「…」).
#[test]
fn assess_in_english_reads_english_and_decides_the_same() {
    let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut english_lines = 0;
    for file in examples() {
        let run = |lang: &str, json: bool| {
            let mut cmd = huiqi();
            cmd.args(["--lang", lang, "assess", "--as-of", &as_of(&file), "--firm"])
                .arg(&file);
            if json {
                cmd.arg("--json");
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let text = run("en", false);
        assert!(text.contains("support year") && text.contains("Totals (still claimable for"));
        for line in text.lines().skip(1) {
            // Headings, totals and the reasons a measure fails are the engine's and the CLI's
            // own words.
            if line.starts_with('[') || line.starts_with("Totals") || line.starts_with("      ✗")
            {
                let own = line.split(['〔', '「']).next().unwrap_or(line);
                assert!(!has_han(own), "{}: {line}", file.display());
                english_lines += 1;
            }
        }
        let (zh, en): (Json, Json) = (
            serde_json::from_str(&run("zh", true)).unwrap(),
            serde_json::from_str(&run("en", true)).unwrap(),
        );
        assert_eq!(zh["totals"], en["totals"], "{}", file.display());
        let mut questions = huiqi();
        questions
            .args([
                "--lang",
                "en",
                "questions",
                "--as-of",
                &as_of(&file),
                "--firm",
            ])
            .arg(&file);
        let asked = String::from_utf8(questions.output().unwrap().stdout).unwrap();
        assert!(
            !asked.contains("影响") && !asked.contains("可选"),
            "{asked}"
        );
        english_lines += asked
            .lines()
            .filter(|l| l.trim_start().starts_with("decides: "))
            .count();
    }
    assert!(english_lines > 20, "only {english_lines} lines checked");
}
