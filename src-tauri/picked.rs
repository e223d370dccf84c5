//! Files chosen in native dialogs that Rust opens (tauri-plugin-dialog's Rust API). The
//! webview asks for a dialog and gets back an opaque handle and the file's name; commands
//! that read or write a file take that handle, never a path, so a compromised page cannot
//! name a file the user did not choose in a dialog.
//!
//! End-to-end tests cannot click a GTK file chooser. A build with the `e2e-dialogs` cargo
//! feature (never a release) reads the dialog's answer from the file named by
//! `HUIQI_E2E_DIALOG_FILE` instead; the default build has no such code (a test checks the
//! binary does not contain the variable's name).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use huiqi_app::AppError;
use huiqi_app::dto::{FilePurposeDto, PickedFileDto};

struct Picked {
    path: PathBuf,
    purpose: FilePurposeDto,
}

/// The files chosen so far in this session, by handle.
#[derive(Default)]
pub struct PickedFiles {
    files: Mutex<(u32, HashMap<u32, Picked>)>,
}

impl PickedFiles {
    pub fn add(&self, path: PathBuf, purpose: FilePurposeDto) -> PickedFileDto {
        let mut guard = self.files.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 += 1;
        let handle = guard.0;
        let name = display_name(&path);
        guard.1.insert(handle, Picked { path, purpose });
        PickedFileDto { handle, name }
    }

    /// The path behind a handle, if it was chosen for `purpose`.
    pub fn path(&self, handle: u32, purpose: FilePurposeDto) -> Result<PathBuf, AppError> {
        let guard = self.files.lock().unwrap_or_else(|p| p.into_inner());
        match guard.1.get(&handle) {
            Some(p) if p.purpose == purpose => Ok(p.path.clone()),
            _ => Err(AppError::Message(
                "请重新选择文件 / Please choose the file again".into(),
            )),
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether the dialog saves (else opens) and the file types it offers.
pub fn kind_of(purpose: FilePurposeDto) -> (bool, &'static [&'static str]) {
    match purpose {
        FilePurposeDto::FirmExport => (true, &["json"]),
        FilePurposeDto::FirmImport => (false, &["json"]),
        // A CSV, or a workbook whose first sheet is read (firm_sheet.rs).
        FilePurposeDto::CsvImport => (false, &["csv", "xlsx", "xls", "ods"]),
        FilePurposeDto::Evidence => (
            false,
            &[
                "pdf", "jpg", "jpeg", "png", "gif", "webp", "tif", "tiff", "doc", "docx", "xls",
                "xlsx", "ofd", "zip",
            ],
        ),
        FilePurposeDto::Dossier => (true, &["pdf"]),
        FilePurposeDto::DossierWord => (true, &["docx"]),
        // A pack as a .zip, or the pack.toml of a pack folder.
        FilePurposeDto::PackImport => (false, &["zip", "toml"]),
        FilePurposeDto::CalendarExport => (true, &["ics"]),
        FilePurposeDto::BatchExcel => (true, &["xlsx"]),
        FilePurposeDto::BatchCsv => (true, &["csv"]),
    }
}

/// Shows the native dialog (blocking: commands run off the main thread). None = cancelled.
pub fn ask(
    window: &tauri::WebviewWindow,
    purpose: FilePurposeDto,
    title: &str,
    filter_name: &str,
    suggested_name: Option<&str>,
) -> Option<PathBuf> {
    #[cfg(feature = "e2e-dialogs")]
    if let Some(answer) = e2e::scripted_answer() {
        return answer;
    }
    use tauri_plugin_dialog::DialogExt;
    let (save, extensions) = kind_of(purpose);
    let mut dialog = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title(title)
        .add_filter(filter_name, extensions);
    if let Some(name) = suggested_name {
        // Only a name: the folder is the user's to choose.
        dialog = dialog.set_file_name(display_name(Path::new(name)));
    }
    let picked = if save {
        dialog.blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    picked.and_then(|p| p.into_path().ok())
}

#[cfg(feature = "e2e-dialogs")]
mod e2e {
    use std::path::PathBuf;

    /// The answer the end-to-end test wrote for the next dialog: the file holds a path, or
    /// nothing for "cancel". The file is consumed, so each answer serves one dialog.
    pub fn scripted_answer() -> Option<Option<PathBuf>> {
        let file = std::env::var_os("HUIQI_E2E_DIALOG_FILE")?;
        let text = std::fs::read_to_string(&file).ok()?;
        let _ = std::fs::remove_file(&file);
        let text = text.trim();
        Some((!text.is_empty()).then(|| PathBuf::from(text)))
    }
}
