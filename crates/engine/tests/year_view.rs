//! `year_view` (what the assessments read) shows the same answers as `facts_for_year` (what
//! the questionnaire and the dossier read): the answers given, plus the derived facts beside
//! them instead of inside a copy. Checked on every golden case (some keep figures per year,
//! many have an industry that decides a fact) and on every document's cases merged into one
//! firm, by reading every fact of the catalogue both ways.

mod common;

use chrono::Datelike;
use huiqi_catalog::Catalogue;
use huiqi_engine::eval::Env;
use huiqi_engine::period::{facts_for_year, year_view};
use huiqi_engine::{Facts, FirmFile};

/// Differences between the two readings of `facts` for `year` (empty when none), and
/// whether any fact was derived.
fn differences(cat: &Catalogue, facts: &Facts, year: i32) -> (Vec<String>, bool) {
    let folded = facts_for_year(cat, facts, year);
    let (view, derived) = year_view(cat, facts, year);
    let env = |facts, derived| Env {
        facts,
        item: None,
        as_of: chrono::NaiveDate::from_ymd_opt(year, 6, 30).unwrap(),
        year,
        slots: None,
        derived,
    };
    let (by_fold, by_view) = (env(&folded, &[]), env(&view, &derived));
    let problems = cat
        .facts
        .iter()
        .map(|f| f.id())
        .filter(|id| by_fold.lookup(id) != by_view.lookup(id))
        .map(|id| {
            format!(
                "{id}: {:?} (facts_for_year) vs {:?} (year_view)",
                by_fold.lookup(id),
                by_view.lookup(id)
            )
        })
        .collect();
    (problems, !derived.is_empty())
}

#[test]
fn year_view_reads_every_fact_as_facts_for_year() {
    let cat = Catalogue::builtin().expect("built-in catalogue");
    let (mut failures, mut firms, mut with_derived) = (Vec::new(), 0, 0);
    for doc in &cat.documents {
        let mut firms_of_doc: Vec<(String, Facts, i32)> = doc
            .cases
            .iter()
            .map(|case| {
                let facts = FirmFile::from_case(case)
                    .facts(&cat, Some(case.as_of))
                    .unwrap_or_else(|e| panic!("golden case {}: {e}", case.id));
                let year = case.year.unwrap_or(case.as_of.year());
                (case.id.clone(), facts, year)
            })
            .collect();
        if let Some(first) = doc.cases.first() {
            let merged = common::merged_firm(&cat, &doc.cases, false);
            firms_of_doc.push((doc.doc.key.clone(), merged, first.as_of.year()));
        }
        for (name, facts, year) in firms_of_doc {
            let (problems, derived) = differences(&cat, &facts, year);
            firms += 1;
            with_derived += usize::from(derived);
            failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
        }
    }
    assert!(firms > 100, "only {firms} firms read");
    assert!(
        with_derived > 10,
        "only {with_derived} firms with a derived fact: the comparison proves little"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
