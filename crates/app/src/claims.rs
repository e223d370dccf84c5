//! Between the store's claims ledger (text as resolved) and the engine's `Facts.received`
//! (typed): what the user types for a claim is checked here before it is saved, and read
//! back here for the assessment. Shared by the facade and the CLI.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use huiqi_catalog::{Catalogue, quantity};
use huiqi_engine::money::fmt_yuan;
use huiqi_engine::{ClaimState as EngineState, Received};
use huiqi_store::{Claim, ClaimFields, ClaimRevision, ClaimSource, ClaimState, FirmId, Store};
use rust_decimal::Decimal;

use crate::dto::{ClaimDto, ClaimInputDto, ClaimRevisionDto, ClaimStateDto};

/// The support year (申报年度) a claim made on `as_of` is for. For now the assessment date's
/// year; one place to change once the engine takes a support year of its own.
pub fn support_year_of(as_of: NaiveDate) -> i32 {
    as_of.year()
}

pub fn state_from_dto(s: ClaimStateDto) -> ClaimState {
    match s {
        ClaimStateDto::Draft => ClaimState::Draft,
        ClaimStateDto::Submitted => ClaimState::Submitted,
        ClaimStateDto::Approved => ClaimState::Approved,
        ClaimStateDto::Paid => ClaimState::Paid,
        ClaimStateDto::Rejected => ClaimState::Rejected,
    }
}

pub fn state_dto(s: ClaimState) -> ClaimStateDto {
    match s {
        ClaimState::Draft => ClaimStateDto::Draft,
        ClaimState::Submitted => ClaimStateDto::Submitted,
        ClaimState::Approved => ClaimStateDto::Approved,
        ClaimState::Paid => ClaimStateDto::Paid,
        ClaimState::Rejected => ClaimStateDto::Rejected,
    }
}

/// The store keeps its own copy of the five states (it does not depend on the engine).
fn engine_state(s: ClaimState) -> EngineState {
    match s {
        ClaimState::Draft => EngineState::Draft,
        ClaimState::Submitted => EngineState::Submitted,
        ClaimState::Approved => EngineState::Approved,
        ClaimState::Paid => EngineState::Paid,
        ClaimState::Rejected => EngineState::Rejected,
    }
}

/// A date as typed (`2026-03-01`, `2026/3/1`, `2026年3月1日`) to `YYYY-MM-DD`.
pub fn parse_claim_date(what: &str, text: &str) -> Result<String, String> {
    huiqi_engine::facts::parse_date(text)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| {
            format!("{what}“{text}”不是日期（例如 2026-03-01） / {what}: not a date: {text}")
        })
}

