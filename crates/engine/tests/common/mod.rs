//! Helpers shared by the engine's integration tests (each test binary uses some of them).
#![allow(dead_code)]

use chrono::NaiveDate;
use huiqi_catalog::{Catalogue, GoldenCase};
use huiqi_engine::firm_file::FirmFileItem;
use huiqi_engine::{Facts, FirmFile};
use std::path::{Path, PathBuf};

/// An example firm of docs/examples/, parsed, with the date it is written for (its
/// `# as_of: D` comment).
pub struct Example {
    pub path: PathBuf,
    pub firm: FirmFile,
    pub as_of: NaiveDate,
}

impl Example {
    /// The firm's facts against `cat`, on its date.
    pub fn facts(&self, cat: &Catalogue) -> Facts {
        self.firm
            .facts(cat, Some(self.as_of))
            .unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }
}

/// Every example firm in docs/examples/, in file-name order.
pub fn example_firms() -> Vec<Example> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("docs/examples")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no example firm in docs/examples");
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let as_of = text
                .lines()
                .find_map(|l| l.strip_prefix("# as_of: "))
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
                .unwrap_or_else(|| panic!("{}: no `# as_of:` line", path.display()));
            let firm = FirmFile::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Example { path, firm, as_of }
        })
        .collect()
}

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
