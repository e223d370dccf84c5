//! Between the store (answers as typed text, with history) and the engine (typed facts):
//! every answer is validated before it is saved, and read back through the same parser.

use crate::dossier::FirmProfile;
use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::facts::ItemAnswers;
use huiqi_engine::facts::check_place;
use huiqi_engine::{AnswerError, Facts, facts_from_text, parse_answer};
use huiqi_store::{AnswerKey, AnswerSource, FirmId, ItemRef, Store};

/// Checks an answer against its question; nothing is saved when it is rejected.
pub fn validate_answer(
    cat: &Catalogue,
    fact: &str,
    text: &str,
    as_of: Option<NaiveDate>,
) -> Result<(), AnswerError> {
    let def = cat.fact(fact).ok_or_else(|| AnswerError {
        fact: fact.to_string(),
        question: fact.to_string(),
        message: "未知问题 / unknown question".into(),
    })?;
    parse_answer(cat, def, text, as_of).map(|_| ())
}

/// Validates, then durably saves, one answer. `item` is (kind, id) for an item fact.
pub fn save_answer(
    cat: &Catalogue,
    store: &mut Store,
    firm: FirmId,
    fact: &str,
    item: Option<(&str, &str)>,
    text: &str,
    as_of: Option<NaiveDate>,
) -> Result<huiqi_store::AnswerRevision, String> {
    validate_answer(cat, fact, text, as_of).map_err(|e| e.to_string())?;
    if let Some(def) = cat.fact(fact) {
        check_place(def, item.map(|(kind, _)| kind)).map_err(|e| e.to_string())?;
    }
    let key = AnswerKey {
        fact: fact.to_string(),
        item: item.map(|(kind, id)| ItemRef {
            kind: kind.into(),
            id: id.into(),
        }),
    };
    let value = if huiqi_engine::facts::is_dont_know(text) {
        None
    } else {
        Some(text.trim())
    };
    store
        .set_answer(firm, &key, value, AnswerSource::Typed)
        .map_err(|e| e.to_string())
}

/// The firm's profile and typed facts, from its current answers in the store; its claims
/// ledger becomes `Facts.received` (every claim with its state, see [`crate::claims::received`]).
pub fn load_firm(
    cat: &Catalogue,
    store: &Store,
    firm: FirmId,
) -> Result<(FirmProfile, Facts), String> {
    let record = store
        .get_firm(firm)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("没有编号为 {firm} 的企业 / no firm {firm}"))?;
    let answers = store.current_answers(firm).map_err(|e| e.to_string())?;
    let mut firm_answers: Vec<(String, String)> = Vec::new();
    let mut items: Vec<ItemAnswers> = Vec::new();
    for item in store.list_items(firm, None).map_err(|e| e.to_string())? {
        items.push((item.item.kind.clone(), item.item.id.clone(), Vec::new()));
    }
    for a in answers {
        let Some(value) = a.value else { continue };
        match a.key.item {
            None => firm_answers.push((a.key.fact, value)),
            Some(ItemRef { kind, id }) => {
                match items.iter_mut().find(|(k, i, _)| *k == kind && *i == id) {
                    Some(slot) => slot.2.push((a.key.fact, value)),
                    None => items.push((kind, id, vec![(a.key.fact, value)])),
                }
            }
        }
    }
    // The profile's region and industry are answers too.
    let p = &record.profile;
    for (fact, v) in [("firm.region", &p.region), ("firm.industry", &p.industry)] {
        if let Some(v) = v
            && !firm_answers.iter().any(|(f, _)| f == fact)
        {
            firm_answers.push((fact.to_string(), v.clone()));
        }
    }
    // Answers to facts of a policy pack since removed stay in the store (the pack may come
    // back) but mean nothing to this catalogue; so do answers stored where this catalogue
    // does not read them (a fact a new catalogue version moved between the firm and an item
    // kind). Neither stops the firm from being assessed.
    let placed =
        |f: &str, kind: Option<&str>| cat.fact(f).is_some_and(|d| check_place(d, kind).is_ok());
    firm_answers.retain(|(f, _)| placed(f, None));
    items.retain(|(kind, _, _)| cat.item_kind(kind).is_some());
    for (kind, _, fs) in &mut items {
        fs.retain(|(f, _)| placed(f, Some(kind.as_str())));
    }
    let facts = facts_from_text(
        cat,
        firm_answers.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        items.iter().map(|(k, id, fs)| {
            (
                k.as_str(),
                id.as_str(),
                fs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect(),
            )
        }),
        // Stored answers were checked against their date when typed; not re-checked here.
        None,
    )
    .map_err(|errs| {
        errs.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut facts = facts;
    let claims = store.claims(firm).map_err(|e| e.to_string())?;
    facts.received = crate::claims::received(&claims)?;
    let profile = FirmProfile {
        name: p.name.clone(),
        credit_code: p.credit_code.clone(),
        legal_rep: p.legal_rep.clone(),
        contact: p.contact.clone(),
        phone: p.phone.clone(),
    };
    Ok((profile, facts))
}
