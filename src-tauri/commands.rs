//! Thin Tauri commands: each one locks the facade, calls it, and turns an error into the
//! bilingual message the UI shows. No behaviour of their own.
//!
//! Every command is `async` in Tauri's sense (run off the main thread), so a slow disk or a
//! long batch never freezes the window; the facade's mutex serialises them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use huiqi_app::dto::*;
use huiqi_app::{App, AppError};
use tauri::ipc::Channel;

/// The open facade, or why it could not be opened (so the window can still say so), and the
/// cancel flag of the running long job (outside the mutex, which that job holds).
pub struct AppState {
    app: Mutex<Result<App, ErrorDto>>,
    cancel: AtomicBool,
}

impl AppState {
    pub fn open(db_path: &Path) -> AppState {
        Self::new(App::open(db_path).map_err(|e| e.to_dto()))
    }

    pub fn failed(message: String) -> AppState {
        Self::new(Err(AppError::Message(message).to_dto()))
    }

    fn new(app: Result<App, ErrorDto>) -> AppState {
        AppState {
            app: Mutex::new(app),
            cancel: AtomicBool::new(false),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut App) -> Result<T, AppError>) -> Result<T, ErrorDto> {
        // A panic in an earlier command poisons the lock; the data is still consistent
        // because every store write is a transaction.
        let mut guard = self.app.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(app) => f(app).map_err(|e| e.to_dto()),
            Err(open_error) => Err(open_error.clone()),
        }
    }
}

type State<'a> = tauri::State<'a, AppState>;
type Res<T> = Result<T, ErrorDto>;

#[tauri::command(async)]
pub fn app_info(state: State<'_>) -> Res<AppInfo> {
    state.with(|app| Ok(app.app_info()))
}

#[tauri::command(async)]
pub fn check_credit_code(code: String) -> CreditCodeCheck {
    huiqi_app::check_credit_code(&code)
}

#[tauri::command(async)]
pub fn language(state: State<'_>) -> Res<Option<String>> {
    state.with(|app| app.language())
}

#[tauri::command(async)]
pub fn set_language(state: State<'_>, lang: String) -> Res<()> {
    state.with(|app| app.set_language(&lang))
}

// ---------------------------------------------------------------- firms

#[tauri::command(async)]
pub fn list_firms(state: State<'_>) -> Res<Vec<FirmSummaryDto>> {
    state.with(|app| app.list_firms())
}

#[tauri::command(async)]
pub fn create_firm(state: State<'_>, firm: NewFirmDto) -> Res<FirmDto> {
    state.with(|app| app.create_firm(firm))
}

#[tauri::command(async)]
pub fn get_firm(state: State<'_>, id: i64) -> Res<FirmDto> {
    state.with(|app| app.get_firm(id))
}

#[tauri::command(async)]
pub fn firm_detail(state: State<'_>, id: i64) -> Res<FirmDetailDto> {
    state.with(|app| app.firm_detail(id))
}

#[tauri::command(async)]
pub fn update_firm(state: State<'_>, id: i64, firm: NewFirmDto) -> Res<FirmDetailDto> {
    state.with(|app| app.update_firm(id, firm))
}

#[tauri::command(async)]
pub fn duplicate_firm(state: State<'_>, id: i64) -> Res<FirmDto> {
    state.with(|app| app.duplicate_firm(id))
}

#[tauri::command(async)]
pub fn delete_firm(state: State<'_>, id: i64) -> Res<()> {
    state.with(|app| app.delete_firm(id))
}

#[tauri::command(async)]
pub fn export_firm(state: State<'_>, id: i64, path: PathBuf) -> Res<SavedFileDto> {
    state.with(|app| app.export_firm(id, &path))
}

#[tauri::command(async)]
pub fn inspect_import(state: State<'_>, path: PathBuf) -> Res<ImportPreviewDto> {
    state.with(|app| app.inspect_import(&path))
}

