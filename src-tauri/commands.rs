//! Thin Tauri commands: each one locks the facade, calls it, and turns an error into an
//! `ErrorDto` (a stable code and the message in both languages). No behaviour of their own.
//! No command takes a file path: files come from native dialogs opened here, by handle.
//!
//! Every command is `async` in Tauri's sense (run off the main thread), so a slow disk or a
//! long batch never freezes the window; the facade's mutex serialises them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use huiqi_app::calendar::CalendarEntryDto;
use huiqi_app::dto::*;
use huiqi_app::overview::FirmOverviewDto;
use huiqi_app::{App, AppError};
use tauri::ipc::Channel;

use crate::picked::{self, PickedFiles};

/// The open facade, or why it could not be opened (so the window can still say so), the
/// cancel flag of the running long job (outside the mutex, which that job holds), and the
/// files the user chose in dialogs.
pub struct AppState {
    app: Mutex<Result<App, ErrorDto>>,
    cancel: AtomicBool,
    db_path: PathBuf,
    picked: PickedFiles,
}

impl AppState {
    pub fn open(db_path: &Path) -> AppState {
        Self::new(
            App::open(db_path).map_err(|e| e.to_dto()),
            db_path.to_path_buf(),
        )
    }

    fn new(app: Result<App, ErrorDto>, db_path: PathBuf) -> AppState {
        AppState {
            app: Mutex::new(app),
            cancel: AtomicBool::new(false),
            db_path,
            picked: PickedFiles::default(),
        }
    }

