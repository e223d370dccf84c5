//! Facts implied by other answers, so the questionnaire does not ask them: a yes/no fact the
//! industry decides (`industry_sections`: 工业企业 from the GB/T 4754 section of
//! `firm.industry`) and the follow-ups of a screening question answered 否 (`screened_by`).
//! An answer the firm gave always wins over a derived one.

use crate::facts::{Facts, Value};
use huiqi_catalog::Catalogue;

/// The fact holding the firm's GB/T 4754 code (a section letter, then digits).
pub const INDUSTRY_FACT: &str = "firm.industry";

/// The value `fact` takes from the other answers, if they decide it.
pub fn derived_value(cat: &Catalogue, facts: &Facts, fact: &str) -> Option<Value> {
    let def = cat.fact(fact)?;
    if !def.industry_sections.is_empty()
        && let Some(Value::Text(code)) = facts.firm.get(INDUSTRY_FACT)
        && let Some(section) = code.chars().next()
    {
        let inside = def.industry_sections.iter().any(|s| s.starts_with(section));
        return Some(Value::Bool(inside));
    }
    let screen = def.screened_by.as_deref()?;
    match facts.firm.get(screen) {
        Some(Value::Bool(false)) => Some(Value::Bool(false)),
        _ => None,
    }
}

/// Whether any fact the catalogue can derive is unanswered and decided by the others.
pub fn has_derivable(cat: &Catalogue, facts: &Facts) -> bool {
    derivable(cat).any(|f| !facts.firm.contains_key(f) && derived_value(cat, facts, f).is_some())
}

/// `facts` with every unanswered derivable fact filled in.
pub fn apply(cat: &Catalogue, facts: &mut Facts) {
    let filled: Vec<(String, Value)> = derivable(cat)
        .filter(|f| !facts.firm.contains_key(*f))
        .filter_map(|f| Some((f.to_string(), derived_value(cat, facts, f)?)))
        .collect();
    facts.firm.extend(filled);
}

/// The screening question to ask instead of `fact` while the screen is unanswered.
pub fn unanswered_screen<'c>(cat: &'c Catalogue, facts: &Facts, fact: &str) -> Option<&'c str> {
    let screen = cat.fact(fact)?.screened_by.as_deref()?;
    (!facts.firm.contains_key(screen)).then_some(screen)
}

fn derivable(cat: &Catalogue) -> impl Iterator<Item = &str> {
    cat.facts
        .iter()
        .filter(|f| !f.industry_sections.is_empty() || f.screened_by.is_some())
        .map(|f| f.id())
}