/// An amount as typed (`300万`, `3,000,000元`) to 元 as plain decimal text. A unit is
/// required: a bare `300` could be 元 or 万元.
pub fn parse_claim_amount(text: &str) -> Result<String, String> {
    quantity::parse_money(text, None)
        .map(|d| d.normalize().to_string())
        .map_err(|e| {
            let full = e.to_string();
            let (zh, en) = crate::split_bilingual(&full);
            format!("金额：{zh} / amount: {en}")
        })
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Checks the form against the catalogue and resolves what was typed; nothing is saved here.
pub fn claim_fields(cat: &Catalogue, input: &ClaimInputDto) -> Result<ClaimFields, String> {
    let measure = input.measure.trim();
    if cat.measure(measure).is_none() {
        return Err(format!("未知措施 {measure} / Unknown measure {measure}"));
    }
    let date = |what: &str, s: &Option<String>| {
        blank_to_none(s)
            .map(|t| parse_claim_date(what, t))
            .transpose()
    };
    Ok(ClaimFields {
        measure: measure.to_string(),
        item: blank_to_none(&input.item).map(str::to_string),
        year: input.year,
        amount: blank_to_none(&input.amount)
            .map(parse_claim_amount)
            .transpose()?,
        state: input
            .state
            .map(state_from_dto)
            .unwrap_or(ClaimState::Submitted),
        submitted_on: date("申报日期", &input.submitted_on)?,
        decided_on: date("决定日期", &input.decided_on)?,
        paid_on: date("拨付日期", &input.paid_on)?,
        reference: blank_to_none(&input.reference).map(str::to_string),
        note: blank_to_none(&input.note).map(str::to_string),
    })
}

fn amount_display(amount: &Option<String>) -> Option<String> {
    amount
        .as_deref()
        .and_then(|a| Decimal::from_str(a).ok())
        .map(fmt_yuan)
}

pub fn claim_dto(cat: &Catalogue, c: &Claim) -> ClaimDto {
    let f = &c.fields;
    ClaimDto {
        id: c.id,
        measure: f.measure.clone(),
        measure_title: cat.measure(&f.measure).map(|m| m.title.clone()),
        measure_title_en: cat.measure(&f.measure).and_then(|m| m.title_en.clone()),
        item: f.item.clone(),
        item_name: None,
        year: f.year,
        amount: f.amount.clone(),
        amount_display: amount_display(&f.amount),
        state: state_dto(f.state),
        next_states: f
            .state
            .next_states()
            .iter()
            .map(|s| state_dto(*s))
            .collect(),
        submitted_on: f.submitted_on.clone(),
        decided_on: f.decided_on.clone(),
        paid_on: f.paid_on.clone(),
        reference: f.reference.clone(),
        note: f.note.clone(),
        updated_at: c.updated_at.clone(),
    }
}

pub fn revision_dto(r: &ClaimRevision) -> ClaimRevisionDto {
    let source = match r.source {
        ClaimSource::Typed => "typed",
        ClaimSource::Imported => "imported",
        ClaimSource::Dossier => "dossier",
        ClaimSource::Undo => "undo",
    };
    ClaimRevisionDto {
        seq: r.seq,
        state: state_dto(r.fields.state),
        year: r.fields.year,
        amount_display: amount_display(&r.fields.amount),
        reference: r.fields.reference.clone(),
        note: r.fields.note.clone(),
        removed: r.removed,
        source: source.into(),
        at: r.at.clone(),
    }
}

/// The firm's whole ledger as the engine reads it: every claim on the ledger with its state,
/// drafts and rejected ones included. The engine decides what binds
/// (`ClaimState::binds`), so the rule lives in one place.
pub fn received(claims: &[Claim]) -> Result<Vec<Received>, String> {
    claims
        .iter()
        .map(|c| {
            let f = &c.fields;
            let amount = f
                .amount
                .as_deref()
                .map(|a| {
                    Decimal::from_str(a).map_err(|_| {
                        format!(
                            "申报记录 {} 的金额无法读取：{a} / claim {}: bad amount",
                            c.id, c.id
                        )
                    })
                })
                .transpose()?;
            Ok(Received {
                measure: f.measure.clone(),
                year: f.year,
                amount,
                item: f.item.clone(),
                state: engine_state(f.state),
            })
        })
        .collect()
}

/// Records that a dossier for `measures` ((id, amount in 元)) was handed in on `on` for
/// support year `year`: a claim already submitted, approved or paid for the measure and year
/// is left alone, a draft becomes submitted, otherwise (none, or only rejected ones) a new
/// submitted claim is added. Returns how many claims were written.
pub fn record_dossier(
    store: &mut Store,
    firm: FirmId,
    measures: &[(String, Option<Decimal>)],
    year: i32,
    on: NaiveDate,
) -> Result<usize, huiqi_store::StoreError> {
    let on = on.format("%Y-%m-%d").to_string();
    let existing = store.claims(firm)?;
    let mut written = 0;
    for (measure, amount) in measures {
        let same = existing
            .iter()
            .filter(|c| c.fields.measure == *measure && c.fields.year == year)
            .filter(|c| c.fields.item.is_none() && c.fields.state != ClaimState::Rejected);
        let mut draft = None;
        let mut bound = false;
        for c in same {
            match c.fields.state {
                ClaimState::Draft => draft = Some(c),
                _ => bound = true,
            }
        }
        if bound {
            continue;
        }
        let mut fields = match draft {
            Some(c) => c.fields.clone(),
            None => ClaimFields::new(measure.clone(), year, ClaimState::Draft),
        };
        fields.state = ClaimState::Submitted;
        fields.submitted_on = Some(on.clone());
        if fields.amount.is_none() {
            fields.amount = amount.map(|a| a.normalize().to_string());
        }
        match draft {
            Some(c) => {
                store.update_claim(c.id, &fields, ClaimSource::Dossier)?;
            }
            None => {
                store.add_claim(firm, &fields, ClaimSource::Dossier)?;
            }
        }
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_and_the_engine_name_the_states_alike() {
        for s in ClaimState::ALL {
            assert_eq!(engine_state(s).as_str(), s.as_str());
            assert_eq!(engine_state(s).label_zh(), s.label_zh());
            assert_eq!(state_from_dto(state_dto(s)), s);
        }
        assert_eq!(EngineState::ALL.len(), ClaimState::ALL.len());
    }

    #[test]
    fn amounts_need_a_unit_and_become_yuan() {
        assert_eq!(parse_claim_amount("300万").unwrap(), "3000000");
        assert_eq!(parse_claim_amount("1,234.5元").unwrap(), "1234.5");
        assert!(parse_claim_amount("300").unwrap_err().contains("缺少单位"));
        assert!(parse_claim_amount("-5万").unwrap_err().contains("负数"));
        assert_eq!(
            parse_claim_date("申报日期", "2026年3月1日").unwrap(),
            "2026-03-01"
        );
        assert!(parse_claim_date("申报日期", "3月1日").is_err());
    }
}
