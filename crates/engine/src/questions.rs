//! The questionnaire, derived from the rules: only questions whose answer could still change an
//! outcome, firm-level first (asked once, shared by all measures), then per measure and item.

use crate::assess::{Status, outcomes_for_year};
use crate::facts::Facts;
use crate::period::{Period, facts_for_year};
use huiqi_catalog::{Catalogue, Choice, FactType};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// The fact to answer; for an "add an item" question, the item kind.
    pub fact: String,
    /// For an item fact: (item kind, item id).
    pub item: Option<(String, String)>,
    /// True when the question asks the firm to add a repeatable item (a project, a fair…).
    pub add_item: bool,
    pub label: String,
    pub label_en: Option<String>,
    pub help: Option<String>,
    /// The clause text the question comes from (first measure that needs it).
    pub quote: Option<String>,
    /// Measures whose outcome depends on the answer.
    pub measures: Vec<String>,
    #[serde(rename = "type")]
    pub ty: Option<FactType>,
    pub unit: Option<String>,
    pub choices: Vec<Choice>,
    pub min: Option<String>,
    pub max: Option<String>,
}

/// Next questions for a firm, in a stable order. `only` limits the measures considered.
/// `period` is an assessment date (its year is the support year) or a full [`Period`].
pub fn questions(
    cat: &Catalogue,
    facts: &Facts,
    period: impl Into<Period>,
    only: Option<&[String]>,
) -> Vec<Question> {
    questions_for(cat, facts, &period.into(), only, false)
}

/// [`questions`], also asking the facts of measures whose document has expired, as if on its
/// last day in force: so a firm can see what it missed (would-have-paid).
pub fn questions_including_expired(
    cat: &Catalogue,
    facts: &Facts,
    period: impl Into<Period>,
    only: Option<&[String]>,
) -> Vec<Question> {
    questions_for(cat, facts, &period.into(), only, true)
}

/// The outcomes the questionnaire reads: on the period's date, or for a measure of an expired
/// document (with `include_expired`), on the document's last day in force.
fn undecided_outcomes<'c>(
    cat: &'c Catalogue,
    facts: &Facts,
    period: &Period,
    only: Option<&[String]>,
    include_expired: bool,
) -> Vec<(&'c huiqi_catalog::Measure, crate::Outcome<'c>)> {
    let year_facts = facts_for_year(cat, facts, period.year);
    let measures = cat
        .measures()
        .iter()
        .filter(|m| only.is_none_or(|ids| ids.iter().any(|i| i == m.id())));
    let mut out = outcomes_for_year(cat, &year_facts, period, measures);
    if include_expired {
        for (m, o) in out.iter_mut().filter(|(_, o)| o.status == Status::Expired) {
            let doc = &cat.document_of(m).doc;
            let Some(end) = crate::period::Window::of(doc, period).end else {
                continue;
            };
            let then = Period {
                as_of: end,
                year: period.year.min(chrono::Datelike::year(&end)),
                overrides: period.overrides.clone(),
            };
            let then_facts = facts_for_year(cat, facts, then.year);
            if let Some((_, again)) =
                outcomes_for_year(cat, &then_facts, &then, std::iter::once(*m)).pop()
            {
                *o = again;
            }
        }
    }
    out.retain(|(_, o)| o.status == Status::Undecided);
    out
}

