//! Runs every golden case of the catalogue (written from the policy texts) through the engine.
//! `GOLDEN_FILTER=<substring>` limits the run to matching case or measure ids while encoding.

use huiqi_catalog::{Catalogue, ExpectedStatus, LoadedDocument};
use huiqi_engine::golden::run_case;
use rust_decimal::Decimal;
use std::path::Path;

fn assets() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets")
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
    case.expect.amount = Some(Decimal::from(3_000_001));
    assert_eq!(
        run_case(&cat, &case)
            .unwrap_err()
            .split(';')
            .next()
            .unwrap(),
        "amount: expected 3000001, got 3000000"
    );
    case.expect.amount = Some(Decimal::from(3_000_000));
    case.expect.status = ExpectedStatus::NotEligible;
    assert!(
        run_case(&cat, &case)
            .unwrap_err()
            .starts_with("status: expected not_eligible, got eligible")
    );
}
