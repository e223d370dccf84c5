//! Names, not ids: the engine speaks of an item by its id ("〔9e2a…〕普通技改项目…"), which
//! means nothing to the person reading. Everything a person reads names the item as the user
//! typed it, or "技术改造项目 1" (the kind's short label and its position) when it has no name.

use std::collections::BTreeMap;

use huiqi_catalog::Catalogue;
use huiqi_store::{FirmId, Store, StoreError};

use crate::dto::OutcomeDto;

/// (item kind, item id) → the name a person reads.
pub type ItemNames = BTreeMap<(String, String), String>;

/// A kind's label without its trailing note in brackets: "参加的展会（每个展会一条）" → "参加的展会".
pub fn short_kind_label(label: &str) -> &str {
    let Some(body) = label.strip_suffix('）') else {
        return label;
    };
    // The opening bracket matching the final closing one (notes may nest a bracket: 首台（套）).
    let mut depth = 1;
    for (i, c) in body.char_indices().rev() {
        match c {
            '）' => depth += 1,
            '（' => {
                depth -= 1;
                if depth == 0 {
                    let head = body[..i].trim_end();
                    return if head.is_empty() { label } else { head };
                }
            }
            _ => {}
        }
    }
    label
}

/// "技术改造项目 1": the name of the `n`-th item of `kind` (from 1) that has none of its own.
pub fn default_item_name(cat: &Catalogue, kind: &str, n: usize) -> String {
    let label = cat.item_kind(kind).map_or(kind, |k| k.label.as_str());
    format!("{} {n}", short_kind_label(label))
}

/// The first default name of `kind` not already used by one of `taken`.
pub fn fresh_item_name(cat: &Catalogue, kind: &str, taken: &[String]) -> String {
    (taken.len() + 1..)
        .map(|n| default_item_name(cat, kind, n))
        .find(|name| !taken.contains(name))
        .unwrap_or_default()
}

/// Every current item of the firm with its name: the one typed, else the default by position.
pub fn item_names(cat: &Catalogue, store: &Store, firm: FirmId) -> Result<ItemNames, StoreError> {
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    let mut names = ItemNames::new();
    for item in store.list_items(firm, None)? {
        let n = position.entry(item.item.kind.clone()).or_default();
        *n += 1;
        let name = item
            .label
            .unwrap_or_else(|| default_item_name(cat, &item.item.kind, *n));
        names.insert((item.item.kind, item.item.id), name);
    }
    Ok(names)
}

/// `text` with every "〔id〕" of a named item reading "〔name〕". An id two kinds share with
/// different names is left alone rather than guessed.
pub fn name_text(text: &str, names: &ItemNames) -> String {
    if !text.contains('〔') {
        return text.to_string();
    }
    let mut out = text.to_string();
    for ((kind, id), name) in names {
        let ambiguous = names
            .iter()
            .any(|((k, i), n)| i == id && k != kind && n != name);
        if !ambiguous {
            out = out.replace(&format!("〔{id}〕"), &format!("〔{name}〕"));
        }
    }
    out
}

fn name_all(texts: &mut [String], names: &ItemNames) {
    for t in texts {
        *t = name_text(t, names);
    }
}

/// An outcome as the results screen shows it, every item by its name.
pub fn name_outcome(o: &mut OutcomeDto, names: &ItemNames) {
    name_all(&mut o.calculation, names);
    name_all(&mut o.hints, names);
    name_all(&mut o.failed, names);
    name_all(&mut o.received, names);
    if let Some(d) = &mut o.dropped {
        *d = name_text(d, names);
    }
    for t in &mut o.trace {
        t.step = name_text(&t.step, names);
        t.detail = name_text(&t.detail, names);
    }
    for i in &mut o.items {
        name_all(&mut i.calculation, names);
        name_all(&mut i.failed, names);
        if let Some(d) = &mut i.dropped_by {
            *d = name_text(d, names);
        }
        if i.label.is_none() {
            i.label = names.get(&(i.kind.clone(), i.id.clone())).cloned();
        }
    }
}

/// A dossier as printed, every item by its name.
pub fn name_model(model: &mut huiqi_dossier::DossierModel, names: &ItemNames) {
    for m in &mut model.measures {
        for row in &mut m.answers {
            row.label = name_text(&row.label, names);
        }
        name_all(&mut m.calculation, names);
        name_all(&mut m.notes, names);
        name_all(&mut m.adjustments, names);
    }
    for e in model.appendix.iter_mut().flatten() {
        name_all(&mut e.reasons, names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_drop_only_the_final_note() {
        assert_eq!(short_kind_label("参加的展会（每个展会一条）"), "参加的展会");
        assert_eq!(
            short_kind_label("首台（套）技术装备或关键核心零部件（每个产品一条）"),
            "首台（套）技术装备或关键核心零部件"
        );
        assert_eq!(short_kind_label("技术改造项目"), "技术改造项目");
        assert_eq!(short_kind_label("（全部是注释）"), "（全部是注释）");
    }

    #[test]
    fn ids_in_text_become_names() {
        let names: ItemNames = [(("k".into(), "9e2a".into()), "新厂房技改".into())].into();
        assert_eq!(
            name_text("〔9e2a〕设备投资额 × 10%", &names),
            "〔新厂房技改〕设备投资额 × 10%"
        );
        assert_eq!(name_text("〔other〕x", &names), "〔other〕x");
    }

    #[test]
    fn an_id_shared_by_two_kinds_is_not_guessed() {
        let names: ItemNames = [
            (("a".into(), "p1".into()), "甲".into()),
            (("b".into(), "p1".into()), "乙".into()),
        ]
        .into();
        assert_eq!(name_text("〔p1〕x", &names), "〔p1〕x");
    }
}
