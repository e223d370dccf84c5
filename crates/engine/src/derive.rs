//! Facts implied by other answers, so the questionnaire does not ask them: a yes/no fact the
//! industry decides (`industry_sections`: 工业企业 from the GB/T 4754 section of
//! `firm.industry`) and the follow-ups of a screening question answered 否 (`screened_by`).
//! An answer the firm gave always wins over a derived one.

use crate::facts::{Facts, Value};
use huiqi_catalog::{Catalogue, FactDef};

/// The fact holding the firm's GB/T 4754 code (a section letter, then digits).
pub const INDUSTRY_FACT: &str = "firm.industry";

/// The value `fact` takes from the other answers, if they decide it.
pub fn derived_value(cat: &Catalogue, facts: &Facts, fact: &str) -> Option<Value> {
    derived_value_of(cat.fact(fact)?, facts)
}

/// The value the fact `def` takes from the other answers, if they decide it.
fn derived_value_of(def: &FactDef, facts: &Facts) -> Option<Value> {
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
    unanswered_derivable(cat, facts).any(|f| derived_value_of(f, facts).is_some())
}

/// `facts` with every unanswered derivable fact filled in.
pub fn apply(cat: &Catalogue, facts: &mut Facts) {
    let filled: Vec<(String, Value)> = derived(cat, facts)
        .into_iter()
        .map(|(id, v)| (id.to_string(), v))
        .collect();
    facts.firm.extend(filled);
}

/// The unanswered derivable facts the other answers decide, with their values: what
/// [`apply`] fills in, without changing `facts`.
pub fn derived<'c>(cat: &'c Catalogue, facts: &Facts) -> Vec<(&'c str, Value)> {
    unanswered_derivable(cat, facts)
        .filter_map(|f| Some((f.id(), derived_value_of(f, facts)?)))
        .collect()
}

/// The derivable facts the firm has not answered.
fn unanswered_derivable<'c>(
    cat: &'c Catalogue,
    facts: &Facts,
) -> impl Iterator<Item = &'c FactDef> {
    cat.facts
        .iter()
        .filter(|f| !f.industry_sections.is_empty() || f.screened_by.is_some())
        .filter(|f| !facts.firm.contains_key(f.id()))
}

/// The screening question to ask instead of `fact` while the screen is unanswered.
pub fn unanswered_screen<'c>(cat: &'c Catalogue, facts: &Facts, fact: &str) -> Option<&'c str> {
    let screen = cat.fact(fact)?.screened_by.as_deref()?;
    (!facts.firm.contains_key(screen)).then_some(screen)
}
