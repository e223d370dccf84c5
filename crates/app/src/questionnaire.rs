//! The questionnaire as the UI shows it: the engine's open questions (only those that can
//! still change an outcome) together with the answers already given to the chosen measures,
//! so going back never hides an answer. Grouped into firm-level questions and repeatable
//! items (projects, fairs…), each with its current answer and how the engine reads it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use huiqi_catalog::{Catalogue, FactDef, FactType, Measure};
use huiqi_engine::Lang;
use huiqi_engine::assess::{format_value, format_value_in};
use huiqi_engine::questions::label_for_year;
use huiqi_engine::{Facts, Period, parse_answer};
use huiqi_store::{AnswerKey, AnswerRevision, FirmId, ItemRef, Store};

use crate::dto::{
    AnswerKeyDto, AnswerPreviewDto, ChoiceDto, ItemDto, ItemGroupDto, QuestionDto,
    QuestionnaireDto, RevisionDto,
};

/// Every fact a measure's rules read: scope, conditions, amount base, units, tiers, event date.
pub fn measure_facts(m: &Measure) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let a = &m.amount;
    let exprs = [&m.scope_expr, &m.when_expr, &a.base_expr, &a.units_expr]
        .into_iter()
        .flatten()
        .chain(a.tiers.iter().filter_map(|t| t.when_expr.as_ref()));
    for e in exprs {
        out.extend(e.facts().into_iter().map(str::to_string));
    }
    if let Some(d) = &m.event_date {
        out.insert(d.get_ref().clone());
    }
    out
}

pub fn fact_kind(t: FactType) -> &'static str {
    match t {
        FactType::Bool => "bool",
        FactType::Money => "money",
        FactType::Count => "count",
        FactType::Percent => "percent",
        FactType::Number => "number",
        FactType::Date => "date",
        FactType::Year => "year",
        FactType::Choice => "choice",
        FactType::Region => "region",
        FactType::Industry => "industry",
        FactType::Text => "text",
    }
}

pub fn key_dto(key: &AnswerKey) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: key.fact.clone(),
        item_kind: key.item.as_ref().map(|i| i.kind.clone()),
        item_id: key.item.as_ref().map(|i| i.id.clone()),
    }
}

pub fn key_from_dto(k: &AnswerKeyDto) -> AnswerKey {
    AnswerKey {
        fact: k.fact.clone(),
        item: match (&k.item_kind, &k.item_id) {
            (Some(kind), Some(id)) => Some(ItemRef {
                kind: kind.clone(),
                id: id.clone(),
            }),
            _ => None,
        },
    }
}

pub fn revision_dto(r: &AnswerRevision) -> RevisionDto {
    RevisionDto {
        seq: r.seq,
        key: key_dto(&r.key),
        value: r.value.clone(),
        source: match r.source {
            huiqi_store::AnswerSource::Typed => "typed",
            huiqi_store::AnswerSource::Imported => "imported",
            huiqi_store::AnswerSource::Undo => "undo",
        }
        .into(),
        at: r.at.clone(),
        unset: r.unset,
        undoes: r.undoes,
    }
}

/// How an answer will be read, or why it will not be accepted: shown while typing.
pub fn preview(cat: &Catalogue, fact: &str, text: &str, as_of: NaiveDate) -> AnswerPreviewDto {
    let Some(def) = cat.fact(fact) else {
        return AnswerPreviewDto {
            ok: false,
            dont_know: false,
            display: None,
            display_en: None,
            message_zh: Some(format!("未知问题：{fact}")),
            message_en: Some(format!("Unknown question: {fact}")),
        };
    };
    match parse_answer(cat, def, text, Some(as_of)) {
        Ok(None) => AnswerPreviewDto {
            ok: true,
            dont_know: true,
            display: Some("不清楚".into()),
            display_en: Some("Don't know".into()),
            message_zh: None,
            message_en: None,
        },
        Ok(Some(v)) => AnswerPreviewDto {
            ok: true,
            dont_know: false,
            display: Some(format_value(cat, fact, &v)),
            display_en: Some(format_value_in(cat, fact, &v, Lang::En)),
            message_zh: None,
            message_en: None,
        },
        Err(e) => {
            let (zh, en) = crate::split_bilingual(&e.message);
            AnswerPreviewDto {
                ok: false,
                dont_know: false,
                display: None,
                display_en: None,
                message_zh: Some(format!("「{}」：{zh}", def.label)),
                message_en: Some(format!(
                    "{}: {en}",
                    def.label_en.as_deref().unwrap_or(&def.label)
                )),
            }
        }
    }
}

