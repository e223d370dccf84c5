//! Helpers shared by the engine's integration tests.

use huiqi_catalog::{Catalogue, GoldenCase};
use huiqi_engine::firm_file::FirmFileItem;
use huiqi_engine::{Facts, FirmFile};

/// All golden cases of a document as one firm (the first answer to a fact wins), so that
/// measures linked by non-stacking rules are eligible together. With `shared_ids`, the items
/// of a kind all have one id, as if every case described the same project: per-item
/// non-stacking then applies too. Answers are not checked against a date (cases have several).
pub fn merged_firm(cat: &Catalogue, cases: &[GoldenCase], shared_ids: bool) -> Facts {
    let mut firm = FirmFile {
        name: "merged".into(),
        ..Default::default()
    };
    for case in cases {
        for (k, v) in &case.facts {
            firm.facts.entry(k.clone()).or_insert_with(|| v.into());
        }
        for i in &case.items {
            let n = firm.items.len() + 1;
            let id = if shared_ids {
                "shared".to_string()
            } else {
                i.id.clone().unwrap_or_else(|| format!("{}-{n}", case.id))
            };
            firm.items.push(FirmFileItem {
                kind: i.kind.clone(),
                id: Some(id),
                name: None,
                facts: i.facts.iter().map(|(k, v)| (k.clone(), v.into())).collect(),
            });
        }
    }
    firm.facts(cat, None)
        .unwrap_or_else(|e| panic!("merged cases of {}: {e}", cases[0].measure))
}
