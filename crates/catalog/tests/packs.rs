//! Packs through the loader (issue 17): the same loader as the built-in catalogue; a key that
//! clashes with a built-in document is one message unless the pack replaces that document.

use huiqi_catalog::{Catalogue, Pack};
use std::path::Path;

const DEMO: &str = "demo-jinan-2020-3";

/// The example pack's files, with `from` replaced by `to` everywhere (keys, ids, paths).
fn example_pack(from: &str, to: &str, manifest_extra: &str) -> Pack {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/pack");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let mut text = std::fs::read_to_string(&p).unwrap().replace(from, to);
            if rel == "pack.toml" {
                text.push_str(manifest_extra);
            }
            files.push((rel.replace(from, to), text));
        }
    }
    Pack::from_files(files).unwrap()
}

#[test]
fn the_example_pack_loads_beside_the_builtin_documents() {
    let cat = Catalogue::builtin_with_packs(&[example_pack(DEMO, DEMO, "")]).unwrap();
    let doc = cat.document(DEMO).unwrap();
    assert_eq!(doc.pack.as_ref().unwrap().id, "demo-champion");
    assert!(cat.document("jinan-2020-3").unwrap().pack.is_none());
    assert_eq!(
        cat.documents.len(),
        Catalogue::builtin().unwrap().documents.len() + 1
    );
}

#[test]
fn a_key_clash_is_one_message_at_the_key() {
    let pack = example_pack(DEMO, "beijing-h2-2024", "");
    let issues = Catalogue::builtin_with_packs(&[pack]).unwrap_err().0;
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let i = &issues[0];
    assert_eq!(
        i.file,
        "packs/demo-champion/policies/demo/beijing-h2-2024/document.toml"
    );
    assert_eq!(i.line, 1);
    assert!(
        i.message.contains("replaces = [\"beijing-h2-2024\"]"),
        "{}",
        i.message
    );
}

#[test]
fn a_pack_that_replaces_a_builtin_document_takes_its_place() {
    let pack = example_pack(
        DEMO,
        "beijing-h2-2024",
        "replaces = [\"beijing-h2-2024\"]\n",
    );
    let cat = Catalogue::builtin_with_packs(&[pack]).unwrap();
    let doc = cat.document("beijing-h2-2024").unwrap();
    assert_eq!(doc.pack.as_ref().unwrap().replaces, vec!["beijing-h2-2024"]);
    assert!(doc.doc.title.starts_with("【演示】"));
    assert_eq!(doc.measures, vec!["beijing-h2-2024/12c"]);
    assert_eq!(
        cat.documents.len(),
        Catalogue::builtin().unwrap().documents.len()
    );
}

#[test]
fn replacing_a_document_that_does_not_exist_is_an_error_at_its_line() {
    let pack = example_pack(DEMO, DEMO, "replaces = [\"no-such-doc\"]\n");
    let issues = Catalogue::builtin_with_packs(&[pack]).unwrap_err().0;
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].file, "packs/demo-champion/pack.toml");
    assert_eq!(issues[0].line, 11);
    assert!(issues[0].message.contains("no-such-doc"));
}
