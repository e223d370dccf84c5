//! Transport types (DTOs) that cross the IPC boundary to the web UI.
//!
//! Only the facade and the CLI know these shapes; domain types convert here.
//! The TypeScript side is generated from these definitions with ts-rs into
//! `ui/src/bindings/` and committed; `tests/bindings.rs` fails when the
//! committed files are stale. Money (Decimal) crosses as a string.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the "about" panel shows; also the cheapest IPC round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub app_version: String,
    /// Content hash of the built-in policy catalogue.
    pub catalog_version: String,
    pub document_count: u32,
    pub measure_count: u32,
}

/// The create-firm form. Empty optional fields may be sent as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewFirmDto {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// GB/T 2260 division code.
    pub region: Option<String>,
    /// GB/T 4754 industry code.
    pub industry: Option<String>,
}

/// One row of the firm list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmSummaryDto {
    // Row ids stay far below 2^53, so a JS number is exact.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub credit_code: Option<String>,
    pub region: Option<String>,
    pub updated_at: String,
}

/// A firm with its whole profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FirmDto {
    #[ts(type = "number")]
    pub id: i64,
    pub profile: NewFirmDto,
    pub created_at: String,
    pub updated_at: String,
}

/// Result of checking a 统一社会信用代码 while the user types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreditCodeCheck {
    pub valid: bool,
    /// Why it is invalid, in Chinese; `null` when valid.
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
}

/// An error as the UI shows it: both languages, the UI picks one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDto {
    pub message_zh: String,
    pub message_en: String,
}

/// Writes every DTO's TypeScript definition into `dir` (one file per type).
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    let cfg = ts_rs::Config::new().with_out_dir(dir);
    AppInfo::export_all(&cfg)?;
    NewFirmDto::export_all(&cfg)?;
    FirmSummaryDto::export_all(&cfg)?;
    FirmDto::export_all(&cfg)?;
    CreditCodeCheck::export_all(&cfg)?;
    ErrorDto::export_all(&cfg)?;
    Ok(())
}
