//! The compiled form embedded by build.rs reads back as the catalogue the strict loader makes
//! of the same files: every field, derived ones and spans included, and the lookups.

use huiqi_catalog::Catalogue;
use huiqi_catalog::compiled::{decode, encode};

#[test]
fn compiled_catalogue_equals_the_loaded_one() {
    let compiled = Catalogue::builtin().expect("compiled catalogue");
    let loaded = Catalogue::builtin_loaded().expect("built-in files through the loader");
    // The content hash printed on dossiers is the loader's, unchanged by compiling.
    assert_eq!(compiled.version(), loaded.version());
    // The encoding covers every field of the model, so equal bytes mean equal catalogues.
    assert!(
        encode(&compiled) == encode(&loaded),
        "compiled form differs"
    );
    // Spelled out for what a serde dump of the model alone would lose:
    let (c, l) = (&compiled.measures()[0], &loaded.measures()[0]);
    assert!(!l.id.span().is_empty());
    assert_eq!(c.id.span(), l.id.span());
    assert!(l.when_zh.is_some() && l.when_expr.is_some());
    // Every amount rule's figures were read at load, so the engine parses none.
    assert!(loaded.measures().iter().all(|m| m.amount.figures.is_some()));
    assert_eq!((&c.when_zh, &c.when_expr), (&l.when_zh, &l.when_expr));
    let lines = |cat: &Catalogue| -> Vec<usize> {
        cat.documents
            .iter()
            .flat_map(|d| &d.cases)
            .map(|c| c.line)
            .collect()
    };
    assert!(lines(&loaded).iter().all(|&n| n > 1));
    assert_eq!(lines(&compiled), lines(&loaded));
    // The indexes, rebuilt when reading, find what the loader's find.
    for m in loaded.measures() {
        assert_eq!(compiled.measure(m.id()).map(|m| m.id()), Some(m.id()));
    }
    for f in &loaded.facts {
        assert_eq!(compiled.fact_position(f.id()), loaded.fact_position(f.id()));
    }
    for r in &loaded.regions.regions {
        assert_eq!(compiled.regions.name(&r.code), Some(r.name.as_str()));
    }
}

/// Every fact a rule names carries its position among the catalogue's facts, in the compiled
/// catalogue as in the loaded one, so the engine reads answers by index.
#[test]
fn rules_name_facts_by_position() {
    let compiled = Catalogue::builtin().expect("compiled catalogue");
    let loaded = Catalogue::builtin_loaded().expect("built-in files through the loader");
    for cat in [&compiled, &loaded] {
        let mut refs = 0;
        for m in cat.measures() {
            let tiers = m.amount.tiers.iter().filter_map(|t| t.when_expr.as_ref());
            let rules = [
                &m.scope_expr,
                &m.when_expr,
                &m.event_date_expr,
                &m.amount.base_expr,
                &m.amount.units_expr,
            ];
            for e in rules.into_iter().flatten().chain(tiers) {
                for f in e.fact_refs() {
                    refs += 1;
                    let at = f
                        .index()
                        .unwrap_or_else(|| panic!("{}: {f} unresolved", m.id()));
                    assert_eq!(cat.facts[at].id(), f.as_str(), "{}", m.id());
                }
            }
        }
        assert!(refs > 500, "only {refs} fact references");
    }
    // A rule parsed outside the loader names its facts by id only.
    let e = huiqi_catalog::expr::parse("firm.employees > 10").unwrap();
    assert!(e.fact_refs().iter().all(|f| f.index().is_none()));
}

#[test]
fn bytes_of_another_format_are_refused() {
    let loaded = Catalogue::builtin_loaded().unwrap();
    let mut bytes = encode(&loaded);
    assert!(decode(&bytes).is_ok());
    // The first byte is the format number (a varint below 128).
    bytes[0] += 1;
    let err = decode(&bytes).expect_err("another format is refused");
    assert!(err.contains("format"), "{err}");
    assert!(decode(&bytes[..bytes.len() / 2]).is_err());
}

/// `--catalog assets` is the built-in catalogue: the same version on a dossier. The folder
/// also holds the dossier's fonts and their licences (`fonts/*.txt`), which the loader once
/// read and hashed too — the same policies then printed under two versions.
#[test]
fn the_assets_folder_loads_as_the_built_in_catalogue() {
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    assert!(
        assets.join("fonts").is_dir(),
        "assets/fonts holds files that are not catalogue: what this test is about"
    );
    let from_folder = Catalogue::load_dir(&assets).expect("assets/ loads");
    let built_in = Catalogue::builtin().expect("built-in catalogue");
    assert_eq!(from_folder.version(), built_in.version());
    assert_eq!(from_folder.documents.len(), built_in.documents.len());
}
