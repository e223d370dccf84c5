//! `huiqi-app`: the facade that the desktop shell, the `huiqi` CLI and the tests call.
//!
//! It owns the catalogue and the store, and converts domain types to the transport
//! types in [`dto`] at this boundary. It knows nothing about Tauri.

pub mod dossier;
pub mod dto;
pub mod firm_facts;

use std::path::Path;

use huiqi_catalog::Catalogue;
use huiqi_store::{FirmRecord, FirmSummary, NewFirm, Store, StoreError};

use dto::{AppInfo, CreditCodeCheck, ErrorDto, FirmDto, FirmSummaryDto, NewFirmDto};

/// Everything that can go wrong behind the facade, with a message in both UI languages.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0)]
    Store(#[from] StoreError),
    #[error("内置政策库加载失败：{0} / The built-in policy catalogue failed to load: {0}")]
    Catalogue(String),
    #[error("未找到企业（编号 {0}） / Firm not found (id {0})")]
    FirmNotFound(i64),
    #[error("企业名称不能为空 / The firm name must not be empty")]
    EmptyFirmName,
}

impl AppError {
    pub fn message_zh(&self) -> String {
        match self {
            AppError::Store(e) => e.message_zh(),
            other => split_bilingual(&other.to_string()).0,
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            AppError::Store(e) => e.message_en(),
            other => split_bilingual(&other.to_string()).1,
        }
    }

    pub fn to_dto(&self) -> ErrorDto {
        ErrorDto {
            message_zh: self.message_zh(),
            message_en: self.message_en(),
        }
    }
}

/// Our messages are written "中文 / English"; a message without the separator is used for both.
fn split_bilingual(full: &str) -> (String, String) {
    match full.split_once(" / ") {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (full.to_string(), full.to_string()),
    }
}

/// One open data file plus the built-in catalogue.
pub struct App {
    store: Store,
    catalogue: Catalogue,
}

impl App {
    /// Opens (creating if needed) the database at `db_path` and loads the built-in catalogue.
    pub fn open(db_path: &Path) -> Result<App, AppError> {
        if let Some(parent) = db_path.parent() {
            // The per-user data folder does not exist on first launch.
            std::fs::create_dir_all(parent).map_err(|source| {
                AppError::Store(StoreError::Io {
                    context: parent.display().to_string(),
                    source,
                })
            })?;
        }
        let store = Store::open(db_path)?;
        Self::with_store(store)
    }

    /// An app on a throwaway in-memory database (tests, previews).
    pub fn open_in_memory() -> Result<App, AppError> {
        Self::with_store(Store::open_in_memory()?)
    }

    fn with_store(store: Store) -> Result<App, AppError> {
        let catalogue = Catalogue::builtin().map_err(|e| AppError::Catalogue(e.to_string()))?;
        Ok(App { store, catalogue })
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            catalog_version: self.catalogue.version().to_string(),
            document_count: count(self.catalogue.documents.len()),
            measure_count: count(self.catalogue.measures().len()),
        }
    }

    pub fn list_firms(&self) -> Result<Vec<FirmSummaryDto>, AppError> {
        Ok(self
            .store
            .list_firms()?
            .into_iter()
            .map(firm_summary_dto)
            .collect())
    }

    /// Creates a firm and returns it as stored (the store trims and normalises fields).
    pub fn create_firm(&mut self, new: NewFirmDto) -> Result<FirmDto, AppError> {
        let profile = new_firm(new);
        if profile.name.is_empty() {
            return Err(AppError::EmptyFirmName);
        }
        let id = self.store.create_firm(&profile)?;
        self.get_firm(id)
    }

    pub fn get_firm(&self, id: i64) -> Result<FirmDto, AppError> {
        match self.store.get_firm(id)? {
            Some(record) => Ok(firm_dto(record)),
            None => Err(AppError::FirmNotFound(id)),
        }
    }

    /// Checks a 统一社会信用代码 the way the store will when the firm is saved.
    pub fn check_credit_code(&self, code: &str) -> CreditCodeCheck {
        check_credit_code(code)
    }
}

/// Also usable without an open database (the CLI validates arguments with it).
pub fn check_credit_code(code: &str) -> CreditCodeCheck {
    let normalized = huiqi_store::normalize_credit_code(code);
    match huiqi_store::validate_credit_code(&normalized) {
        Ok(()) => CreditCodeCheck {
            valid: true,
            message_zh: None,
            message_en: None,
        },
        Err(e) => CreditCodeCheck {
            valid: false,
            message_zh: Some(e.zh()),
            message_en: Some(e.en()),
        },
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Blank optional fields mean "not given".
fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn new_firm(dto: NewFirmDto) -> NewFirm {
    NewFirm {
        name: dto.name.trim().to_string(),
        credit_code: non_blank(dto.credit_code),
        legal_rep: non_blank(dto.legal_rep),
        contact: non_blank(dto.contact),
        phone: non_blank(dto.phone),
        region: non_blank(dto.region),
        industry: non_blank(dto.industry),
    }
}

fn new_firm_dto(firm: NewFirm) -> NewFirmDto {
    NewFirmDto {
        name: firm.name,
        credit_code: firm.credit_code,
        legal_rep: firm.legal_rep,
        contact: firm.contact,
        phone: firm.phone,
        region: firm.region,
        industry: firm.industry,
    }
}

fn firm_summary_dto(s: FirmSummary) -> FirmSummaryDto {
    FirmSummaryDto {
        id: s.id,
        name: s.name,
        credit_code: s.credit_code,
        region: s.region,
        updated_at: s.updated_at,
    }
}

fn firm_dto(r: FirmRecord) -> FirmDto {
    FirmDto {
        id: r.id,
        profile: new_firm_dto(r.profile),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}