#[tauri::command(async)]
pub fn import_firm(state: State<'_>, path: PathBuf, mode: Option<ImportModeDto>) -> Res<FirmDto> {
    state.with(|app| app.import_firm(&path, mode))
}

#[tauri::command(async)]
pub fn import_firms_csv(state: State<'_>, path: PathBuf, write: bool) -> Res<CsvImportReportDto> {
    state.with(|app| app.import_firms_csv(&path, write))
}

// ---------------------------------------------------------------- policy library

#[tauri::command(async)]
pub fn documents(state: State<'_>, as_of: String) -> Res<Vec<DocumentSummaryDto>> {
    state.with(|app| app.documents(&as_of))
}

#[tauri::command(async)]
pub fn document(state: State<'_>, key: String, as_of: String) -> Res<DocumentDetailDto> {
    state.with(|app| app.document(&key, &as_of))
}

#[tauri::command(async)]
pub fn region_tree(state: State<'_>) -> Res<Vec<CodeNodeDto>> {
    state.with(|app| Ok(app.region_tree()))
}

#[tauri::command(async)]
pub fn industry_tree(state: State<'_>) -> Res<Vec<CodeNodeDto>> {
    state.with(|app| Ok(app.industry_tree()))
}

// ---------------------------------------------------------------- questionnaire

#[tauri::command(async)]
pub fn questionnaire(
    state: State<'_>,
    firm: i64,
    measures: Vec<String>,
    as_of: String,
    year: Option<i32>,
) -> Res<QuestionnaireDto> {
    state.with(|app| app.questionnaire(firm, &measures, &as_of, year))
}

#[tauri::command(async)]
pub fn preview_answer(
    state: State<'_>,
    fact: String,
    text: String,
    as_of: String,
) -> Res<AnswerPreviewDto> {
    state.with(|app| Ok(app.preview_answer(&fact, &text, &as_of)))
}

#[tauri::command(async)]
pub fn save_answer(
    state: State<'_>,
    firm: i64,
    key: AnswerKeyDto,
    text: String,
    as_of: String,
) -> Res<RevisionDto> {
    state.with(|app| app.save_answer(firm, &key, &text, &as_of))
}

#[tauri::command(async)]
pub fn answer_history(state: State<'_>, firm: i64, key: AnswerKeyDto) -> Res<Vec<RevisionDto>> {
    state.with(|app| app.answer_history(firm, &key))
}

#[tauri::command(async)]
pub fn undo_answer(state: State<'_>, firm: i64, key: AnswerKeyDto) -> Res<Option<RevisionDto>> {
    state.with(|app| app.undo_answer(firm, &key))
}

#[tauri::command(async)]
pub fn add_item(state: State<'_>, firm: i64, kind: String, label: Option<String>) -> Res<String> {
    state.with(|app| app.add_item(firm, &kind, label))
}

#[tauri::command(async)]
pub fn rename_item(
    state: State<'_>,
    firm: i64,
    kind: String,
    id: String,
    label: Option<String>,
) -> Res<()> {
    state.with(|app| app.rename_item(firm, &kind, &id, label))
}

#[tauri::command(async)]
pub fn remove_item(state: State<'_>, firm: i64, kind: String, id: String) -> Res<()> {
    state.with(|app| app.remove_item(firm, &kind, &id))
}

// ---------------------------------------------------------------- results, batch

#[tauri::command(async)]
pub fn assess(state: State<'_>, firm: i64, as_of: String, year: Option<i32>) -> Res<AssessmentDto> {
    state.with(|app| app.assess(firm, &as_of, year))
}

#[tauri::command(async)]
pub fn validity_overrides(state: State<'_>) -> Res<Vec<ValidityOverrideDto>> {
    state.with(|app| app.validity_overrides())
}

#[tauri::command(async)]
pub fn set_validity_override(
    state: State<'_>,
    value: ValidityOverrideDto,
) -> Res<Vec<ValidityOverrideDto>> {
    state.with(|app| app.set_validity_override(&value))
}

