//! The desktop shell: opens the data file, registers the commands and the dialog plugin,
//! and starts the window. All behaviour lives in the `huiqi-app` facade.

mod commands;
mod picked;

use std::path::PathBuf;

use tauri::Manager;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = commands::AppState::open(&database_path());
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::check_credit_code,
            commands::language,
            commands::set_language,
            commands::list_firms,
            commands::firm_overviews,
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
            commands::list_packs,
            commands::pack_warnings,
            commands::preview_pack,
            commands::install_pack,
            commands::preview_pack_removal,
            commands::remove_pack,
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
            commands::firm_view,
            commands::set_measure_filter,
            commands::set_dossier_selection,
            commands::assess,
            commands::validity_overrides,
            commands::set_validity_override,
            commands::remove_validity_override,
            commands::assess_firms,
            commands::cancel_job,
            commands::export_batch,
            commands::attachments,
            commands::attach_file,
            commands::remove_attachment,
            commands::dossier_preview,
            commands::save_dossier,
            commands::calendar,
            commands::save_calendar,
            commands::claims,
            commands::add_claim,
            commands::update_claim,
            commands::set_claim_state,
            commands::remove_claim,
            commands::undo_claim,
            commands::claim_history,
            commands::pick_file,
            commands::recover_store,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Huiqi window");
}

/// The data file: `$HUIQI_DB` (the end-to-end tests point it at a temp folder), else
/// `huiqi.db` in the per-user data folder named after the app's identifier — the folder
/// Tauri's `app_data_dir` is — computed by the store, so the CLI resolves the same file.
fn database_path() -> PathBuf {
    huiqi_store::default_db_path()
}

#[cfg(test)]
mod tests {
    fn read(f: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(dir.join(f)).unwrap()
    }

    /// The webview must not be able to name a file: no command takes a path (or a string
    /// called one); files come from dialogs Rust opens, by handle.
    #[test]
    fn no_command_takes_a_path_from_the_webview() {
        let commands = read("src-tauri/commands.rs");
        let mut checked = 0;
        for rest in commands.split("#[tauri::command(async)]\npub fn ").skip(1) {
            let name = rest.split('(').next().unwrap();
            let params = rest.split_once('(').unwrap().1.split_once(')').unwrap().0;
            for param in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let lower = param.to_lowercase();
                assert!(
                    !lower.contains("path") && !lower.contains("file: string"),
                    "{name} takes a path: {param}"
                );
            }
            checked += 1;
        }
        assert!(checked > 30, "found only {checked} commands");
    }

    /// The app and the CLI share one data file: the store names the folder after the same
    /// identifier Tauri uses for `app_data_dir`.
    #[test]
    fn app_and_cli_resolve_the_same_data_file() {
        let conf = read("tauri.conf.json");
        let id = format!("\"identifier\": \"{}\"", huiqi_store::APP_IDENTIFIER);
        assert!(conf.contains(&id), "tauri.conf.json must have {id}");
        if std::env::var_os("HUIQI_DB").is_none() {
            let path = super::database_path();
            let folder = path.parent().unwrap().file_name().unwrap();
            assert_eq!(folder, huiqi_store::APP_IDENTIFIER);
            assert_eq!(path.file_name().unwrap(), "huiqi.db");
        }
    }

    /// A command must be registered, listed for tauri-build and granted to the window, or
    /// the UI gets "not allowed" at run time; keep the three lists equal.
    #[test]
    fn every_command_is_registered_listed_and_granted() {
        let read = |f: &str| read(&format!("src-tauri/{f}"));
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
