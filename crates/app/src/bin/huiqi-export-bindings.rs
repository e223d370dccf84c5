//! Regenerates the committed TypeScript bindings: `cargo run -p huiqi-app --bin huiqi-export-bindings`.

use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    // Start from an empty folder so a removed DTO leaves no stale file behind.
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove old bindings");
    }
    std::fs::create_dir_all(&dir).expect("create bindings folder");
    huiqi_app::dto::export_bindings(&dir).expect("export bindings");
    println!("wrote {}", dir.display());
}
