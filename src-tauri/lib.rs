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
            commands::list_firms,
            commands::create_firm,
            commands::get_firm,
            commands::check_credit_code,
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
