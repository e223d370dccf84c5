//! The lean assessments — `AssessOptions::LEAN` (the questionnaire) and `assess_lean` (batch,
//! the firm list, policy packs) — decide exactly as the full one: every golden case of the
//! catalogue and every example firm in docs/examples/, through all three, with the same
//! decision fields. The full assessments compared
//! are also checked for how a dropped measure's reason names the measure kept.

mod common;

use chrono::NaiveDate;
use common::merged_firm;
use huiqi_catalog::AmountClass;
use huiqi_catalog::{Catalogue, GoldenCase};
use huiqi_engine::assess::{Dropped, assess_measure_with};
use huiqi_engine::{
    AssessOptions, Assessment, Facts, FirmFile, LeanAssessment, Outcome, Status, assess_lean,
    assess_with,
};
use rust_decimal::Decimal;

/// An item's decision: (kind, id, status, amount, missing facts, dropped by).
type ItemDecision = (
    String,
    String,
    Status,
    Option<Decimal>,
    Vec<String>,
    Option<String>,
);

/// Everything an outcome decides, without its explanation.
#[derive(Debug, PartialEq)]
struct Decision {
    measure: String,
    status: Status,
    class: AmountClass,
    amount: Option<Decimal>,
    counted: Option<Decimal>,
    would_have_paid: Option<Decimal>,
    missing: Vec<String>,
    missing_items: Vec<String>,
    dropped: Option<Dropped>,
    items: Vec<ItemDecision>,
}

fn decision(o: &Outcome) -> Decision {
    Decision {
        measure: o.measure.to_string(),
        status: o.status,
        class: o.class,
        amount: o.amount,
        counted: o.counted_amount(),
        would_have_paid: o.would_have_paid,
        missing: o.missing.clone(),
        missing_items: o.missing_items.clone(),
        dropped: o.dropped.clone(),
        items: o
            .items
            .iter()
            .map(|i| {
                let (kind, id) = (i.kind.clone(), i.id.clone());
                (
                    kind,
                    id,
                    i.status,
                    i.amount,
                    i.missing.clone(),
                    i.dropped_by.clone(),
                )
            })
            .collect(),
    }
}

/// How often the full assessments compared had each kind of decision, so that a comparison
/// known to pass cannot pass only because nothing of the kind was compared.
#[derive(Debug, Default)]
struct Seen {
    dropped: usize,
    items_dropped: usize,
    item_amounts: usize,
    would_have_paid: usize,
    missing_items: usize,
    missing: usize,
}

/// What a compact lean outcome carries, from a full outcome.
type Compact = (
    String,
    Status,
    AmountClass,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    (Option<i32>, Option<NaiveDate>, Option<NaiveDate>),
    bool,
    Vec<String>,
);

fn compact_of_full(o: &Outcome) -> Compact {
    (
        o.measure.to_string(),
        o.status,
        o.class,
        o.amount,
        o.counted_amount(),
        o.would_have_paid,
        (o.year, o.claimable_from, o.late_claim_until),
        o.dropped.is_some(),
        o.missing.clone(),
    )
}

fn compact_of_lean(a: &LeanAssessment) -> Vec<Compact> {
    a.outcomes
        .iter()
        .map(|o| {
            (
                o.measure.id().to_string(),
                o.status,
                o.class,
                o.amount,
                o.counted_amount(),
                o.would_have_paid,
                (o.year, o.claimable_from, o.late_claim_until),
                o.dropped,
                a.missing(o).to_vec(),
            )
        })
        .collect()
}

/// Differences between the full assessment and `assess_lean` (empty when none).
fn compare_compact(full: &Assessment, lean: &LeanAssessment) -> Vec<String> {
    let mut problems = Vec::new();
    if (full.as_of, full.year, &full.totals) != (lean.as_of, lean.year, &lean.totals) {
        problems.push(format!(
            "totals {:?} (full) vs {:?} (assess_lean)",
            full.totals, lean.totals
        ));
    }
    let (f, l): (Vec<_>, _) = (
        full.outcomes.iter().map(compact_of_full).collect(),
        compact_of_lean(lean),
    );
    if f.len() != l.len() {
        problems.push(format!("{} outcomes vs {}", f.len(), l.len()));
    }
    for (f, l) in f.iter().zip(&l) {
        if f != l {
            problems.push(format!("{f:?} (full) vs {l:?} (assess_lean)"));
        }
    }
    problems
}

