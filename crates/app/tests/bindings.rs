//! Fails when the committed TypeScript bindings in ui/src/bindings differ from what the
//! DTOs in src/dto.rs generate now.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REGENERATE: &str = "cargo run -p huiqi-app --bin huiqi-export-bindings";

fn read_ts_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ts") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    files
}

#[test]
fn committed_bindings_match_the_dtos() {
    let fresh_dir = tempfile::tempdir().unwrap();
    huiqi_app::dto::export_bindings(fresh_dir.path()).unwrap();
    let fresh = read_ts_files(fresh_dir.path());
    assert!(!fresh.is_empty(), "export produced no files");

    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let committed = read_ts_files(&committed_dir);

    let mut problems = Vec::new();
    for (name, content) in &fresh {
        match committed.get(name) {
            None => problems.push(format!("missing: {name}")),
            Some(old) if old != content => problems.push(format!("differs: {name}")),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !fresh.contains_key(*n)) {
        problems.push(format!("no longer generated: {name}"));
    }
    assert!(
        problems.is_empty(),
        "ui/src/bindings is stale ({}).\nRegenerate with: {REGENERATE}",
        problems.join(", ")
    );
}
