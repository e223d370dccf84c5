//! What a dossier may claim and what it prints, over the real catalogue and the example
//! firms: only claimable measures, each with exactly the items its outcome counted, in plain
//! Chinese with the numbers substituted, and no internal notation anywhere.

use chrono::NaiveDate;
use huiqi_app::dossier::{
    DossierRequest, FirmProfile, Split, build_model, build_models, internal_notation,
};
use huiqi_catalog::Catalogue;
use huiqi_dossier::{DossierModel, RenderOptions, render_text_with};
use huiqi_engine::{Assessment, Facts, FirmFile, assess};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// A firm file, with the as-of date from its `# as_of:` first line.
fn firm(cat: &Catalogue, path: &Path) -> (FirmProfile, Facts, NaiveDate) {
    let text = std::fs::read_to_string(path).unwrap();
    let as_of = text
        .lines()
        .find_map(|l| l.strip_prefix("# as_of: "))
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| panic!("{} has no as_of line", path.display()));
    let f = FirmFile::parse(&text).unwrap();
    let facts = f.facts(cat, Some(as_of)).unwrap();
    let profile = FirmProfile {
        name: f.name,
        ..Default::default()
    };
    (profile, facts, as_of)
}

/// The built-in catalogue, once for the whole test binary (assessments borrow from it).
fn builtin() -> &'static Catalogue {
    static CAT: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CAT.get_or_init(|| Catalogue::builtin().unwrap())
}

struct Firm {
    cat: &'static Catalogue,
    profile: FirmProfile,
    facts: Facts,
    a: Assessment<'static>,
    none: BTreeMap<(String, String), Vec<String>>,
}

impl Firm {
    fn jinan() -> Firm {
        let cat = builtin();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/examples/jinan-manufacturer.toml");
        let (profile, facts, as_of) = firm(cat, &path);
        let a = assess(cat, &facts, as_of, None);
        Firm {
            cat,
            profile,
            facts,
            a,
            none: BTreeMap::new(),
        }
    }

    fn req<'a>(&'a self, ids: Option<&'a [String]>) -> DossierRequest<'a> {
        DossierRequest {
            profile: &self.profile,
            facts: &self.facts,
            assessment: &self.a,
            measures: ids,
            appendix: true,
            attachments: &self.none,
        }
    }

    fn model(&self, ids: &[&str]) -> Result<DossierModel, String> {
        let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        build_model(self.cat, &self.req(Some(&ids)))
    }
}