    /// The path behind a dialog handle, as an error the UI can show.
    fn file(&self, handle: u32, purpose: FilePurposeDto) -> Result<PathBuf, ErrorDto> {
        self.picked.path(handle, purpose).map_err(|e| e.to_dto())
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
pub fn export_firm(state: State<'_>, id: i64, file: u32) -> Res<SavedFileDto> {
    let path = state.file(file, FilePurposeDto::FirmExport)?;
    state.with(|app| app.export_firm(id, &path))
}

#[tauri::command(async)]
pub fn inspect_import(state: State<'_>, file: u32) -> Res<ImportPreviewDto> {
    let path = state.file(file, FilePurposeDto::FirmImport)?;
    state.with(|app| app.inspect_import(&path))
}

#[tauri::command(async)]
pub fn import_firm(
    state: State<'_>,
    file: u32,
    mode: Option<ImportModeDto>,
    leave_bad_unset: bool,
) -> Res<FirmDto> {
    let path = state.file(file, FilePurposeDto::FirmImport)?;
    state.with(|app| app.import_firm(&path, mode, leave_bad_unset))
}

#[tauri::command(async)]
pub fn import_firms_csv(state: State<'_>, file: u32, write: bool) -> Res<CsvImportReportDto> {
    let path = state.file(file, FilePurposeDto::CsvImport)?;
    state.with(|app| app.import_firms_csv(&path, write))
}

// ---------------------------------------------------------------- files and the data file

/// Opens the native open/save dialog for `purpose` (file types decided here, not by the
/// page); `null` when the user cancels. Title and filter name are display text only.
#[tauri::command(async)]
pub fn pick_file(
    window: tauri::WebviewWindow,
    state: State<'_>,
    purpose: FilePurposeDto,
    title: String,
    filter_name: String,
    suggested_name: Option<String>,
) -> Option<PickedFileDto> {
    let chosen = picked::ask(
        &window,
        purpose,
        &title,
        &filter_name,
        suggested_name.as_deref(),
    )?;
    Some(state.picked.add(chosen, purpose))
}

/// After the data file was found damaged: closes it, moves it aside (renamed, never deleted)
/// and restores the newest healthy backup, or starts an empty file.
#[tauri::command(async)]
pub fn recover_store(state: State<'_>, start_new: bool) -> Res<RecoveryDto> {
    let db_path = state.db_path.clone();
    let mut guard = state.app.lock().unwrap_or_else(|p| p.into_inner());
    // Drop the open store first: recovery refuses a file that is still open.
    *guard = Err(AppError::Message("正在恢复 / Recovering".into()).to_dto());
    match App::recover(&db_path, start_new) {
        Ok((app, report)) => {
            *guard = Ok(app);
            Ok(report)
        }
        Err(e) => {
            let dto = e.to_dto();
            // Whatever is at the path now (the damaged file if nothing moved) is reopened,
            // so the window keeps saying what is wrong.
            *guard = App::open(&db_path).map_err(|e| e.to_dto());
            Err(dto)
        }
    }
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

// ---------------------------------------------------------------- policy packs

#[tauri::command(async)]
pub fn list_packs(state: State<'_>) -> Res<Vec<PackDto>> {
    state.with(|app| Ok(app.list_packs()))
}

/// Installed packs that could not be loaded at start, in words (the built-in catalogue
/// changed under them): the library says so instead of dropping them silently.
#[tauri::command(async)]
pub fn pack_warnings(state: State<'_>) -> Res<Vec<String>> {
    state.with(|app| Ok(app.pack_warnings().to_vec()))
}

/// Checks the chosen pack (nothing installed) and what it would change for each saved firm.
#[tauri::command(async)]
pub fn preview_pack(
    state: State<'_>,
    file: u32,
    as_of: String,
    year: Option<i32>,
) -> Res<PackPreviewDto> {
    let path = state.file(file, FilePurposeDto::PackImport)?;
    state.with(|app| app.preview_pack(&path, &as_of, year))
}

#[tauri::command(async)]
pub fn install_pack(state: State<'_>, file: u32) -> Res<PackDto> {
    let path = state.file(file, FilePurposeDto::PackImport)?;
    state.with(|app| app.install_pack(&path))
}

#[tauri::command(async)]
pub fn preview_pack_removal(
    state: State<'_>,
    id: String,
    as_of: String,
    year: Option<i32>,
) -> Res<Vec<FirmChangeDto>> {
    state.with(|app| app.preview_pack_removal(&id, &as_of, year))
}

#[tauri::command(async)]
pub fn remove_pack(state: State<'_>, id: String) -> Res<()> {
    state.with(|app| app.remove_pack(&id))
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
    include_expired: Option<bool>,
) -> Res<QuestionnaireDto> {
    let expired = include_expired.unwrap_or(false);
    state.with(|app| app.questionnaire(firm, &measures, &as_of, year, expired))
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

// ---------------------------------------------------------------- per-firm view state

#[tauri::command(async)]
pub fn firm_view(state: State<'_>, firm: i64) -> Res<FirmViewDto> {
    state.with(|app| app.firm_view(firm))
}

#[tauri::command(async)]
pub fn set_measure_filter(state: State<'_>, firm: i64, measures: Vec<String>) -> Res<()> {
    state.with(|app| app.set_measure_filter(firm, &measures))
}

#[tauri::command(async)]
pub fn set_dossier_selection(
    state: State<'_>,
    firm: i64,
    measures: Option<Vec<String>>,
) -> Res<()> {
    state.with(|app| app.set_dossier_selection(firm, measures.as_deref()))
}

// ---------------------------------------------------------------- results, batch

/// `lang` is the UI's language (`en` or `zh-CN`; absent: Chinese), the language of the
/// explanation.
#[tauri::command(async)]
pub fn assess(
    state: State<'_>,
    firm: i64,
    as_of: String,
    year: Option<i32>,
    lang: Option<String>,
) -> Res<AssessmentDto> {
    let lang = huiqi_app::Lang::from_code(lang.as_deref().unwrap_or(""));
    state.with(|app| app.assess_in(firm, &as_of, year, lang))
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

/// Saves the batch results of `ids` as `xlsx` (summary and detail sheets) or `csv`.
#[tauri::command(async)]
pub fn export_batch(
    state: State<'_>,
    ids: Vec<i64>,
    as_of: String,
    year: Option<i32>,
    file: u32,
    format: String,
) -> Res<SavedFileDto> {
    let purpose = if format == "csv" {
        FilePurposeDto::BatchCsv
    } else {
        FilePurposeDto::BatchExcel
    };
    let path = state.file(file, purpose)?;
    state.with(|app| app.export_batch(&ids, (&as_of, year), &path, &format))
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
    file: u32,
) -> Res<AttachmentDto> {
    let path = state.file(file, FilePurposeDto::Evidence)?;
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
    file: u32,
    format: Option<String>,
) -> Res<SavedFileDto> {
    let format = format.as_deref().unwrap_or("pdf");
    let purpose = if format == "docx" {
        FilePurposeDto::DossierWord
    } else {
        FilePurposeDto::Dossier
    };
    let path = state.file(file, purpose)?;
    state.with(|app| app.save_dossier_as(&request, &path, format))
}

// ---------------------------------------------------------------- firm list overview

/// Progress, amounts and the next date of the firms on screen (`ids`).
#[tauri::command(async)]
pub fn firm_overviews(
    state: State<'_>,
    ids: Vec<i64>,
    as_of: String,
    year: Option<i32>,
) -> Res<Vec<FirmOverviewDto>> {
    state.with(|app| app.firm_overviews(&ids, &as_of, year))
}

// ---------------------------------------------------------------- calendar

/// One firm's dates (`firm`), or every firm's merged by date (`firm` null).
#[tauri::command(async)]
pub fn calendar(
    state: State<'_>,
    firm: Option<i64>,
    as_of: String,
    year: Option<i32>,
) -> Res<Vec<CalendarEntryDto>> {
    state.with(|app| app.calendar(firm, &as_of, year))
}

#[tauri::command(async)]
pub fn save_calendar(
    state: State<'_>,
    firm: Option<i64>,
    as_of: String,
    year: Option<i32>,
    file: u32,
) -> Res<SavedFileDto> {
    let path = state.file(file, FilePurposeDto::CalendarExport)?;
    state.with(|app| app.save_calendar_ics(firm, (&as_of, year), &path))
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
