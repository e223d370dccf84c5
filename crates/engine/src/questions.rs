//! The questionnaire, derived from the rules: only questions whose answer could still change an
//! outcome, firm-level first (asked once, shared by all measures), then per measure and item.

use crate::assess::{AssessOptions, Status, assess_measure_with};
use crate::facts::Facts;
use chrono::NaiveDate;
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
pub fn questions(
    cat: &Catalogue,
    facts: &Facts,
    as_of: NaiveDate,
    only: Option<&[String]>,
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
    for m in cat
        .measures()
        .iter()
        .filter(|m| only.is_none_or(|ids| ids.iter().any(|i| i == m.id())))
    {
        // Only the decision is read (status, missing facts and items), not the explanation.
        let o = assess_measure_with(cat, m, facts, as_of, AssessOptions::LEAN);
        if o.status != Status::Undecided {
            continue;
        }
        let quote = m.quotes.first().map(|q| q.get_ref().clone());
        let make = |fact: &str, item: Option<(String, String)>| {
            let def = cat.fact(fact)?;
            Some(Question {
                fact: fact.to_string(),
                item,
                add_item: false,
                label: def.label.clone(),
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
            let mut facts_in_order: Vec<&str> = cat
                .facts
                .iter()
                .map(|f| f.id())
                .filter(|id| item.missing.iter().any(|x| x == id))
                .collect();
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