/// Differences between the full and the lean assessment of one firm (empty when none).
fn compare(
    cat: &Catalogue,
    facts: &Facts,
    as_of: NaiveDate,
    only: Option<&[String]>,
    seen: &mut Seen,
) -> Vec<String> {
    let full = assess_with(cat, facts, as_of, only, AssessOptions::FULL);
    let lean = assess_with(cat, facts, as_of, only, AssessOptions::LEAN);
    let mut problems = Vec::new();
    if only.is_none() {
        problems.extend(compare_compact(&full, &assess_lean(cat, facts, as_of)));
    }
    let Assessment {
        as_of: a,
        catalog_version: v,
        totals: t,
        ..
    } = &full;
    if (a, v, t) != (&lean.as_of, &lean.catalog_version, &lean.totals) {
        problems.push(format!("totals {t:?} (full) vs {:?} (lean)", lean.totals));
    }
    if full.outcomes.len() != lean.outcomes.len() {
        problems.push(format!(
            "{} outcomes (full) vs {} (lean)",
            full.outcomes.len(),
            lean.outcomes.len()
        ));
    }
    for (f, l) in full.outcomes.iter().zip(&lean.outcomes) {
        seen.dropped += usize::from(f.dropped.is_some());
        seen.items_dropped += f.items.iter().filter(|i| i.dropped_by.is_some()).count();
        seen.item_amounts += f.items.iter().filter(|i| i.amount.is_some()).count();
        seen.would_have_paid += usize::from(f.would_have_paid.is_some());
        seen.missing_items += usize::from(!f.missing_items.is_empty());
        seen.missing += usize::from(f.missing.len() > 1);
        // A dropped measure's reason (printed in the dossier's appendix) names the kept measure
        // as a reader knows it, “title”（id）, not by its id alone.
        if let Some(d) = &f.dropped {
            let kept = cat.measure(&d.kept).map_or("", |m| m.title.as_str());
            let named = format!("“{kept}”（{}）", d.kept);
            if kept.is_empty() || !d.reason.contains(&named) {
                problems.push(format!(
                    "{}: {:?} does not name {named}",
                    f.measure, d.reason
                ));
            }
        }
        let (df, dl) = (decision(f), decision(l));
        if df != dl {
            problems.push(format!("{}: {df:?} (full) vs {dl:?} (lean)", f.measure));
        }
        // Lean means lean: no explanation was built.
        let explained = !l.trace.is_empty()
            || !l.hints.is_empty()
            || !l.calculation.is_empty()
            || !l.failed.is_empty()
            || l.items
                .iter()
                .any(|i| !i.calculation.is_empty() || !i.failed.is_empty());
        if explained {
            problems.push(format!(
                "{}: the lean outcome carries an explanation",
                l.measure
            ));
        }
        // A single measure assessed alone (no non-stacking) decides the same in both modes too.
        let m = cat.measure(f.measure).unwrap();
        let one_full = assess_measure_with(cat, m, facts, as_of, AssessOptions::FULL);
        let one_lean = assess_measure_with(cat, m, facts, as_of, AssessOptions::LEAN);
        if decision(&one_full) != decision(&one_lean) {
            problems.push(format!("{}: assess_measure differs", f.measure));
        }
    }
    problems
}

/// A golden case's facts, read as a firm file (as tests/golden.rs does).
fn case_facts(cat: &Catalogue, case: &GoldenCase) -> Facts {
    FirmFile::from_case(case)
        .facts(cat, Some(case.as_of))
        .unwrap_or_else(|e| panic!("golden case {}: {e}", case.id))
}

