//! Embeds the built-in catalogue (assets/policies, assets/sources, assets/facts.toml and the
//! code tables) into the binary, so the app and the CLI work offline from any folder, and
//! compiles it: the strict loader runs here, a catalogue with problems fails the build with
//! every `file:line: field: message`, and the loaded catalogue is embedded in compiled form
//! (`src/compiled.rs`), which starts without parsing or checking anything.
//!
//! The loader is this crate's own source, compiled into the build script by path below: one
//! loader, the same code that reads `--catalog DIR` and policy packs at run time, and no
//! second crate. `src/builtin.rs` (which reads what this script writes) is the one module
//! left out.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/compiled.rs"]
mod compiled;
#[allow(dead_code)]
#[path = "src/coverage.rs"]
mod coverage;
#[allow(dead_code)]
#[path = "src/expr.rs"]
mod expr;
#[allow(dead_code)]
#[path = "src/load.rs"]
mod load;
#[allow(dead_code)]
#[path = "src/model.rs"]
mod model;
#[allow(dead_code)]
#[path = "src/pack.rs"]
mod pack;
#[allow(dead_code)]
#[path = "src/quantity.rs"]
mod quantity;
#[allow(dead_code)]
#[path = "src/render.rs"]
mod render;
#[allow(dead_code)]
#[path = "src/tables.rs"]
mod tables;
#[allow(dead_code)]
#[path = "src/wire.rs"]
mod wire;

// The crate root's names, which the modules use as `crate::…`.
#[allow(unused_imports)]
use load::{Catalogue, Issue, Issues, LoadedDocument};
#[allow(unused_imports)]
use model::*;

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

/// The catalogue's files as the loader takes them: path under `assets/`, with its file.
fn catalogue_files(assets: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    // The parts `Catalogue::load_dir` reads too, so that both give one version.
    for part in load::CATALOGUE_PARTS {
        let path = assets.join(part);
        if path.is_dir() {
            collect(&path, assets, &mut files);
        } else if path.is_file() {
            files.push((part.to_string(), path));
        }
    }
    files
}

/// Loads the catalogue with the strict loader and returns its compiled form; every problem
/// fails the build.
fn compile(files: &[(String, PathBuf)]) -> Vec<u8> {
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|(rel, path)| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("assets/{rel}: cannot read: {e}"));
            (rel.clone(), text)
        })
        .collect();
    match Catalogue::from_files(&texts) {
        Ok(catalogue) => compiled::encode(&catalogue),
        Err(issues) => {
            eprintln!("内置政策目录未通过校验 / the built-in catalogue (assets/) does not load:");
            eprintln!("{issues}");
            std::process::exit(1);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let assets = manifest
        .join("../../assets")
        .canonicalize()
        .expect("assets/ folder");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let files = catalogue_files(&assets);
    let compiled = out_dir.join("catalogue.bin");
    std::fs::write(&compiled, compile(&files)).unwrap();

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
    writeln!(
        code,
        "pub static BUILTIN_COMPILED: &[u8] = include_bytes!({:?});",
        compiled.to_string_lossy()
    )
    .unwrap();
    for part in load::CATALOGUE_PARTS {
        println!("cargo:rerun-if-changed={}", assets.join(part).display());
    }
    for (_, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    // The loader's own source: a change to it recompiles this script, which must then run
    // again (Cargo reruns a recompiled script, but say so rather than rely on it).
    println!("cargo:rerun-if-changed=src");
    std::fs::write(out_dir.join("builtin.rs"), code).unwrap();
}