struct Ctx<'a> {
    cat: &'a Catalogue,
    as_of: NaiveDate,
    /// The support year: labels name it (2025年度营业收入, 2026年度：…).
    year: i32,
    /// Current answers: `None` is "不清楚".
    answers: BTreeMap<AnswerKey, Option<String>>,
    /// Open questions from the engine, with the measures they decide.
    open: BTreeMap<AnswerKey, Vec<String>>,
    quotes: BTreeMap<AnswerKey, String>,
}

impl Ctx<'_> {
    fn question(&self, def: &FactDef, key: AnswerKey, measures: Vec<String>) -> QuestionDto {
        let answer = self.answers.get(&key);
        let text = answer.cloned().flatten();
        let value = text
            .as_ref()
            .and_then(|t| parse_answer(self.cat, def, t, None).ok().flatten());
        let display = value.as_ref().map(|v| format_value(self.cat, def.id(), v));
        let display_en = value
            .as_ref()
            .map(|v| format_value_in(self.cat, def.id(), v, Lang::En));
        let mut measures = measures;
        if let Some(more) = self.open.get(&key) {
            for m in more {
                if !measures.contains(m) {
                    measures.push(m.clone());
                }
            }
        }
        QuestionDto {
            label: label_for_year(&def.label, &key.fact, self.year),
            key: key_dto(&key),
            label_en: def
                .label_en
                .as_deref()
                .map(|l| label_en_for_year(l, self.year)),
            help: def.help.clone(),
            help_en: def.help_en.clone(),
            quote: self.quotes.get(&key).cloned(),
            measures,
            kind: fact_kind(def.ty).into(),
            unit: def.unit.map(|u| u.label().to_string()),
            choices: def
                .choices
                .iter()
                .map(|c| ChoiceDto {
                    value: c.value.clone(),
                    label: c.label.clone(),
                    label_en: c.label_en.clone(),
                })
                .collect(),
            min: def.min.clone(),
            max: def.max.clone(),
            past_only: def.past_only,
            answer: text,
            answer_display: display,
            answer_display_en: display_en,
            dont_know: matches!(answer, Some(None)),
            open: answer.is_none() && self.open.contains_key(&key),
        }
    }
}

