//! Golden cases through the engine: what `huiqi catalog lint`, pack checks and the test suite
//! run, so an encoder's arithmetic is checked by the same code wherever it is checked.

use crate::period::{case_period, case_received};
use crate::{FirmFile, Status, assess};
use huiqi_catalog::{Catalogue, GoldenCase, Issue};

/// Runs one case; Err says how the outcome differs from the expectation (expected vs got).
pub fn run_case(cat: &Catalogue, case: &GoldenCase) -> Result<(), String> {
    // A golden case is read exactly like a firm file, through the same parser.
    let firm = FirmFile::from_case(case);
    // One line per failing case: the parser's list of rejected answers joined.
    let mut facts = firm
        .facts(cat, Some(case.as_of))
        .map_err(|e| e.to_string().replace('\n', "; "))?;
    facts.received = case_received(case)?;
    let doc = case.measure.split('/').next().unwrap_or_default();
    let period = case_period(case, doc)?;
    let mut only = vec![case.measure.clone()];
    only.extend(case.with.iter().cloned());
    let a = assess(cat, &facts, period, Some(&only));
    let o = a
        .outcome(&case.measure)
        .ok_or("措施未评估 / measure not assessed")?;
    let e = &case.expect;
    let mut problems = Vec::new();
    if o.status.as_str() != e.status.as_str() {
        problems.push(format!(
            "status: expected {}, got {}; failed={:?} missing={:?}",
            e.status.as_str(),
            o.status.as_str(),
            o.failed,
            o.missing
        ));
    }
    // Compared as numbers; shown without trailing zeros (3000000, not 3000000.00).
    let n = |d: rust_decimal::Decimal| d.normalize();
    match (e.amount, o.amount) {
        (Some(x), Some(y)) if x != y => problems.push(format!(
            "amount: expected {x}, got {}; calculation={:?}",
            n(y),
            o.calculation
        )),
        (Some(x), None) => problems.push(format!("amount: expected {x}, got none")),
        (None, Some(y)) if matches!(o.status, Status::Eligible | Status::Accruing) => {
            problems.push(format!("amount: expected none, got {}", n(y)))
        }
        _ => {}
    }
    if let Some(c) = e.class
        && c != o.class
    {
        problems.push(format!("class: expected {c:?}, got {:?}", o.class));
    }
    match (e.would_have_paid, o.would_have_paid) {
        (Some(x), Some(y)) if x != y => {
            problems.push(format!("would_have_paid: expected {x}, got {}", n(y)))
        }
        (Some(x), None) => problems.push(format!("would_have_paid: expected {x}, got none")),
        _ => {}
    }
    if let Some(total) = e.total
        && total != a.totals.exact
    {
        problems.push(format!(
            "total: expected {total}, got {}; calculation={:?}",
            n(a.totals.exact),
            o.calculation
        ));
    }
    if e.year.is_some() && e.year != o.year {
        problems.push(format!("year: expected {:?}, got {:?}", e.year, o.year));
    }
    if e.claimable_from.is_some() && e.claimable_from != o.claimable_from {
        problems.push(format!(
            "claimable_from: expected {:?}, got {:?}",
            e.claimable_from, o.claimable_from
        ));
    }
    if e.late_claim_until != o.late_claim_until {
        problems.push(format!(
            "late_claim_until: expected {:?}, got {:?}",
            e.late_claim_until, o.late_claim_until
        ));
    }
    for m in &e.missing {
        if !o.missing.contains(m) {
            problems.push(format!("missing: expected {m} among {:?}", o.missing));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Every golden case of the documents `include` accepts, as lint issues at the case's line.
pub fn check_cases(
    cat: &Catalogue,
    include: impl Fn(&huiqi_catalog::LoadedDocument) -> bool,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    for doc in cat.documents.iter().filter(|d| include(d)) {
        for case in &doc.cases {
            if let Err(why) = run_case(cat, case) {
                issues.push(Issue {
                    file: format!("{}/cases.toml", doc.folder),
                    line: case.line,
                    field: format!("case {}", case.id),
                    message: format!("用例不符 / case fails: {why}"),
                });
            }
        }
    }
    issues
}
