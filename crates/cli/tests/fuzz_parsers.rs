//! Property ("fuzz") tests on stable Rust: every parser that reads a user's file or text is
//! fed arbitrary input and mutations of real input, and must answer with a value or an error,
//! never a panic: the firm-file parser, the answer parser (every question of the built-in
//! catalogue), CSV import, JSON (export) import and the catalogue loader.
//!
//! The test command runs a few dozen cases each; `scripts/fuzz.sh` runs many more
//! (`HUIQI_FUZZ_CASES`, release build). A failure prints the smallest input proptest found;
//! it is kept in `proptest-regressions/` beside this file and replayed first next time.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use huiqi_app::imports::{check_export, without_bad_answers};
use huiqi_catalog::Catalogue;
use huiqi_engine::FirmFile;
use huiqi_store::{AnswerKey, AnswerSource, ImportMode, NewFirm, Store, parse_csv, parse_export};
use proptest::prelude::*;

/// `default` cases, or `$HUIQI_FUZZ_CASES / divisor` when set (scripts/fuzz.sh).
fn cases(default: u32, divisor: u32) -> ProptestConfig {
    let n = std::env::var("HUIQI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .map_or(default, |n| (n / divisor).max(1));
    ProptestConfig::with_cases(n)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::builtin().expect("built-in catalogue"))
}

fn example_firm_files() -> &'static Vec<String> {
    static FILES: OnceLock<Vec<String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = repo().join("docs/examples");
        // Firm files only: docs/examples/pack/ is the example policy pack.
        let mut out: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            // Firm files only: docs/examples/pack/ is a policy pack.
            .filter(|e| e.path().is_file())
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        out.sort();
        out
    })
}

/// Every catalogue file as the loader reads it: (path relative to assets/, text).
fn catalogue_files() -> &'static Vec<(String, String)> {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = repo().join("assets");
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    if !path.ends_with("fonts") {
                        stack.push(path);
                    }
                    continue;
                }
                if !matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("toml" | "txt" | "csv")
                ) {
                    continue;
                }
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
        out.sort();
        out
    })
}

/// A real export file with answers of several kinds, an item and an attachment.
fn sample_export() -> &'static Vec<u8> {
    static DOC: OnceLock<Vec<u8>> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut s = Store::open_in_memory().unwrap();
        let f = s
            .create_firm(&NewFirm {
                name: "济南示例科技有限公司".into(),
                region: Some("370102".into()),
                industry: Some("C34".into()),
                ..NewFirm::default()
            })
            .unwrap();
        for (fact, v) in [
            ("firm.is_industrial", "是"),
            ("firm.revenue_last_year", "1,200万"),
            ("firm.employees", "35"),
        ] {
            s.set_answer(f, &AnswerKey::firm(fact), Some(v), AnswerSource::Typed)
                .unwrap();
        }
        s.add_attachment(f, "jinan-gyqs-2020/7a", None, "发票.pdf", b"%PDF-1.4")
            .unwrap();
        s.export_firm(f).unwrap()
    })
}

