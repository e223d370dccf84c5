//! The stable JSON shape of `huiqi assess --json` (schema `huiqi.assessment/2`, documented in
//! docs/assessment-json.md; /2 added the support year and its statuses). Decimals cross as strings in 元 with two decimals.

use huiqi_catalog::Catalogue;
use huiqi_engine::{Assessment, Outcome};
use rust_decimal::Decimal;
use serde_json::{Value, json};

pub fn yuan(d: Option<Decimal>) -> Value {
    d.map(|d| Value::String(format!("{:.2}", huiqi_engine::money::round_fen(d))))
        .unwrap_or(Value::Null)
}

pub fn class_str(c: huiqi_catalog::AmountClass) -> &'static str {
    use huiqi_catalog::AmountClass::*;
    match c {
        Exact => "exact",
        Maximum => "maximum",
        CapOnly => "cap_only",
        Unquantified => "unquantified",
        NonMonetary => "non_monetary",
    }
}

fn tri(t: huiqi_engine::eval::Tri) -> &'static str {
    match t {
        huiqi_engine::eval::Tri::True => "true",
        huiqi_engine::eval::Tri::False => "false",
        huiqi_engine::eval::Tri::Unknown => "unknown",
    }
}

pub fn outcome(cat: &Catalogue, o: &Outcome) -> Value {
    let m = cat.measure(o.measure);
    json!({
        "id": o.measure,
        "document": o.document,
        "clause": o.clause,
        "title": o.title,
        "status": o.status.as_str(),
        "status_zh": o.status.label_zh(),
        "amount": yuan(o.amount),
        "amount_class": class_str(o.class),
        "counted_amount": yuan(o.counted_amount()),
        "would_have_paid": yuan(o.would_have_paid),
        "year": o.year,
        "claimable_from": o.claimable_from.map(|d| d.to_string()),
        "late_claim_until": o.late_claim_until.map(|d| d.to_string()),
        "validity_note": o.validity_note,
        "received": o.received.iter().map(|r| json!({
            "measure": r.measure, "year": r.year, "amount": yuan(r.amount), "item": r.item,
            "state": r.state.as_str(),
        })).collect::<Vec<_>>(),
        "missing": o.missing,
        "missing_items": o.missing_items,
        "failed": o.failed,
        "calculation": o.calculation,
        "hints": o.hints,
        "dropped": o.dropped.as_ref().map(|d| json!({"group": d.group, "kept": d.kept, "reason": d.reason})),
        "quotes": m.map(|m| m.quotes.iter().map(|q| q.get_ref().clone()).collect::<Vec<_>>()).unwrap_or_default(),
        "items": o.items.iter().map(|i| json!({
            "kind": i.kind, "id": i.id, "status": i.status.as_str(), "amount": yuan(i.amount),
            "calculation": i.calculation, "missing": i.missing, "failed": i.failed, "dropped_by": i.dropped_by,
            "year": i.year,
        })).collect::<Vec<_>>(),
        "trace": o.trace.iter().map(|t| json!({
            "step": t.step, "detail": t.detail, "result": tri(t.result),
            "facts": t.facts.iter().map(|(f, v)| json!({"fact": f, "value": v})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub fn assessment(cat: &Catalogue, firm_name: &str, a: &Assessment) -> Value {
    json!({
        "schema": "huiqi.assessment/2",
        "firm": firm_name,
        "as_of": a.as_of.to_string(),
        "year": a.year,
        "validity_overrides": a.overrides.iter().map(|o| json!({
            "document": o.document, "override": o.kind, "reason": o.reason,
        })).collect::<Vec<_>>(),
        "catalog_version": a.catalog_version,
        "totals": {
            "exact": yuan(Some(a.totals.exact)),
            "upper_bound": yuan(Some(a.totals.upper_bound)),
            "eligible": a.totals.eligible,
            "eligible_unquantified": a.totals.eligible_unquantified,
            "undecided": a.totals.undecided,
            "not_eligible": a.totals.not_eligible,
            "expired": a.totals.expired,
            "out_of_scope": a.totals.out_of_scope,
            "accruing": yuan(Some(a.totals.accruing)),
            "accruing_count": a.totals.accruing_count,
            "would_have_paid": yuan(Some(a.totals.would_have_paid)),
            "received": yuan(Some(a.totals.received)),
            "already_received": a.totals.already_received,
            "other_year": a.totals.other_year,
        },
        "measures": a.outcomes.iter().map(|o| outcome(cat, o)).collect::<Vec<_>>(),
    })
}