fn questions_for(
    cat: &Catalogue,
    facts: &Facts,
    period: &Period,
    only: Option<&[String]>,
    include_expired: bool,
) -> Vec<Question> {
    let mut firm_level: Vec<Question> = Vec::new();
    let mut per_measure: Vec<Question> = Vec::new();
    let push = |list: &mut Vec<Question>, q: Question| {
        if let Some(existing) = list
            .iter_mut()
            .find(|x| x.fact == q.fact && x.item == q.item)
        {
            for m in q.measures {
                if !existing.measures.contains(&m) {
                    existing.measures.push(m);
                }
            }
        } else {
            list.push(q);
        }
    };
    // Only the decision is read (status, missing facts and items), not the explanation.
    for (m, o) in undecided_outcomes(cat, facts, period, only, include_expired) {
        let quote = m.quotes.first().map(|q| q.get_ref().clone());
        let make = |fact: &str, item: Option<(String, String)>| {
            let def = cat.fact(fact)?;
            Some(Question {
                fact: fact.to_string(),
                item,
                add_item: false,
                label: label_for_year(&def.label, fact, period.year),
                label_en: def.label_en.clone(),
                help: def.help.clone(),
                quote: quote.clone(),
                measures: vec![m.id().to_string()],
                ty: Some(def.ty),
                unit: def.unit.map(|u| u.label().to_string()),
                choices: def.choices.clone(),
                min: def.min.clone(),
                max: def.max.clone(),
            })
        };
        for f in &o.missing {
            // A sector follow-up waits for its screening question (是否为广电视听企业 first).
            let f = crate::derive::unanswered_screen(cat, facts, f).unwrap_or(f);
            if cat.fact(f).is_some_and(|d| d.item.is_none())
                && let Some(q) = make(f, None)
            {
                push(&mut firm_level, q);
            }
        }
        for kind in &o.missing_items {
            let label = cat
                .item_kind(kind)
                .map(|k| k.label.clone())
                .unwrap_or_else(|| kind.clone());
            push(
                &mut per_measure,
                Question {
                    fact: kind.clone(),
                    item: None,
                    add_item: true,
                    label: format!("添加{label}"),
                    label_en: cat
                        .item_kind(kind)
                        .and_then(|k| k.label_en.clone())
                        .map(|l| format!("Add: {l}")),
                    help: Some(format!("本措施按每个{label}分别计算，请至少添加一个。")),
                    quote: quote.clone(),
                    measures: vec![m.id().to_string()],
                    ty: None,
                    unit: None,
                    choices: vec![],
                    min: None,
                    max: None,
                },
            );
        }
        for item in o.items.iter().filter(|i| i.status == Status::Undecided) {
            // Catalogue order; a per-year fact is missing under its asked id (`x@2026`).
            let mut facts_in_order: Vec<&String> = item.missing.iter().collect();
            facts_in_order.sort_by_key(|id| cat.fact_position(id).unwrap_or(usize::MAX));
            facts_in_order.dedup();
            for f in facts_in_order {
                let item_ref = cat
                    .fact(f)
                    .and_then(|d| d.item.as_ref())
                    .map(|_| (item.kind.clone(), item.id.clone()));
                if let Some(q) = make(f, item_ref) {
                    if q.item.is_none() {
                        push(&mut firm_level, q);
                    } else {
                        push(&mut per_measure, q);
                    }
                }
            }
        }
    }
    // Firm-level questions in the catalogue's fact order, so the first screen is always the same.
    let order = |id: &str| {
        cat.facts
            .iter()
            .position(|f| f.id() == id)
            .unwrap_or(usize::MAX)
    };
    firm_level.sort_by_key(|q| order(&q.fact));
    firm_level.extend(per_measure);
    firm_level
}

/// A question's label with its years named: a per-year figure says which year, and 上一年度 /
/// 前一年度 / 当年 become the calendar year they are for the support year ("2025年度营业收入"
/// when claiming for 2026).
pub fn label_for_year(label: &str, fact: &str, year: i32) -> String {
    let prev = year - 1;
    let named = label
        .replacen("（上年度之前一年）", "", 1)
        .replacen("前一年度", &format!("{}年度", prev - 1), 1)
        .replacen("上一年度", &format!("{prev}年度"), 1)
        .replacen("上年度", &format!("{prev}年度"), 1)
        .replacen("当年", &format!("当年（{year}年）"), 1);
    match huiqi_catalog::load::split_year(fact) {
        Some((_, y)) => format!("{y}年度：{named}"),
        None => named,
    }
}

#[cfg(test)]
mod year_label_tests {
    use super::label_for_year;

    #[test]
    fn labels_name_the_calendar_year() {
        let y = |l: &str| label_for_year(l, "x", 2026);
        assert_eq!(y("上一年度营业收入"), "2025年度营业收入");
        assert_eq!(y("前一年度营业收入（上年度之前一年）"), "2024年度营业收入");
        assert_eq!(
            y("前一年度以前历年中最高的年营业收入"),
            "2024年度以前历年中最高的年营业收入"
        );
        assert_eq!(
            y("按当年获评的最高级别填"),
            "按当年（2026年）获评的最高级别填"
        );
        assert_eq!(
            label_for_year("起降架次", "r.sorties@2025", 2026),
            "2025年度：起降架次"
        );
    }
}