#[test]
fn measures_that_cannot_be_claimed_are_refused_by_name_and_status() {
    let f = Firm::jinan();
    // A Beijing measure and an expired one for a Jinan firm.
    let err = f
        .model(&["beijing-h2-2024/1.2", "jinan-iiot-2020/2.5b"])
        .unwrap_err();
    assert!(
        err.contains("beijing-h2-2024/1.2") && err.contains("不适用"),
        "{err}"
    );
    assert!(
        err.contains("jinan-iiot-2020/2.5b") && err.contains("已过期"),
        "{err}"
    );
    // The same measure twice would claim its amount twice.
    let err = f
        .model(&["jinan-gyqs-2020/7a", " jinan-gyqs-2020/7a"])
        .unwrap_err();
    assert!(err.contains("重复") && err.contains("twice"), "{err}");
    // Ids are trimmed.
    let m = f.model(&[" jinan-gyqs-2020/7a "]).unwrap();
    assert_eq!(m.measures[0].measure_id, "jinan-gyqs-2020/7a");
    // An ineligible money measure: a clear reason, not the renderer's internal check.
    let not_eligible =
        f.a.outcomes
            .iter()
            .find(|o| {
                o.status == huiqi_engine::Status::NotEligible
                    && o.class == huiqi_catalog::AmountClass::Exact
            })
            .expect("an ineligible exact measure");
    let err = f.model(&[not_eligible.measure]).unwrap_err();
    assert!(
        err.contains(not_eligible.measure) && err.contains("不符合条件"),
        "{err}"
    );
    assert!(!err.contains("amount class"), "{err}");
    // Unknown ids too, all problems in one message.
    let err = f.model(&["no/such", "jinan-iiot-2020/2.5b"]).unwrap_err();
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn each_measure_lists_exactly_the_items_its_outcome_counted() {
    let f = Firm::jinan();
    let m = f
        .model(&["jinan-gyqs-2020/7a", "jinan-gyqs-2020/7b"])
        .unwrap();
    let labels = |i: usize| -> Vec<String> {
        m.measures[i]
            .answers
            .iter()
            .map(|r| r.label.clone())
            .collect()
    };
    let (a, b) = (labels(0), labels(1));
    assert!(a.iter().any(|l| l.starts_with("〔7a-basic-1〕")), "{a:?}");
    assert!(
        !a.iter().any(|l| l.starts_with("〔7b-")),
        "7a lists 7b projects: {a:?}"
    );
    assert!(
        b.iter().any(|l| l.starts_with("〔7b-workshop-1〕")),
        "{b:?}"
    );
    assert!(
        !b.iter().any(|l| l.starts_with("〔7a-")),
        "7b lists 7a projects: {b:?}"
    );
    for (i, labels) in [(0, &a), (1, &b)] {
        let outcome = f.a.outcome(&m.measures[i].measure_id).unwrap();
        for item in &outcome.items {
            let counted =
                item.status == huiqi_engine::Status::Eligible && item.dropped_by.is_none();
            let listed = labels
                .iter()
                .any(|l| l.starts_with(&format!("〔{}〕", item.id)));
            assert_eq!(counted, listed, "{} item {}", outcome.measure, item.id);
        }
    }
}

#[test]
fn calculations_show_the_numbers() {
    let f = Firm::jinan();
    let m = f.model(&["jinan-gyqs-2020/9a"]).unwrap();
    let calc = m.measures[0].calculation.join("\n");
    // 105亿元 last year, 95亿元 the year before: one 100亿 step, 200万元 each.
    assert!(calc.contains("10,500,000,000.00"), "{calc}");
    assert!(calc.contains("9,500,000,000.00"), "{calc}");
    assert!(calc.contains("= 1 ×"), "{calc}");
    assert!(calc.contains("2,000,000.00"), "{calc}");
}

fn scan(what: &str, model: &DossierModel, problems: &mut Vec<String>) {
    let text = render_text_with(model, &RenderOptions::default());
    // The text rendering's own markup ("==== title ====", "-- ", "** ", "| cell |") is
    // not printed; the words are.
    for line in text.lines().filter(|l| !l.starts_with("---- ")) {
        let words = line
            .trim_start_matches("==== ")
            .trim_end_matches(" ====")
            .trim_start_matches("-- ")
            .trim_start_matches("** ")
            .trim_start_matches("> ");
        if let Some(hit) = internal_notation(words) {
            problems.push(format!("{what}: «{hit}» in {line}"));
        }
    }
}

/// Every dossier of every example firm (the default one, every claimable measure
/// including non-monetary ones, with the appendix) and of every golden case prints no
/// fact id, expression syntax, analyst marker or "推定".
#[test]
fn no_internal_notation_in_any_printed_dossier() {
    let cat = Catalogue::builtin().unwrap();
    let none = BTreeMap::new();
    let mut problems = Vec::new();
    let mut scanned = 0;
    let mut check = |what: &str, profile: &FirmProfile, facts: &Facts, as_of: NaiveDate| {
        let a = assess(&cat, facts, as_of, None);
        let all: Vec<String> = a
            .outcomes
            .iter()
            .filter(|o| huiqi_app::dossier::claimable(o).is_ok())
            .map(|o| o.measure.to_string())
            .collect();
        for ids in [None, Some(all.as_slice())] {
            if ids.is_some_and(|i| i.is_empty()) {
                continue;
            }
            let req = DossierRequest {
                profile,
                facts,
                assessment: &a,
                measures: ids,
                appendix: true,
                attachments: &none,
            };
            let model = build_model(&cat, &req).unwrap();
            scan(what, &model, &mut problems);
            scanned += 1;
        }
    };
    for path in examples() {
        let (profile, facts, as_of) = firm(&cat, &path);
        check(&path.display().to_string(), &profile, &facts, as_of);
    }
    for doc in &cat.documents {
        for case in &doc.cases {
            let file = FirmFile::from_case(case);
            let Ok(facts) = file.facts(&cat, Some(case.as_of)) else {
                continue;
            };
            let profile = FirmProfile {
                name: "测试企业".into(),
                ..Default::default()
            };
            check(&case.id, &profile, &facts, case.as_of);
        }
    }
    assert!(scanned > 100, "only {scanned} dossiers scanned");
    assert!(
        problems.is_empty(),
        "{} lines with internal notation, e.g.:\n{}",
        problems.len(),
        problems[..problems.len().min(15)].join("\n")
    );
}

#[test]
fn split_by_department_and_document() {
    let f = Firm::jinan();
    let req = f.req(None);
    let whole = build_models(f.cat, &req, Split::Whole).unwrap();
    assert_eq!(whole.len(), 1);
    let n = whole[0].1.measures.len();
    for split in [Split::Department, Split::Document] {
        let parts = build_models(f.cat, &req, split).unwrap();
        assert_eq!(
            parts.iter().map(|(_, m)| m.measures.len()).sum::<usize>(),
            n,
            "{split:?}: every measure in exactly one part"
        );
        for (key, m) in &parts {
            let key = key.as_deref().unwrap();
            assert!(m.project_title.contains('（'), "{}", m.project_title);
            if split == Split::Department {
                assert!(
                    m.measures
                        .iter()
                        .all(|s| s.departments.first().map(String::as_str) == Some(key)
                            || s.departments.is_empty())
                );
            }
        }
    }
}
