//! Runs every golden case of the catalogue (written from the policy texts) through the engine.
//! `GOLDEN_FILTER=<substring>` limits the run to matching case or measure ids while encoding.

use huiqi_catalog::{Catalogue, GoldenCase, LoadedDocument};
use huiqi_engine::period::{case_period, case_received};
use huiqi_engine::{FirmFile, Status, assess};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

fn assets() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets")
}

/// Runs one case; Err describes the mismatch.
pub fn run_case(cat: &Catalogue, case: &GoldenCase) -> Result<(), String> {
    // A golden case is read exactly like a firm file, through the same parser.
    let firm = FirmFile::from_case(case);
    let mut facts = firm
        .facts(cat, Some(case.as_of))
        .map_err(|e| e.to_string())?;
    facts.received = case_received(case)?;
    let doc = case.measure.split('/').next().unwrap_or_default();
    let period = case_period(case, doc)?;
    let mut only = vec![case.measure.clone()];
    only.extend(case.with.iter().cloned());
    let a = assess(cat, &facts, period, Some(&only));
    let o = a.outcome(&case.measure).ok_or("measure not assessed")?;
    let e = &case.expect;
    let mut problems = Vec::new();
    if o.status.as_str() != e.status {
        problems.push(format!(
            "status {} (expected {}); failed={:?} missing={:?}",
            o.status.as_str(),
            e.status,
            o.failed,
            o.missing
        ));
    }
    let dec = |s: &str| Decimal::from_str(s).map_err(|_| format!("bad decimal {s}"));
    match (&e.amount, o.amount) {
        (Some(x), Some(y)) if dec(x)? != y => problems.push(format!(
            "amount {y} (expected {x}); calc={:?}",
            o.calculation
        )),
        (Some(x), None) => problems.push(format!("no amount (expected {x})")),
        (None, Some(y)) if matches!(o.status, Status::Eligible | Status::Accruing) => {
            problems.push(format!("amount {y} (expected none)"))
        }
        _ => {}
    }
    if let Some(c) = e.class
        && c != o.class
    {
        problems.push(format!("class {:?} (expected {c:?})", o.class));
    }
    match (&e.would_have_paid, o.would_have_paid) {
        (Some(x), Some(y)) if dec(x)? != y => {
            problems.push(format!("would_have_paid {y} (expected {x})"))
        }
        (Some(x), None) => problems.push(format!("no would_have_paid (expected {x})")),
        _ => {}
    }
    if let Some(total) = &e.total
        && dec(total)? != a.totals.exact
    {
        problems.push(format!(
            "exact total {} (expected {total}); calculation={:?}",
            a.totals.exact, o.calculation
        ));
    }
    if e.year.is_some() && e.year != o.year {
        problems.push(format!("year {:?} (expected {:?})", o.year, e.year));
    }
    if e.claimable_from.is_some() && e.claimable_from != o.claimable_from {
        problems.push(format!(
            "claimable_from {:?} (expected {:?})",
            o.claimable_from, e.claimable_from
        ));
    }
    if e.late_claim_until != o.late_claim_until {
        problems.push(format!(
            "late_claim_until {:?} (expected {:?})",
            o.late_claim_until, e.late_claim_until
        ));
    }
    for m in &e.missing {
        if !o.missing.contains(m) {
            problems.push(format!("missing should include {m} (got {:?})", o.missing));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

#[test]
fn catalogue_loads_without_problems() {
    if let Err(issues) = Catalogue::load_dir(&assets()) {
        panic!("catalogue has problems:\n{issues}");
    }
}

#[test]
fn golden_cases_pass() {
    let filter = std::env::var("GOLDEN_FILTER").unwrap_or_default();
    let (cat, issues) = Catalogue::load_dir_lenient(&assets());
    let cat = cat.unwrap_or_else(|| panic!("catalogue does not load: {issues:?}"));
    let mut ran = 0;
    let mut failures = Vec::new();
    for doc in &cat.documents {
        let LoadedDocument { cases, .. } = doc;
        for case in cases
            .iter()
            .filter(|c| c.id.contains(&filter) || c.measure.contains(&filter))
        {
            ran += 1;
            if let Err(why) = run_case(&cat, case) {
                failures.push(format!("{} [{}]: {why}", case.id, case.measure));
            }
        }
    }
    println!("golden cases: {ran} run, {} failed", failures.len());
    assert!(ran > 0, "no golden case ran");
    assert!(
        failures.is_empty(),
        "{} golden case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_is_reported() {
    let (cat, _) = Catalogue::load_dir_lenient(&assets());
    let cat = cat.expect("catalogue");
    let doc = cat.document("jinan-gyqs-2020").expect("exemplar document");
    let mut case = doc
        .cases
        .iter()
        .find(|c| c.id == "7a-basic")
        .expect("7a-basic")
        .clone();
    assert!(run_case(&cat, &case).is_ok());
    case.expect.amount = Some("3000001".into());
    assert!(run_case(&cat, &case).unwrap_err().contains("amount"));
    case.expect.amount = Some("3000000".into());
    case.expect.status = "not_eligible".into();
    assert!(run_case(&cat, &case).unwrap_err().contains("status"));
}