#[tauri::command(async)]
pub fn remove_validity_override(
    state: State<'_>,
    document: String,
) -> Res<Vec<ValidityOverrideDto>> {
    state.with(|app| app.remove_validity_override(&document))
}

#[tauri::command(async)]
pub fn assess_firms(
    state: State<'_>,
    ids: Vec<i64>,
    as_of: String,
    year: Option<i32>,
    on_progress: Channel<ProgressDto>,
) -> Res<Vec<BatchRowDto>> {
    state.cancel.store(false, Ordering::Relaxed);
    let cancel = &state.cancel;
    state.with(|app| {
        app.assess_firms(
            &ids,
            (&as_of, year),
            &mut |p| {
                // A closed window drops the channel; the work still finishes or is cancelled.
                let _ = on_progress.send(p);
            },
            cancel,
        )
    })
}

/// Asks the running long job to stop at its next step.
#[tauri::command(async)]
pub fn cancel_job(state: State<'_>) {
    state.cancel.store(true, Ordering::Relaxed);
}

// ---------------------------------------------------------------- evidence

#[tauri::command(async)]
pub fn attachments(state: State<'_>, firm: i64) -> Res<Vec<AttachmentDto>> {
    state.with(|app| app.attachments(firm))
}

#[tauri::command(async)]
pub fn attach_file(
    state: State<'_>,
    firm: i64,
    measure: String,
    evidence: Option<String>,
    path: PathBuf,
) -> Res<AttachmentDto> {
    state.with(|app| app.attach_file(firm, &measure, evidence, &path))
}

#[tauri::command(async)]
pub fn remove_attachment(state: State<'_>, firm: i64, id: i64) -> Res<()> {
    state.with(|app| app.remove_attachment(firm, id))
}

// ---------------------------------------------------------------- dossier

#[tauri::command(async)]
pub fn dossier_preview(state: State<'_>, request: DossierRequestDto) -> Res<DossierPreviewDto> {
    state.with(|app| app.dossier_preview(&request))
}

#[tauri::command(async)]
pub fn save_dossier(
    state: State<'_>,
    request: DossierRequestDto,
    path: PathBuf,
    format: Option<String>,
) -> Res<SavedFileDto> {
    let format = format.as_deref().unwrap_or("pdf");
    state.with(|app| app.save_dossier_as(&request, &path, format))
}

// ---------------------------------------------------------------- claims ledger

#[tauri::command(async)]
pub fn claims(state: State<'_>, firm: i64) -> Res<Vec<ClaimDto>> {
    state.with(|app| app.claims(firm))
}

#[tauri::command(async)]
pub fn add_claim(state: State<'_>, firm: i64, claim: ClaimInputDto) -> Res<ClaimDto> {
    state.with(|app| app.add_claim(firm, &claim))
}

#[tauri::command(async)]
pub fn update_claim(state: State<'_>, firm: i64, id: i64, claim: ClaimInputDto) -> Res<ClaimDto> {
    state.with(|app| app.update_claim(firm, id, &claim))
}

#[tauri::command(async)]
pub fn set_claim_state(
    state: State<'_>,
    firm: i64,
    id: i64,
    next: ClaimStateDto,
    on: Option<String>,
    reference: Option<String>,
) -> Res<ClaimDto> {
    state.with(|app| app.set_claim_state(firm, id, next, on, reference))
}

#[tauri::command(async)]
pub fn remove_claim(state: State<'_>, firm: i64, id: i64) -> Res<()> {
    state.with(|app| app.remove_claim(firm, id))
}

#[tauri::command(async)]
pub fn undo_claim(state: State<'_>, firm: i64, id: i64) -> Res<Vec<ClaimDto>> {
    state.with(|app| app.undo_claim(firm, id))
}

#[tauri::command(async)]
pub fn claim_history(state: State<'_>, firm: i64, id: i64) -> Res<Vec<ClaimRevisionDto>> {
    state.with(|app| app.claim_history(firm, id))
}
