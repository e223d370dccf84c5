//! The explanation in English (`AssessOptions::full_in(Lang::En)`, issue 16 item 7): for every
//! golden case, the cases of each document together and every example firm, it decides as the
//! Chinese one and none of its texts has a Han character — except what is the firm's own
//! (the trace's answers as read: region and industry names, text answers) and item ids.

mod common;

use chrono::NaiveDate;
use common::merged_firm;
use huiqi_catalog::Catalogue;
use huiqi_catalog::render::has_han;
use huiqi_engine::{AssessOptions, Facts, FirmFile, Lang, Outcome, assess_with};

/// The English texts of an outcome that contain Han characters, as `field: text`.
fn chinese_in(o: &Outcome) -> Vec<String> {
    let mut texts: Vec<(&str, &str)> = Vec::new();
    texts.extend(o.failed.iter().map(|t| ("failed", t.as_str())));
    texts.extend(o.hints.iter().map(|t| ("hints", t.as_str())));
    texts.extend(o.calculation.iter().map(|t| ("calculation", t.as_str())));
    texts.extend(
        o.validity_note
            .iter()
            .map(|t| ("validity_note", t.as_str())),
    );
    texts.extend(o.dropped.iter().map(|d| ("dropped", d.reason.as_str())));
    for s in &o.trace {
        texts.push(("trace.step", &s.step));
        texts.push(("trace.detail", &s.detail));
        texts.extend(
            s.facts
                .iter()
                .map(|(label, _)| ("trace.fact", label.as_str())),
        );
    }
    for i in &o.items {
        texts.extend(
            i.calculation
                .iter()
                .map(|t| ("item.calculation", t.as_str())),
        );
        texts.extend(i.failed.iter().map(|t| ("item.failed", t.as_str())));
    }
    let ids: Vec<&str> = o.items.iter().map(|i| i.id.as_str()).collect();
    texts
        .into_iter()
        .filter(|(_, t)| {
            // Item ids and the names in 〔…〕 are the firm's own (a golden case may name its
            // project in Chinese).
            let mut t = t.to_string();
            for id in &ids {
                t = t.replace(id, "");
            }
            while let (Some(a), Some(b)) = (t.find('〔'), t.find('〕')) {
                if b < a {
                    break;
                }
                t.replace_range(a..b + '〕'.len_utf8(), "");
            }
            has_han(&t)
        })
        .map(|(f, t)| format!("{}: {f}: {t}", o.measure))
        .collect()
}

fn compare(
    cat: &Catalogue,
    facts: &Facts,
    as_of: NaiveDate,
    what: &str,
    out: &mut Vec<String>,
) -> usize {
    let zh = assess_with(cat, facts, as_of, None, AssessOptions::FULL);
    let en = assess_with(cat, facts, as_of, None, AssessOptions::full_in(Lang::En));
    assert_eq!(
        zh.totals, en.totals,
        "{what}: totals differ between languages"
    );
    let mut texts = 0;
    for (z, e) in zh.outcomes.iter().zip(&en.outcomes) {
        let decision = |o: &Outcome| {
            (
                o.status,
                o.amount,
                o.missing.clone(),
                o.dropped.as_ref().map(|d| d.kept.clone()),
            )
        };
        assert_eq!(
            decision(z),
            decision(e),
            "{what}: {} decides differently in English",
            z.measure
        );
        assert_eq!(z.trace.len(), e.trace.len(), "{what}: {}: trace", z.measure);
        assert_eq!(z.hints.len(), e.hints.len(), "{what}: {}: hints", z.measure);
        assert_eq!(
            z.calculation.len(),
            e.calculation.len(),
            "{what}: {}: calculation",
            z.measure
        );
        texts += e.hints.len() + e.calculation.len() + e.trace.len() + e.failed.len();
        out.extend(chinese_in(e).into_iter().map(|p| format!("{what}: {p}")));
    }
    texts
}

#[test]
fn english_explanations_have_no_chinese_and_decide_as_the_chinese() {
    let cat = Catalogue::builtin().unwrap();
    let mut problems = Vec::new();
    let mut texts = 0;
    for case in cat.documents.iter().flat_map(|d| &d.cases) {
        let facts = FirmFile::from_case(case)
            .facts(&cat, Some(case.as_of))
            .unwrap();
        texts += compare(&cat, &facts, case.as_of, &case.id, &mut problems);
    }
    for doc in &cat.documents {
        let as_of = doc.cases.iter().map(|c| c.as_of).max().unwrap();
        for shared in [false, true] {
            let facts = merged_firm(&cat, &doc.cases, shared);
            texts += compare(&cat, &facts, as_of, &doc.doc.key, &mut problems);
        }
    }
    for e in common::example_firms() {
        let facts = e.facts(&cat);
        let name = e.path.display().to_string();
        texts += compare(&cat, &facts, e.as_of, &name, &mut problems);
    }
    assert!(texts > 1000, "only {texts} texts compared");
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} English text(s) with Chinese:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_chinese_in_an_english_text() {
    let cat = Catalogue::builtin().unwrap();
    let case = cat.documents.iter().flat_map(|d| &d.cases).next().unwrap();
    let facts = FirmFile::from_case(case)
        .facts(&cat, Some(case.as_of))
        .unwrap();
    let zh = assess_with(&cat, &facts, case.as_of, None, AssessOptions::FULL);
    let with_text = zh
        .outcomes
        .iter()
        .find(|o| !o.hints.is_empty() || !o.failed.is_empty())
        .unwrap();
    assert!(!chinese_in(with_text).is_empty());
}
