//! Errors of the store. Every message is given in Chinese and English: the
//! desktop UI shows `message_zh()`, logs and the CLI show `Display` (both).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::FirmId;
use crate::credit_code::CreditCodeError;

/// Why a data file was judged damaged. Kept as data so the UI can offer the
/// right recovery (a zero-byte file is likely an interrupted copy, a
/// non-SQLite file likely the wrong file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DamageDetail {
    /// The file exists but holds no bytes.
    Empty,
    /// The file does not start with the SQLite header.
    NotSqlite,
    /// A healthy SQLite database, but another program's.
    ForeignDatabase,
    /// The header promises more pages than the file holds.
    Truncated {
        expected_bytes: u64,
        found_bytes: u64,
    },
    /// `PRAGMA quick_check` / `integrity_check` reported problems.
    IntegrityCheck(String),
    /// SQLite itself refused the file (SQLITE_CORRUPT / SQLITE_NOTADB).
    Sqlite(String),
}

impl DamageDetail {
    pub fn zh(&self) -> String {
        match self {
            DamageDetail::Empty => "文件为空（0 字节）".into(),
            DamageDetail::NotSqlite => "不是惠企数据文件（不是 SQLite 数据库）".into(),
            DamageDetail::ForeignDatabase => "这是其他程序的数据库，不是惠企数据文件".into(),
            DamageDetail::Truncated {
                expected_bytes,
                found_bytes,
            } => format!("文件被截断：应有 {expected_bytes} 字节，实际 {found_bytes} 字节"),
            DamageDetail::IntegrityCheck(d) => format!("完整性检查失败：{d}"),
            DamageDetail::Sqlite(d) => format!("数据库无法读取：{d}"),
        }
    }

    pub fn en(&self) -> String {
        match self {
            DamageDetail::Empty => "the file is empty (0 bytes)".into(),
            DamageDetail::NotSqlite => "not a Huiqi data file (not an SQLite database)".into(),
            DamageDetail::ForeignDatabase => {
                "another program's SQLite database, not a Huiqi data file".into()
            }
            DamageDetail::Truncated {
                expected_bytes,
                found_bytes,
            } => format!(
                "the file is truncated: {expected_bytes} bytes expected, {found_bytes} found"
            ),
            DamageDetail::IntegrityCheck(d) => format!("integrity check failed: {d}"),
            DamageDetail::Sqlite(d) => format!("the database cannot be read: {d}"),
        }
    }
}

impl std::fmt::Display for DamageDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh(), self.en())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "数据文件已损坏：{path}（{zh}）。原文件不会被覆盖，可从备份恢复或新建。 / The data file is damaged: {path} ({en}). It will not be overwritten; restore a backup or start a new file.",
        path = .path.display(), zh = .detail.zh(), en = .detail.en()
    )]
    Corrupt { path: PathBuf, detail: DamageDetail },

    #[error(
        "数据文件由更新版本的惠企创建（格式 {found}，本程序支持到 {supported}），请升级程序。 / The data file was written by a newer Huiqi (format {found}; this version supports up to {supported}). Please upgrade."
    )]
    TooNew { found: i64, supported: i64 },

    #[error("未找到：{what} / Not found: {what}")]
    NotFound { what: String },

    #[error(
        "附件过大：{size} 字节，上限 {limit} 字节 / The attachment is too large: {size} bytes, the limit is {limit} bytes"
    )]
    AttachmentTooLarge { size: u64, limit: u64 },

    #[error("统一社会信用代码无效：{code}（{zh}） / Invalid unified social credit code: {code} ({en})", zh = .error.zh(), en = .error.en())]
    InvalidCreditCode {
        code: String,
        error: CreditCodeError,
    },

    #[error("输入无效：{zh} / Invalid input: {en}")]
    InvalidInput { zh: String, en: String },

    #[error(
        "导入文件中的企业已存在（编号 {existing}），请选择合并或保留两份 / The firm in the import file already exists (id {existing}); choose merge or keep both"
    )]
    ImportConflict { existing: FirmId },

    #[error("不是惠企导出文件：{detail} / Not a Huiqi export file: {detail}")]
    NotAnExport { detail: String },

    #[error(
        "导出文件版本过新（{found}，支持到 {supported}） / The export file is from a newer Huiqi (version {found}, supported up to {supported})"
    )]
    ExportTooNew { found: i64, supported: i64 },

    #[error("CSV 表头错误：{zh} / CSV header error: {en}")]
    CsvHeader { zh: String, en: String },

    #[error("没有可用的备份：{dir} / No usable backup in {dir}", dir = .dir.display())]
    NoBackup { dir: PathBuf },

    #[error("文件读写失败：{context}：{source} / File error: {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("数据库错误：{0} / Database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("数据格式错误：{0} / Data format error: {0}")]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    /// The Chinese half of the message, for the UI.
    pub fn message_zh(&self) -> String {
        let full = self.to_string();
        match full.split_once(" / ") {
            Some((zh, _)) => zh.to_string(),
            None => full,
        }
    }

    /// The English half of the message.
    pub fn message_en(&self) -> String {
        let full = self.to_string();
        match full.split_once(" / ") {
            Some((_, en)) => en.to_string(),
            None => full,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> StoreError {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn not_found(what: impl Into<String>) -> StoreError {
        StoreError::NotFound { what: what.into() }
    }

    pub(crate) fn invalid(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::InvalidInput {
            zh: zh.into(),
            en: en.into(),
        }
    }
}
