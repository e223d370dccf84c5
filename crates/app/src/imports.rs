//! Imports go through the same validation as typed answers: every value in an export file's
//! history and every region/industry code (export or CSV) is read by the question's own
//! parser. A file with bad answers is refused whole, naming each one, unless the user chooses
//! to import it with those answers left unset; nothing is ever half-written.

use huiqi_catalog::Catalogue;
use huiqi_store::{ExportDoc, FieldProblem, NewFirm, ProfileField};

use crate::firm_facts::validate_answer;
use huiqi_engine::facts::check_place;

/// One value of an import file that typing would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAnswer {
    /// Where it is in the file: `history[3]` or `firm.profile.region`.
    pub field: String,
    pub fact: String,
    /// `kind:id` for an item's answer.
    pub item: Option<String>,
    pub value: String,
    pub message_zh: String,
    pub message_en: String,
}

/// The engine writes its answer messages "中文（may quote the user's text） / English"; the
/// user's text is only ever in the Chinese half, so the last separator is the real one.
pub(crate) fn split_answer_message(message: &str) -> (String, String) {
    match message.rsplit_once(" / ") {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (message.to_string(), message.to_string()),
    }
}

/// Checks one answer as the questionnaire would, including that an item's fact is given for
/// an item of its kind and a firm-level fact for the firm.
fn check_one(
    cat: &Catalogue,
    fact: &str,
    item_kind: Option<&str>,
    value: &str,
) -> Option<(String, String)> {
    let checked = validate_answer(cat, fact, value, None).and_then(|()| match cat.fact(fact) {
        Some(def) => check_place(def, item_kind),
        None => Ok(()),
    });
    let e = checked.err()?;
    let (zh, en) = split_answer_message(&e.message);
    Some((format!("「{}」：{zh}", e.question), format!("{fact}: {en}")))
}

/// Every value in the document that typing would refuse: history entries with a value
/// ("不清楚" and unset entries carry none) and the profile's region and industry codes.
pub fn check_export(cat: &Catalogue, doc: &ExportDoc) -> Vec<BadAnswer> {
    let mut bad = Vec::new();
    for (i, rev) in doc.history.iter().enumerate() {
        let Some(value) = rev.value.as_deref().filter(|_| !rev.unset) else {
            continue;
        };
        let kind = rev.key.item.as_ref().map(|r| r.kind.as_str());
        if let Some((zh, en)) = check_one(cat, &rev.key.fact, kind, value) {
            bad.push(BadAnswer {
                field: format!("history[{i}]"),
                fact: rev.key.fact.clone(),
                item: rev
                    .key
                    .item
                    .as_ref()
                    .map(|r| format!("{}:{}", r.kind, r.id)),
                value: value.to_string(),
                message_zh: zh,
                message_en: en,
            });
        }
    }
    let mut profile = doc.firm.profile.clone();
    for problem in check_profile(cat, &mut profile) {
        let (fact, value) = match problem.field {
            ProfileField::Region => ("firm.region", &doc.firm.profile.region),
            ProfileField::Industry => ("firm.industry", &doc.firm.profile.industry),
        };
        bad.push(BadAnswer {
            field: format!("firm.profile.{}", fact.trim_start_matches("firm.")),
            fact: fact.into(),
            item: None,
            value: value.clone().unwrap_or_default(),
            message_zh: problem.message_zh,
            message_en: problem.message_en,
        });
    }
    bad
}

/// The document with every bad answer left unset: a bad history entry becomes an "unset"
/// entry (so later entries and the undo chain keep their positions), a bad profile code is
/// dropped.
pub fn without_bad_answers(mut doc: ExportDoc, bad: &[BadAnswer]) -> ExportDoc {
    for b in bad {
        if let Some(i) = b
            .field
            .strip_prefix("history[")
            .and_then(|r| r.strip_suffix(']'))
            .and_then(|n| n.parse::<usize>().ok())
            && let Some(rev) = doc.history.get_mut(i)
        {
            rev.value = None;
            rev.unset = true;
        }
        match b.field.as_str() {
            "firm.profile.region" => doc.firm.profile.region = None,
            "firm.profile.industry" => doc.firm.profile.industry = None,
            _ => {}
        }
    }
    doc
}

/// The region and industry of a profile, checked as the profile form checks them and written
/// as codes: "C14 食品制造业", "食品制造业", "长清区" and "济南市长清区" become C14 and 370113.
/// A value that names no code, or a code and a name that disagree, is a problem and the
/// field is left as it was.
pub fn check_profile(cat: &Catalogue, p: &mut NewFirm) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    for (field, fact) in [
        (ProfileField::Region, "firm.region"),
        (ProfileField::Industry, "firm.industry"),
    ] {
        let slot = match field {
            ProfileField::Region => &mut p.region,
            ProfileField::Industry => &mut p.industry,
        };
        let Some(value) = slot.clone() else { continue };
        match profile_code(cat, fact, &value) {
            Ok(code) => *slot = Some(code),
            Err((zh, en)) => out.push(FieldProblem {
                field,
                message_zh: zh,
                message_en: en,
            }),
        }
    }
    out
}

/// The code a region or industry text stands for.
fn profile_code(cat: &Catalogue, fact: &str, value: &str) -> Result<String, (String, String)> {
    let value = value.trim();
    // "C14 食品制造业": a code, then its name.
    if let Some((code, name)) = value.split_once(char::is_whitespace) {
        let (code, name) = (code.trim(), name.trim());
        let named = match fact {
            "firm.region" => cat.regions.name(code),
            _ => cat.industries.name(code),
        };
        if let Some(named) = named {
            return if named == name || cat.regions.full_name(code).as_deref() == Some(name) {
                Ok(code.to_string())
            } else {
                Err((
                    format!("代码 {code} 是“{named}”，与“{name}”不符"),
                    format!("{fact}: code {code} is not {name}"),
                ))
            };
        }
    }
    if let Some((zh, en)) = check_one(cat, fact, None, value) {
        return Err((zh, en));
    }
    let def = cat.fact(fact).expect("profile facts are in the catalogue");
    match huiqi_engine::facts::parse_answer(cat, def, value, None) {
        Ok(Some(huiqi_engine::Value::Text(code))) => Ok(code),
        _ => Err((
            format!("无法识别“{value}”"),
            format!("{fact}: cannot read {value}"),
        )),
    }
}