#[test]
fn lean_decides_every_golden_case_as_full() {
    let cat = Catalogue::builtin().expect("built-in catalogue");
    let mut ran = 0;
    let mut failures = Vec::new();
    let mut seen = Seen::default();
    for case in cat.documents.iter().flat_map(|d| &d.cases) {
        let facts = case_facts(&cat, case);
        // The whole catalogue (with non-stacking) and, as the golden test runs it, the measure alone.
        for only in [None, Some(std::slice::from_ref(&case.measure))] {
            ran += 1;
            for p in compare(&cat, &facts, case.as_of, only, &mut seen) {
                failures.push(format!("{} [{}]: {p}", case.id, case.measure));
            }
        }
    }
    // The cases of each document together, on each date they are written for.
    for doc in &cat.documents {
        let mut dates: Vec<NaiveDate> = doc.cases.iter().map(|c| c.as_of).collect();
        dates.sort();
        dates.dedup();
        for shared_ids in [false, true] {
            let facts = merged_firm(&cat, &doc.cases, shared_ids);
            for &as_of in &dates {
                ran += 1;
                for p in compare(&cat, &facts, as_of, None, &mut seen) {
                    failures.push(format!("{} merged on {as_of}: {p}", doc.doc.key));
                }
            }
        }
    }
    assert!(ran > 100, "only {ran} runs: are the golden cases loaded?");
    let Seen {
        dropped,
        items_dropped,
        item_amounts,
        would_have_paid,
        missing_items,
        missing,
    } = seen;
    assert!(
        [
            dropped,
            items_dropped,
            item_amounts,
            would_have_paid,
            missing_items,
            missing
        ]
        .iter()
        .all(|&n| n > 0),
        "some kind of decision was never compared: {seen:?}"
    );
    assert!(
        failures.is_empty(),
        "{} difference(s) between full and lean:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn lean_decides_every_example_firm_and_an_empty_firm_as_full() {
    let cat = Catalogue::builtin().expect("built-in catalogue");
    let mut failures = Vec::new();
    let mut seen = Seen::default();
    let mut eligible = 0;
    for e in common::example_firms() {
        let facts = e.facts(&cat);
        eligible += assess_with(&cat, &facts, e.as_of, None, AssessOptions::LEAN)
            .totals
            .eligible;
        for p in compare(&cat, &facts, e.as_of, None, &mut seen) {
            failures.push(format!("{}: {p}", e.path.display()));
        }
    }
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for p in compare(&cat, &Facts::default(), as_of, None, &mut seen) {
        failures.push(format!("(empty firm): {p}"));
    }
    assert!(eligible > 0, "no example firm is eligible for anything");
    assert!(
        failures.is_empty(),
        "{} difference(s) between full and lean:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A firm registered outside a document's regions: every measure of the document is settled
/// by the document — out of scope with the region as the reason, however its own conditions
/// would come out — in the full and the lean assessment alike.
#[test]
fn a_document_outside_the_firms_region_is_settled_whole() {
    let cat = Catalogue::builtin().expect("built-in catalogue");
    let mut settled = 0;
    for d in cat.documents.iter().filter(|d| !d.cases.is_empty()) {
        // The document's own cases as one firm (its conditions mostly met), moved to a region
        // none of the document's regions contains.
        let mut facts = merged_firm(&cat, &d.cases, false);
        let outside = ["650100", "540100", "460100"]
            .into_iter()
            .find(|c| {
                !d.doc
                    .regions
                    .iter()
                    .any(|r| huiqi_catalog::tables::region_within(c, r))
            })
            .expect("a region outside the document");
        facts.firm.insert(
            "firm.region".into(),
            huiqi_engine::Value::Text(outside.into()),
        );
        let as_of = d.cases[0].as_of;
        let full = assess_with(&cat, &facts, as_of, None, AssessOptions::FULL);
        let lean = assess_with(&cat, &facts, as_of, None, AssessOptions::LEAN);
        let compact = assess_lean(&cat, &facts, as_of);
        for id in &d.measures {
            let c = compact.outcome(id).expect("assess_lean outcome");
            assert_eq!(c.status, Status::OutOfScope, "{id}");
            assert!(compact.missing(c).is_empty(), "{id}");
            let (f, l) = (
                full.outcome(id).expect("full outcome"),
                lean.outcome(id).expect("lean outcome"),
            );
            assert_eq!(
                (f.status, l.status),
                (Status::OutOfScope, Status::OutOfScope),
                "{id}"
            );
            assert_eq!(f.failed, ["企业注册地不在本政策适用地区"], "{id}");
            assert_eq!(f.trace.len(), 1, "{id}: only the region step");
            assert!(l.trace.is_empty() && l.failed.is_empty() && l.missing.is_empty());
            settled += 1;
        }
    }
    assert!(settled > 100, "only {settled} measures settled");
}
