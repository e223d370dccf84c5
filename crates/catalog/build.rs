//! Embeds the built-in catalogue (assets/policies, assets/sources, assets/facts.toml and the
//! code tables) into the binary, so the app and the CLI work offline from any folder.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "txt" | "csv")
        ) {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let assets = manifest
        .join("../../assets")
        .canonicalize()
        .expect("assets/ folder");
    let mut files = Vec::new();
    for sub in ["policies", "sources", "tables"] {
        collect(&assets.join(sub), &assets, &mut files);
    }
    let facts = assets.join("facts.toml");
    if facts.exists() {
        files.push(("facts.toml".into(), facts));
    }
    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.to_string_lossy()
        )
        .unwrap();
    }
    code.push_str("];\n");
    for sub in ["policies", "sources", "tables", "facts.toml"] {
        println!("cargo:rerun-if-changed={}", assets.join(sub).display());
    }
    for (_, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin.rs");
    std::fs::write(out, code).unwrap();
}
