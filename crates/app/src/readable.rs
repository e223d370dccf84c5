//! Results a clerk acts on: what the engine says, made exact for the person reading it.
//! - A fact nobody answered reads "未回答"; "不清楚" is kept for the answer 不清楚.
//! - A measure paid per item that pays nothing because each of its items is already counted
//!   by another measure (the 10% 普通技改 tier when the project gets the 12% tier) names that
//!   measure and gives no advice on how to qualify: following it would lose money.

use std::collections::BTreeSet;

use huiqi_catalog::Catalogue;
use huiqi_catalog::render::{Lang, fact_label_in};
use huiqi_store::{FirmId, Store, StoreError};

use crate::dto::{AssessmentDto, OutcomeDto};

/// What a fact nobody answered reads as.
pub const UNANSWERED: &str = "未回答";

/// [`UNANSWERED`] in `lang`.
pub fn unanswered(lang: Lang) -> &'static str {
    lang.pick(UNANSWERED, "not answered")
}

/// Labels of the facts the firm answered 不清楚 (firm-level and per item).
pub fn dont_know_labels(
    cat: &Catalogue,
    store: &Store,
    firm: FirmId,
    lang: Lang,
) -> Result<BTreeSet<String>, StoreError> {
    Ok(store
        .current_answers(firm)?
        .into_iter()
        .filter(|a| a.value.is_none())
        .map(|a| fact_label_in(cat, &a.key.fact, lang))
        .collect())
}

/// Every "不清楚" of a fact the firm did not answer 不清楚 reads "未回答" (in `lang`, the
/// language the assessment was explained in; `dont_know` holds labels in that language).
pub fn mark_unanswered(a: &mut AssessmentDto, dont_know: &BTreeSet<String>, lang: Lang) {
    let unknown = huiqi_engine::text::unknown(lang);
    for o in &mut a.outcomes {
        for step in &mut o.trace {
            for (label, value) in &mut step.facts {
                if value == unknown && !dont_know.contains(label) {
                    *value = unanswered(lang).into();
                }
            }
        }
    }
}

/// Items an outcome counts toward its amount: (kind, id).
fn counted(o: &OutcomeDto) -> impl Iterator<Item = (&str, &str)> {
    let pays = o.status == "eligible" || o.status == "accruing";
    o.items
        .iter()
        .filter(move |i| pays && i.status == "eligible" && i.dropped_by.is_none())
        .map(|i| (i.kind.as_str(), i.id.as_str()))
}

/// Fills `superseded_by` of each per-item measure that is not eligible while every one of its
/// items is counted by another measure, and drops its advice on how to qualify.
pub fn mark_superseded(a: &mut AssessmentDto) {
    let payers: Vec<(String, Vec<(String, String)>)> = a
        .outcomes
        .iter()
        .map(|o| {
            let items = counted(o)
                .map(|(k, i)| (k.to_string(), i.to_string()))
                .collect();
            (o.measure.clone(), items)
        })
        .collect();
    for o in a.outcomes.iter_mut() {
        if o.status != "not_eligible" || o.items.is_empty() {
            continue;
        }
        let mut by: Vec<String> = Vec::new();
        let all_counted = o.items.iter().all(|i| {
            let payer = payers.iter().find(|(m, items)| {
                *m != o.measure && items.iter().any(|(k, id)| *k == i.kind && *id == i.id)
            });
            if let Some((m, _)) = payer
                && !by.contains(m)
            {
                by.push(m.clone());
            }
            payer.is_some()
        });
        if all_counted {
            o.superseded_by = by;
            o.hints.clear();
        }
    }
}