/// One edit of a text: replace, insert or delete a run of characters at a position.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, String),
    Insert(usize, String),
    Delete(usize, usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    // Characters the formats care about, plus anything at all.
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("=".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("\n".to_string()),
        Just(",".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("万".to_string()),
        Just("-".to_string()),
        Just("9".repeat(40)),
        Just("\u{FEFF}".to_string()),
        any::<String>(),
    ];
    prop_oneof![
        (any::<usize>(), piece.clone()).prop_map(|(i, s)| Edit::Replace(i, s)),
        (any::<usize>(), piece).prop_map(|(i, s)| Edit::Insert(i, s)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Delete(i, n)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match e {
            Edit::Replace(i, s) => {
                let p = at(*i, chars.len());
                let end = (p + s.chars().count()).min(chars.len());
                chars.splice(p..end, s.chars());
            }
            Edit::Insert(i, s) => {
                let p = at(*i, chars.len());
                chars.splice(p..p, s.chars());
            }
            Edit::Delete(i, n) => {
                let p = at(*i, chars.len());
                let end = (p + n).min(chars.len());
                chars.drain(p..end);
            }
        }
    }
    chars.into_iter().collect()
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

proptest! {
    #![proptest_config(cases(64, 1))]

    #[test]
    fn firm_file_parser_never_panics_on_arbitrary_text(text in any::<String>()) {
        if let Ok(f) = FirmFile::parse(&text) {
            let _ = f.facts(catalogue(), Some(as_of()));
        }
    }

    #[test]
    fn firm_file_parser_never_panics_on_edited_examples(
        which in any::<usize>(),
        edits in prop::collection::vec(edit_strategy(), 1..6),
    ) {
        let files = example_firm_files();
        let text = apply(&files[which % files.len()], &edits);
        if let Ok(f) = FirmFile::parse(&text) {
            let _ = f.facts(catalogue(), Some(as_of()));
        }
    }

    #[test]
    fn answer_parser_never_panics(
        which in any::<usize>(),
        text in prop_oneof![
            any::<String>(),
            "[-+]?[0-9,，.]{0,30}(万|亿|元|万元|%|％|人|个)?",
            "[0-9]{4}[-年/.][0-9]{1,2}[-月/.][0-9]{1,2}日?",
        ],
    ) {
        let cat = catalogue();
        let facts: Vec<&str> = cat.facts.iter().map(|f| f.id()).collect();
        let fact = facts[which % facts.len()];
        let _ = huiqi_app::firm_facts::validate_answer(cat, fact, &text, Some(as_of()));
        let _ = huiqi_app::firm_facts::validate_answer(cat, fact, &text, None);
    }

    #[test]
    fn csv_import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_csv(&text);
        let mut s = Store::open_in_memory().unwrap();
        let cat = catalogue();
        let check = |p: &mut NewFirm| huiqi_app::imports::check_profile(cat, p);
        let _ = s.firms_csv_checked(&bytes, true, &check);
    }

    #[test]
    fn csv_import_never_panics_on_edited_tables(
        edits in prop::collection::vec(edit_strategy(), 1..6),
    ) {
        let table = "企业名称,统一社会信用代码,所在地区,所属行业\n\
                     甲公司,91350100M000100Y43,370102,C34\n\
                     \"乙,公司\",,370103,\n";
        let text = apply(table, &edits);
        let mut s = Store::open_in_memory().unwrap();
        let cat = catalogue();
        let check = |p: &mut NewFirm| huiqi_app::imports::check_profile(cat, p);
        let _ = s.firms_csv_checked(text.as_bytes(), true, &check);
    }

    #[test]
    fn json_import_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_export(&bytes);
        let mut s = Store::open_in_memory().unwrap();
        let _ = s.import_firm(&bytes, Some(ImportMode::KeepBoth));
    }

    #[test]
    fn json_import_never_panics_on_edited_exports(
        edits in prop::collection::vec(edit_strategy(), 1..6),
    ) {
        let text = apply(&String::from_utf8_lossy(sample_export()), &edits);
        let Ok(doc) = parse_export(text.as_bytes()) else { return Ok(()) };
        let bad = check_export(catalogue(), &doc);
        let doc = without_bad_answers(doc, &bad);
        // What survives the checks imports, or is refused with an error.
        let mut s = Store::open_in_memory().unwrap();
        if let Ok(id) = s.import_doc(&doc, Some(ImportMode::KeepBoth)) {
            prop_assert!(check_export(catalogue(), &s.export_doc(id).unwrap()).is_empty());
        }
    }
}

proptest! {
    // The loader reads the whole catalogue (about a hundred files): fewer cases.
    #![proptest_config(cases(8, 10))]

    #[test]
    fn catalogue_loader_never_panics_on_an_edited_file(
        which in any::<usize>(),
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        let mut files = catalogue_files().clone();
        let n = files.len();
        let (_, text) = &mut files[which % n];
        *text = apply(text, &edits);
        let _ = Catalogue::from_files(&files);
    }
}
