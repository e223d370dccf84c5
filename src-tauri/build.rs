//! Runs tauri-build: reads tauri.conf.json and the capabilities, and generates the
//! allow-/deny- permissions for our own commands so capabilities can name them.

/// Every `#[tauri::command]` in src-tauri/commands.rs; a command missing here cannot be
/// granted to the window, so the UI would get a "not allowed" error.
const COMMANDS: &[&str] = &[
    "app_info",
    "check_credit_code",
    "language",
    "set_language",
    "list_firms",
    "firm_overviews",
    "create_firm",
    "get_firm",
    "firm_detail",
    "update_firm",
    "duplicate_firm",
    "delete_firm",
    "export_firm",
    "inspect_import",
    "import_firm",
    "import_firms_csv",
    "documents",
    "document",
    "list_packs",
    "pack_warnings",
    "preview_pack",
    "install_pack",
    "preview_pack_removal",
    "remove_pack",
    "region_tree",
    "industry_tree",
    "questionnaire",
    "preview_answer",
    "save_answer",
    "answer_history",
    "undo_answer",
    "add_item",
    "rename_item",
    "remove_item",
    "firm_view",
    "set_measure_filter",
    "set_dossier_selection",
    "assess",
    "validity_overrides",
    "set_validity_override",
    "remove_validity_override",
    "assess_firms",
    "cancel_job",
    "export_batch",
    "attachments",
    "attach_file",
    "remove_attachment",
    "dossier_preview",
    "save_dossier",
    "calendar",
    "save_calendar",
    "claims",
    "add_claim",
    "update_claim",
    "set_claim_state",
    "remove_claim",
    "undo_claim",
    "claim_history",
    "pick_file",
    "recover_store",
];

fn main() {
    // Capabilities live beside the shell's sources, not at the package root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
