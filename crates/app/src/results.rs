//! An assessment as the results screen shows it: outcomes with labels instead of fact ids,
//! money as strings in 元 with two decimals, and per-document sums for the chart.

use std::collections::BTreeMap;

use huiqi_catalog::render::{Lang, fact_label_in, item_kind_label_in};
use huiqi_catalog::{AmountClass, Catalogue};
use huiqi_engine::eval::Tri;
use huiqi_engine::money::round_fen;
use huiqi_engine::{Assessment, Outcome};
use rust_decimal::Decimal;

use crate::dto::{
    AssessmentDto, DocumentAmountDto, ItemOutcomeDto, OutcomeDto, TotalsDto, TraceStepDto,
};
use crate::library::amount_class_name;

/// 元 with exactly two decimals; the engine has already rounded to the 分.
pub fn yuan(d: Decimal) -> String {
    format!("{:.2}", round_fen(d))
}

fn tri(t: Tri) -> String {
    match t {
        Tri::True => "true",
        Tri::False => "false",
        Tri::Unknown => "unknown",
    }
    .into()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A document's short name in `lang` (its short title, else its title).
pub fn document_name(cat: &Catalogue, key: &str, lang: Lang) -> Option<String> {
    let d = &cat.document(key)?.doc;
    let zh = || d.short_title.clone().unwrap_or(d.title.clone());
    Some(match lang {
        Lang::Zh => zh(),
        Lang::En => d
            .short_title_en
            .clone()
            .or(d.title_en.clone())
            .unwrap_or_else(zh),
    })
}

/// `item_labels`: (kind, id) → the name a person reads ([`crate::names::item_names`]); every
/// "〔id〕" of the engine's text reads as that name.
pub fn outcome_dto(
    cat: &Catalogue,
    o: &Outcome,
    item_labels: &BTreeMap<(String, String), String>,
    lang: Lang,
) -> OutcomeDto {
    let mut dto = outcome_words(cat, o, item_labels, lang);
    crate::names::name_outcome(&mut dto, item_labels);
    dto
}

fn outcome_words(
    cat: &Catalogue,
    o: &Outcome,
    item_labels: &BTreeMap<(String, String), String>,
    lang: Lang,
) -> OutcomeDto {
    let m = cat.measure(o.measure);
    OutcomeDto {
        measure: o.measure.to_string(),
        document: o.document.to_string(),
        document_title: document_name(cat, o.document, lang).unwrap_or_default(),
        clause: o.clause.to_string(),
        title: o.title.to_string(),
        title_en: m.and_then(|m| m.title_en.clone()),
        status: o.status.as_str().into(),
        amount_class: amount_class_name(o.class),
        amount: o.amount.map(yuan),
        would_have_paid: o.would_have_paid.map(yuan),
        year: o.year,
        claimable_from: o.claimable_from.map(|d| d.to_string()),
        late_claim_until: o.late_claim_until.map(|d| d.to_string()),
        validity_note: o.validity_note.clone(),
        received: o.received.iter().map(|r| received_words(r, lang)).collect(),
        items: o
            .items
            .iter()
            .map(|i| ItemOutcomeDto {
                kind: i.kind.clone(),
                id: i.id.clone(),
                label: item_labels.get(&(i.kind.clone(), i.id.clone())).cloned(),
                status: i.status.as_str().into(),
                amount: i.amount.map(yuan),
                calculation: i.calculation.clone(),
                missing: i
                    .missing
                    .iter()
                    .map(|f| fact_label_in(cat, f, lang))
                    .collect(),
                failed: i.failed.clone(),
                dropped_by: i.dropped_by.clone(),
                year: i.year,
            })
            .collect(),
        missing: o
            .missing
            .iter()
            .map(|f| fact_label_in(cat, f, lang))
            .collect(),
        missing_items: o
            .missing_items
            .iter()
            .map(|k| item_kind_label_in(cat, k, lang))
            .collect(),
        failed: o.failed.to_vec(),
        calculation: o.calculation.clone(),
        trace: o
            .trace
            .iter()
            .map(|t| TraceStepDto {
                step: t.step.clone(),
                detail: t.detail.clone(),
                result: tri(t.result),
                facts: t.facts.clone(),
            })
            .collect(),
        hints: o.hints.to_vec(),
        dropped: o.dropped.as_ref().map(|d| d.reason.clone()),
        superseded_by: vec![],
        quotes: m
            .map(|m| m.quotes.iter().map(|q| q.get_ref().clone()).collect())
            .unwrap_or_default(),
        evidence: m.map(|m| m.evidence.clone()).unwrap_or_default(),
    }
}

/// A claim in words: "2025 年度 1,000,000.00 元（已拨付）〔p1〕" (English: "2025: 1,000,000.00
/// yuan (paid) 〔p1〕").
fn received_words(r: &huiqi_engine::Received, lang: Lang) -> String {
    let amount = r
        .amount
        .map(|a| huiqi_engine::text::yuan(lang, a))
        .unwrap_or_else(|| lang.pick("金额未记", "amount not recorded").into());
    let item = r
        .item
        .as_ref()
        .map(|i| format!("〔{i}〕"))
        .unwrap_or_default();
    let (year, state) = (r.year, r.state.label(lang));
    match lang {
        Lang::Zh => format!("{year} 年度 {amount}（{state}）{item}"),
        Lang::En => format!("{year}: {amount} ({state}) {item}")
            .trim_end()
            .to_string(),
    }
}

pub fn assessment_dto(
    cat: &Catalogue,
    firm_id: i64,
    firm_name: &str,
    a: &Assessment,
    item_labels: &BTreeMap<(String, String), String>,
    lang: Lang,
) -> AssessmentDto {
    let t = &a.totals;
    // Per document, in catalogue order, only documents that pay something.
    let mut sums: BTreeMap<&str, (Decimal, Decimal)> = BTreeMap::new();
    for o in &a.outcomes {
        if let Some(amount) = o.counted_amount() {
            let e = sums.entry(o.document).or_default();
            if o.class == AmountClass::Exact {
                e.0 += amount;
            }
            e.1 += amount;
        }
    }
    let by_document = cat
        .documents
        .iter()
        .filter_map(|d| {
            let (exact, upper) = sums.get(d.doc.key.as_str())?;
            Some(DocumentAmountDto {
                document: d.doc.key.clone(),
                title: document_name(cat, &d.doc.key, lang).unwrap_or_default(),
                exact: yuan(*exact),
                upper_bound: yuan(*upper),
            })
        })
        .collect();
    AssessmentDto {
        firm_id,
        firm_name: firm_name.to_string(),
        as_of: a.as_of.to_string(),
        year: a.year,
        overrides: a
            .overrides
            .iter()
            .map(|o| {
                let title =
                    document_name(cat, &o.document, lang).unwrap_or_else(|| o.document.clone());
                format!("{title}{}{}", lang.pick("：", ": "), o.describe(lang))
            })
            .collect(),
        catalog_version: a.catalog_version.clone(),
        totals: TotalsDto {
            exact: yuan(t.exact),
            upper_bound: yuan(t.upper_bound),
            eligible: count(t.eligible),
            eligible_unquantified: count(t.eligible_unquantified),
            undecided: count(t.undecided),
            not_eligible: count(t.not_eligible),
            expired: count(t.expired),
            out_of_scope: count(t.out_of_scope),
            accruing: yuan(t.accruing),
            accruing_count: count(t.accruing_count),
            would_have_paid: yuan(t.would_have_paid),
            received: yuan(t.received),
            already_received: count(t.already_received),
            other_year: count(t.other_year),
        },
        by_document,
        outcomes: a
            .outcomes
            .iter()
            .map(|o| outcome_dto(cat, o, item_labels, lang))
            .collect(),
    }
}
