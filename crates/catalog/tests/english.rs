//! The built-in catalogue has English for everything the English UI shows of it (issue 16):
//! document titles, short titles and issuers, fact labels and help, choice and item-kind
//! labels, measure titles. Quotes and source text are policy content and stay Chinese.

use huiqi_catalog::Catalogue;

fn has_han(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
    })
}

/// `what` lacks English when `zh` is set and `en` is missing or still Chinese.
fn check(out: &mut Vec<String>, what: String, zh: Option<&str>, en: Option<&str>) {
    match (zh, en) {
        (Some(_), None) => out.push(format!("{what}: no English")),
        (Some(_), Some(e)) if e.trim().is_empty() || has_han(e) => {
            out.push(format!("{what}: English is empty or has Chinese: {e}"))
        }
        (None, Some(_)) => out.push(format!("{what}: English without the Chinese")),
        _ => {}
    }
}

fn missing_english(cat: &Catalogue) -> Vec<String> {
    let mut out = Vec::new();
    for d in &cat.documents {
        let (doc, key) = (&d.doc, &d.doc.key);
        check(
            &mut out,
            format!("{key} title_en"),
            Some(&doc.title),
            doc.title_en.as_deref(),
        );
        check(
            &mut out,
            format!("{key} short_title_en"),
            doc.short_title.as_deref(),
            doc.short_title_en.as_deref(),
        );
        check(
            &mut out,
            format!("{key} issuer_en"),
            doc.issuer.as_deref(),
            doc.issuer_en.as_deref(),
        );
    }
    for f in &cat.facts {
        let id = f.id();
        check(
            &mut out,
            format!("{id} label_en"),
            Some(&f.label),
            f.label_en.as_deref(),
        );
        check(
            &mut out,
            format!("{id} help_en"),
            f.help.as_deref(),
            f.help_en.as_deref(),
        );
        for c in &f.choices {
            check(
                &mut out,
                format!("{id} choice {} label_en", c.value),
                Some(&c.label),
                c.label_en.as_deref(),
            );
        }
    }
    for k in &cat.item_kinds {
        check(
            &mut out,
            format!("{} label_en", k.id),
            Some(&k.label),
            k.label_en.as_deref(),
        );
    }
    for m in cat.measures() {
        check(
            &mut out,
            format!("{} title_en", m.id()),
            Some(&m.title),
            m.title_en.as_deref(),
        );
        // The policy library shows the rules in English, rendered from the English labels.
        let rule = huiqi_catalog::render::amount_rule_en(cat, m);
        if has_han(&rule) {
            out.push(format!("{} amount rule in English: {rule}", m.id()));
        }
        for e in [&m.scope_expr, &m.when_expr].into_iter().flatten() {
            let text = huiqi_catalog::render::render_en(cat, e);
            if has_han(&text) {
                out.push(format!("{} condition in English: {text}", m.id()));
            }
        }
    }
    out
}

#[test]
fn the_builtin_catalogue_has_english_for_every_title_label_and_help() {
    let cat = Catalogue::builtin().unwrap();
    assert_eq!(missing_english(&cat), Vec::<String>::new());
}

#[test]
fn a_document_without_an_english_title_is_reported() {
    let mut cat = Catalogue::builtin().unwrap();
    cat.documents[0].doc.title_en = None;
    let fact = cat.facts.iter().position(|f| f.help.is_some()).unwrap();
    cat.facts[fact].help_en = Some("还是中文".into());
    let missing = missing_english(&cat);
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].ends_with("title_en: no English"), "{missing:?}");
    assert!(
        missing[1].contains("help_en: English is empty or has Chinese"),
        "{missing:?}"
    );
}