/// The questionnaire of `firm` for `only` (all measures when `None`) for `period`; with
/// `include_expired`, also the questions of expired measures (what the firm missed).
pub fn build(
    cat: &Catalogue,
    store: &Store,
    firm: FirmId,
    facts: &Facts,
    only: Option<&[String]>,
    (period, include_expired): (Period, bool),
) -> Result<QuestionnaireDto, huiqi_store::StoreError> {
    let selected: Vec<&Measure> = cat
        .measures()
        .iter()
        .filter(|m| only.is_none_or(|ids| ids.iter().any(|i| i == m.id())))
        .collect();
    let mut answers: BTreeMap<AnswerKey, Option<String>> = store
        .current_answers(firm)?
        .into_iter()
        .map(|a| (a.key, a.value))
        .collect();
    // Region and industry may come from the profile rather than an answer.
    if let Some(record) = store.get_firm(firm)? {
        for (fact, v) in [
            ("firm.region", &record.profile.region),
            ("firm.industry", &record.profile.industry),
        ] {
            if let Some(v) = v {
                answers
                    .entry(AnswerKey::firm(fact))
                    .or_insert(Some(v.clone()));
            }
        }
    }
    let mut ctx = Ctx {
        cat,
        as_of: period.as_of,
        year: period.year,
        answers,
        open: BTreeMap::new(),
        quotes: BTreeMap::new(),
    };
    let mut add_item_measures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let questions = if include_expired {
        huiqi_engine::questions::questions_including_expired(cat, facts, period, only)
    } else {
        huiqi_engine::questions(cat, facts, period, only)
    };
    for q in questions {
        if q.add_item {
            add_item_measures
                .entry(q.fact)
                .or_default()
                .extend(q.measures);
            continue;
        }
        let key = AnswerKey {
            fact: q.fact,
            item: q.item.map(|(kind, id)| ItemRef { kind, id }),
        };
        if let Some(quote) = q.quote {
            ctx.quotes.entry(key.clone()).or_insert(quote);
        }
        ctx.open.insert(key, q.measures);
    }

    // Which selected measures read each fact (for answered questions that are no longer open).
    let mut readers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in &selected {
        for f in measure_facts(m) {
            readers.entry(f).or_default().push(m.id().to_string());
        }
    }

    let mut firm_questions = Vec::new();
    for def in cat.facts.iter().filter(|f| f.item.is_none()) {
        let key = AnswerKey::firm(def.id());
        let read_by = readers.get(def.id()).cloned().unwrap_or_default();
        let shown =
            ctx.open.contains_key(&key) || (ctx.answers.contains_key(&key) && !read_by.is_empty());
        if shown {
            firm_questions.push(ctx.question(def, key, read_by));
        }
    }

    // Item kinds the selected measures pay per item of, in catalogue order.
    let mut kinds: Vec<String> = Vec::new();
    for m in &selected {
        if let Some(k) = &m.per_item
            && !kinds.contains(k)
        {
            kinds.push(k.clone());
        }
    }
    let mut item_groups = Vec::new();
    for kind in kinds {
        let kind_def = cat.item_kind(&kind);
        let group_measures: Vec<String> = selected
            .iter()
            .filter(|m| m.per_item.as_deref() == Some(kind.as_str()))
            .map(|m| m.id().to_string())
            .collect();
        let mut items = Vec::new();
        for item in store.list_items(firm, Some(&kind))? {
            let mut questions = Vec::new();
            for def in cat
                .facts
                .iter()
                .filter(|f| f.item.as_deref() == Some(kind.as_str()))
            {
                let key = AnswerKey {
                    fact: def.id().to_string(),
                    item: Some(item.item.clone()),
                };
                let read_by = readers.get(def.id()).cloned().unwrap_or_default();
                if ctx.open.contains_key(&key)
                    || (ctx.answers.contains_key(&key) && !read_by.is_empty())
                {
                    questions.push(ctx.question(def, key, read_by));
                }
            }
            items.push(ItemDto {
                kind: kind.clone(),
                id: item.item.id.clone(),
                label: item.label.clone(),
                questions,
            });
        }
        item_groups.push(ItemGroupDto {
            label: kind_def.map(|k| k.label.clone()).unwrap_or(kind.clone()),
            label_en: kind_def.and_then(|k| k.label_en.clone()),
            measures: group_measures,
            needs_item: add_item_measures.contains_key(&kind) && items.is_empty(),
            kind,
            items,
        });
    }
    // Skip kinds nobody can use: no item yet and no measure needing one still undecided.
    item_groups.retain(|g| !g.items.is_empty() || g.needs_item);

    let all = firm_questions.iter().chain(
        item_groups
            .iter()
            .flat_map(|g| g.items.iter().flat_map(|i| &i.questions)),
    );
    let (mut answered, mut open) = (0u32, 0u32);
    for q in all {
        if q.answer.is_some() || q.dont_know {
            answered += 1;
        } else if q.open {
            open += 1;
        }
    }
    open += item_groups.iter().filter(|g| g.needs_item).count() as u32;
    Ok(QuestionnaireDto {
        firm_id: firm,
        as_of: ctx.as_of.to_string(),
        measures: selected.iter().map(|m| m.id().to_string()).collect(),
        firm_questions,
        item_groups,
        answered,
        open,
    })
}

/// The English label with its years named, as [`label_for_year`] names the Chinese one:
/// "Operating revenue, last year" reads "Operating revenue, 2025" when claiming for 2026.
pub fn label_en_for_year(label: &str, year: i32) -> String {
    let prev = year - 1;
    label
        .replace("the year before last", &(prev - 1).to_string())
        .replace(", last year", &format!(", {prev}"))
        .replace(" last year", &format!(" in {prev}"))
}

#[cfg(test)]
mod tests {
    use super::label_en_for_year;

    #[test]
    fn english_labels_name_the_year() {
        let y = |l: &str| label_en_for_year(l, 2026);
        assert_eq!(y("Operating revenue, last year"), "Operating revenue, 2025");
        assert_eq!(
            y("Operating revenue, the year before last"),
            "Operating revenue, 2024"
        );
        assert_eq!(
            y("Did the firm book R&D expenses last year?"),
            "Did the firm book R&D expenses in 2025?"
        );
        assert_eq!(
            y("Highest annual operating revenue in any year before the year before last"),
            "Highest annual operating revenue in any year before 2024"
        );
    }
}
