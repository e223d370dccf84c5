//! The desktop shell: opens the data file, registers the commands and the dialog plugin,
//! and starts the window. All behaviour lives in the `huiqi-app` facade.

mod commands;

use std::path::PathBuf;

use tauri::Manager;

/// Overrides where the database lives (end-to-end tests point it at a temp folder).
const DB_ENV: &str = "HUIQI_DB";
const DB_FILE: &str = "huiqi.db";

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = match database_path(app.handle()) {
                Ok(path) => commands::AppState::open(&path),
                Err(e) => commands::AppState::failed(e),
            };
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::check_credit_code,
            commands::language,
            commands::set_language,
            commands::list_firms,
            commands::create_firm,
            commands::get_firm,
            commands::firm_detail,
            commands::update_firm,
            commands::duplicate_firm,
            commands::delete_firm,
            commands::export_firm,
            commands::inspect_import,
            commands::import_firm,
            commands::import_firms_csv,
            commands::documents,
            commands::document,
            commands::region_tree,
            commands::industry_tree,
            commands::questionnaire,
            commands::preview_answer,
            commands::save_answer,
            commands::answer_history,
            commands::undo_answer,
            commands::add_item,
            commands::rename_item,
            commands::remove_item,
            commands::assess,
            commands::validity_overrides,
            commands::set_validity_override,
            commands::remove_validity_override,
            commands::assess_firms,
            commands::cancel_job,
            commands::attachments,
            commands::attach_file,
            commands::remove_attachment,
            commands::dossier_preview,
            commands::save_dossier,
            commands::claims,
            commands::add_claim,
            commands::update_claim,
            commands::set_claim_state,
            commands::remove_claim,
            commands::undo_claim,
            commands::claim_history,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Huiqi window");
}

fn database_path(handle: &tauri::AppHandle) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dir = handle
        .path()
        .app_data_dir()
        .map_err(|e| format!("找不到用户数据文件夹：{e} / No user data folder: {e}"))?;
    Ok(dir.join(DB_FILE))
}

#[cfg(test)]
mod tests {
    /// A command must be registered, listed for tauri-build and granted to the window, or
    /// the UI gets "not allowed" at run time; keep the three lists equal.
    #[test]
    fn every_command_is_registered_listed_and_granted() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
        let commands = read("commands.rs");
        let defined: Vec<String> = commands
            .split("#[tauri::command(async)]\npub fn ")
            .skip(1)
            .map(|rest| rest.split('(').next().unwrap().to_string())
            .collect();
        assert!(defined.len() > 10, "found only {defined:?}");
        let lib = read("lib.rs");
        let build = read("build.rs");
        let caps = read("capabilities/default.json");
        for name in &defined {
            assert!(
                lib.contains(&format!("commands::{name},")),
                "{name} not registered"
            );
            assert!(
                build.contains(&format!("\"{name}\",")),
                "{name} not in build.rs"
            );
            let perm = format!("\"allow-{}\"", name.replace('_', "-"));
            assert!(caps.contains(&perm), "{name} not granted in capabilities");
        }
        for line in lib.lines().map(str::trim) {
            if let Some(name) = line
                .strip_prefix("commands::")
                .and_then(|r| r.strip_suffix(','))
            {
                assert!(
                    defined.iter().any(|d| d == name),
                    "{name} registered but not defined"
                );
            }
        }
    }
}
