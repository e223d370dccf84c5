//! The compiled catalogue (`Catalogue::builtin`, embedded by build.rs) assesses exactly as the
//! built-in files through the strict loader (`Catalogue::builtin_loaded`): every golden case,
//! every example firm in docs/examples/ and an empty firm, outcome by outcome, with the
//! explanation (full assessment) and the questions.

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::{AssessOptions, Assessment, Facts, FirmFile, assess_with, questions};
use std::path::Path;

/// One firm on one date through both catalogues; every difference, by measure.
fn differences(
    compiled: &Catalogue,
    loaded: &Catalogue,
    firm: &FirmFile,
    as_of: NaiveDate,
    only: Option<&[String]>,
) -> Vec<String> {
    let read = |cat: &Catalogue| firm.facts(cat, Some(as_of)).map_err(|e| e.to_string());
    let (facts_c, facts_l) = (read(compiled), read(loaded));
    if facts_c != facts_l {
        return vec![format!(
            "facts read differently: {facts_c:?} vs {facts_l:?}"
        )];
    }
    let Ok(facts) = facts_c else {
        return vec![];
    };
    let mut problems = compare(
        &assess_with(compiled, &facts, as_of, only, AssessOptions::FULL),
        &assess_with(loaded, &facts, as_of, only, AssessOptions::FULL),
    );
    if questions(compiled, &facts, as_of, only) != questions(loaded, &facts, as_of, only) {
        problems.push("questions differ".into());
    }
    problems
}

fn compare(compiled: &Assessment, loaded: &Assessment) -> Vec<String> {
    let mut problems = Vec::new();
    if compiled.outcomes.len() != loaded.outcomes.len() {
        problems.push(format!(
            "{} outcomes (compiled) vs {} (loaded)",
            compiled.outcomes.len(),
            loaded.outcomes.len()
        ));
    }
    for (c, l) in compiled.outcomes.iter().zip(&loaded.outcomes) {
        if c != l {
            problems.push(format!("{}: {c:?} (compiled) vs {l:?} (loaded)", c.measure));
        }
    }
    if compiled != loaded {
        problems.push("the assessments differ outside their outcomes".into());
    }
    problems
}

fn catalogues() -> (Catalogue, Catalogue) {
    (
        Catalogue::builtin().expect("compiled catalogue"),
        Catalogue::builtin_loaded().expect("built-in files through the loader"),
    )
}

#[test]
fn compiled_catalogue_decides_every_golden_case_as_the_loaded_one() {
    let (compiled, loaded) = catalogues();
    let mut ran = 0;
    let mut failures = Vec::new();
    for case in loaded.documents.iter().flat_map(|d| &d.cases) {
        let firm = FirmFile::from_case(case);
        // The whole catalogue (with non-stacking) and the measure alone, as the golden test.
        for only in [None, Some(std::slice::from_ref(&case.measure))] {
            ran += 1;
            for p in differences(&compiled, &loaded, &firm, case.as_of, only) {
                failures.push(format!("{}: {p}", case.id));
            }
        }
    }
    assert!(ran > 100, "only {ran} runs: are the golden cases loaded?");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn compiled_catalogue_decides_every_example_firm_as_the_loaded_one() {
    let (compiled, loaded) = catalogues();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut files: Vec<_> = std::fs::read_dir(examples)
        .expect("docs/examples")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() > 3, "example firms missing: {files:?}");
    let mut failures = Vec::new();
    let mut eligible = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let as_of = text
            .lines()
            .find_map(|l| l.strip_prefix("# as_of: "))
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .unwrap_or_else(|| panic!("{}: no `# as_of:` line", f.display()));
        let firm = FirmFile::parse(&text).unwrap();
        let facts = firm.facts(&compiled, Some(as_of)).unwrap();
        eligible += assess_with(&compiled, &facts, as_of, None, AssessOptions::LEAN)
            .totals
            .eligible;
        for p in differences(&compiled, &loaded, &firm, as_of, None) {
            failures.push(format!("{}: {p}", f.display()));
        }
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let empty = Facts::default();
    failures.extend(compare(
        &assess_with(&compiled, &empty, as_of, None, AssessOptions::FULL),
        &assess_with(&loaded, &empty, as_of, None, AssessOptions::FULL),
    ));
    assert!(eligible > 0, "no example firm is eligible for anything");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
