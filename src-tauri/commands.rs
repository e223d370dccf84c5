//! Thin Tauri commands: each one locks the facade, calls it, and turns an error into the
//! bilingual message the UI shows. No behaviour of their own.

use std::path::Path;
use std::sync::Mutex;

use huiqi_app::App;
use huiqi_app::dto::{AppInfo, CreditCodeCheck, ErrorDto, FirmDto, FirmSummaryDto, NewFirmDto};

/// The open facade, or why it could not be opened (so the window can still say so).
pub struct AppState(Mutex<Result<App, ErrorDto>>);

impl AppState {
    pub fn open(db_path: &Path) -> AppState {
        AppState(Mutex::new(App::open(db_path).map_err(|e| e.to_dto())))
    }

    pub fn failed(message: String) -> AppState {
        let (zh, en) = message
            .split_once(" / ")
            .map(|(zh, en)| (zh.to_string(), en.to_string()))
            .unwrap_or_else(|| (message.clone(), message.clone()));
        AppState(Mutex::new(Err(ErrorDto {
            message_zh: zh,
            message_en: en,
        })))
    }

    fn with<T>(&self, f: impl FnOnce(&mut App) -> Result<T, ErrorDto>) -> Result<T, ErrorDto> {
        // A panic in an earlier command poisons the lock; the data is still consistent
        // because every store write is a transaction.
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(app) => f(app),
            Err(open_error) => Err(open_error.clone()),
        }
    }
}

type State<'a> = tauri::State<'a, AppState>;

#[tauri::command]
pub fn app_info(state: State<'_>) -> Result<AppInfo, ErrorDto> {
    state.with(|app| Ok(app.app_info()))
}

#[tauri::command]
pub fn list_firms(state: State<'_>) -> Result<Vec<FirmSummaryDto>, ErrorDto> {
    state.with(|app| app.list_firms().map_err(|e| e.to_dto()))
}

#[tauri::command]
pub fn create_firm(state: State<'_>, firm: NewFirmDto) -> Result<FirmDto, ErrorDto> {
    state.with(|app| app.create_firm(firm).map_err(|e| e.to_dto()))
}

#[tauri::command]
pub fn get_firm(state: State<'_>, id: i64) -> Result<FirmDto, ErrorDto> {
    state.with(|app| app.get_firm(id).map_err(|e| e.to_dto()))
}

#[tauri::command]
pub fn check_credit_code(code: String) -> CreditCodeCheck {
    huiqi_app::check_credit_code(&code)
}
