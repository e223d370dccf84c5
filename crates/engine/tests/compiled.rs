//! The compiled catalogue (`Catalogue::builtin`, embedded by build.rs) assesses exactly as the
//! built-in files through the strict loader (`Catalogue::builtin_loaded`): every golden case,
//! every example firm in docs/examples/ and an empty firm, outcome by outcome, with the
//! explanation (full assessment) and the questions.

mod common;

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::{AssessOptions, Assessment, Facts, FirmFile, assess_with, questions};

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
    let examples = common::example_firms();
    assert!(examples.len() > 3, "example firms missing");
    let mut failures = Vec::new();
    let mut eligible = 0;
    for e in &examples {
        let facts = e.facts(&compiled);
        eligible += assess_with(&compiled, &facts, e.as_of, None, AssessOptions::LEAN)
            .totals
            .eligible;
        for p in differences(&compiled, &loaded, &e.firm, e.as_of, None) {
            failures.push(format!("{}: {p}", e.path.display()));
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
