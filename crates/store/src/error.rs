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

/// Everything the store can refuse or fail at. Each variant has a stable
/// [`StoreError::code`] and its own Chinese and English message, so no
/// caller ever splits a joined string (user text may contain " / ").
#[derive(Debug)]
pub enum StoreError {
    Corrupt {
        path: PathBuf,
        detail: DamageDetail,
    },
    TooNew {
        found: i64,
        supported: i64,
    },
    NotFound {
        what: String,
    },
    AttachmentTooLarge {
        size: u64,
        limit: u64,
    },
    InvalidCreditCode {
        code: String,
        error: CreditCodeError,
    },
    InvalidInput {
        zh: String,
        en: String,
    },
    ImportConflict {
        existing: FirmId,
    },
    NotAnExport {
        detail: String,
    },
    ExportTooNew {
        found: i64,
        supported: i64,
    },
    CsvHeader {
        zh: String,
        en: String,
    },
    NoBackup {
        dir: PathBuf,
    },
    /// Something other than a regular file sits at the store's path (a
    /// folder, a FIFO, a device...): nothing is opened or created.
    NotAFile {
        path: PathBuf,
        kind: FileKind,
    },
    /// The store was opened read-only (file or folder not writable).
    ReadOnly {
        path: PathBuf,
    },
    /// Another program held the write lock longer than the busy timeout.
    Busy,
    /// Another process has the store open, and the operation (restoring a
    /// backup) must not pull the file from under it.
    InUse {
        path: PathBuf,
    },
    Io {
        context: String,
        source: std::io::Error,
    },
    Sqlite(rusqlite::Error),
    Json(serde_json::Error),
}

/// What sits at a path that should be a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Directory,
    Fifo,
    Device,
    Socket,
    Other,
}

impl FileKind {
    pub fn of(ft: &std::fs::FileType) -> FileKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return FileKind::Fifo;
            }
            if ft.is_block_device() || ft.is_char_device() {
                return FileKind::Device;
            }
            if ft.is_socket() {
                return FileKind::Socket;
            }
        }
        if ft.is_dir() {
            FileKind::Directory
        } else {
            FileKind::Other
        }
    }

    fn zh(self) -> &'static str {
        match self {
            FileKind::Directory => "文件夹",
            FileKind::Fifo => "命名管道（FIFO）",
            FileKind::Device => "设备文件",
            FileKind::Socket => "套接字",
            FileKind::Other => "特殊文件",
        }
    }

    fn en(self) -> &'static str {
        match self {
            FileKind::Directory => "a folder",
            FileKind::Fifo => "a named pipe (FIFO)",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Other => "a special file",
        }
    }
}

impl StoreError {
    /// A stable, machine-readable code: the UI and scripts switch on it.
    /// Never renamed once released (docs/errors.md lists them).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Corrupt { .. } => "store_damaged",
            StoreError::TooNew { .. } => "store_too_new",
            StoreError::NotFound { .. } => "not_found",
            StoreError::AttachmentTooLarge { .. } => "attachment_too_large",
            StoreError::InvalidCreditCode { .. } => "invalid_credit_code",
            StoreError::InvalidInput { .. } => "invalid_input",
            StoreError::ImportConflict { .. } => "import_conflict",
            StoreError::NotAnExport { .. } => "not_an_export",
            StoreError::ExportTooNew { .. } => "export_too_new",
            StoreError::CsvHeader { .. } => "csv_header",
            StoreError::NoBackup { .. } => "no_backup",
            StoreError::NotAFile { .. } => "store_not_a_file",
            StoreError::ReadOnly { .. } => "store_read_only",
            StoreError::Busy => "store_busy",
            StoreError::InUse { .. } => "store_in_use",
            StoreError::Io { .. } => "io",
            StoreError::Sqlite(_) => "database",
            StoreError::Json(_) => "data_format",
        }
    }

    /// The Chinese message, for the UI.
    pub fn message_zh(&self) -> String {
        match self {
            StoreError::Corrupt { path, detail } => format!(
                "数据文件已损坏：{}（{}）。原文件不会被覆盖，可从备份恢复或新建。",
                path.display(),
                detail.zh()
            ),
            StoreError::TooNew { found, supported } => format!(
                "数据文件由更新版本的惠企创建（格式 {found}，本程序支持到 {supported}），请升级程序。"
            ),
            StoreError::NotFound { what } => format!("未找到：{what}"),
            StoreError::AttachmentTooLarge { size, limit } => {
                format!("附件过大：{size} 字节，上限 {limit} 字节")
            }
            StoreError::InvalidCreditCode { code, error } => {
                format!("统一社会信用代码无效：{code}（{}）", error.zh())
            }
            StoreError::InvalidInput { zh, .. } => format!("输入无效：{zh}"),
            StoreError::ImportConflict { existing } => {
                format!("导入文件中的企业已存在（编号 {existing}），请选择合并或保留两份")
            }
            StoreError::NotAnExport { detail } => format!("不是惠企导出文件：{detail}"),
            StoreError::ExportTooNew { found, supported } => {
                format!("导出文件版本过新（{found}，支持到 {supported}）")
            }
            StoreError::CsvHeader { zh, .. } => format!("CSV 表头错误：{zh}"),
            StoreError::NoBackup { dir } => format!("没有可用的备份：{}", dir.display()),
            StoreError::NotAFile { path, kind } => format!(
                "{} 是{}，不是数据文件；请指定一个普通文件",
                path.display(),
                kind.zh()
            ),
            StoreError::ReadOnly { path } => format!(
                "数据文件只能读取，不能修改：{}（文件或所在文件夹没有写权限）",
                path.display()
            ),
            StoreError::Busy => "数据文件正被另一个程序长时间占用，请稍后再试".to_string(),
            StoreError::InUse { path } => format!(
                "数据文件正被另一个惠企程序使用：{}；请先关闭它再恢复",
                path.display()
            ),
            StoreError::Io { context, source } => format!("文件读写失败：{context}：{source}"),
            StoreError::Sqlite(e) => format!("数据库错误：{e}"),
            StoreError::Json(e) => format!("数据格式错误：{e}"),
        }
    }

    /// The English message.
    pub fn message_en(&self) -> String {
        match self {
            StoreError::Corrupt { path, detail } => format!(
                "The data file is damaged: {} ({}). It will not be overwritten; restore a backup or start a new file.",
                path.display(),
                detail.en()
            ),
            StoreError::TooNew { found, supported } => format!(
                "The data file was written by a newer Huiqi (format {found}; this version supports up to {supported}). Please upgrade."
            ),
            StoreError::NotFound { what } => format!("Not found: {what}"),
            StoreError::AttachmentTooLarge { size, limit } => {
                format!("The attachment is too large: {size} bytes, the limit is {limit} bytes")
            }
            StoreError::InvalidCreditCode { code, error } => {
                format!(
                    "Invalid unified social credit code: {code} ({})",
                    error.en()
                )
            }
            StoreError::InvalidInput { en, .. } => format!("Invalid input: {en}"),
            StoreError::ImportConflict { existing } => format!(
                "The firm in the import file already exists (id {existing}); choose merge or keep both"
            ),
            StoreError::NotAnExport { detail } => format!("Not a Huiqi export file: {detail}"),
            StoreError::ExportTooNew { found, supported } => format!(
                "The export file is from a newer Huiqi (version {found}, supported up to {supported})"
            ),
            StoreError::CsvHeader { en, .. } => format!("CSV header error: {en}"),
            StoreError::NoBackup { dir } => format!("No usable backup in {}", dir.display()),
            StoreError::NotAFile { path, kind } => format!(
                "{} is {}, not a data file; give the path of a regular file",
                path.display(),
                kind.en()
            ),
            StoreError::ReadOnly { path } => format!(
                "The data file can be read but not changed: {} (the file or its folder is not writable)",
                path.display()
            ),
            StoreError::Busy => {
                "Another program kept the data file locked too long; try again".to_string()
            }
            StoreError::InUse { path } => format!(
                "Another Huiqi program has the data file open: {}; close it before restoring",
                path.display()
            ),
            StoreError::Io { context, source } => format!("File error: {context}: {source}"),
            StoreError::Sqlite(e) => format!("Database error: {e}"),
            StoreError::Json(e) => format!("Data format error: {e}"),
        }
    }

    /// Technical detail for logs and `detail` in JSON errors (paths, the
    /// underlying error), or None.
    pub fn detail(&self) -> Option<String> {
        match self {
            StoreError::Corrupt { path, detail } => {
                Some(format!("{}: {}", path.display(), detail.en()))
            }
            StoreError::NotAFile { path, .. }
            | StoreError::ReadOnly { path }
            | StoreError::InUse { path } => Some(path.display().to_string()),
            StoreError::NoBackup { dir } => Some(dir.display().to_string()),
            StoreError::Io { source, .. } => Some(source.to_string()),
            StoreError::Sqlite(e) => Some(e.to_string()),
            StoreError::Json(e) => Some(e.to_string()),
            _ => None,
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

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.message_zh(), self.message_en())
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            StoreError::Sqlite(e) => Some(e),
            StoreError::Json(e) => Some(e),
            _ => None,
        }
    }
}

/// SQLite's own verdicts become the store's: damage is `Corrupt` (the
/// store fills in the path), a lock held past the busy timeout is `Busy`,
/// a write to a read-only file is `ReadOnly`.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: DamageDetail::Sqlite(e.to_string()),
            },
            Some(ErrorCode::NotADatabase) => StoreError::Corrupt {
                path: PathBuf::new(),
                detail: DamageDetail::NotSqlite,
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path: PathBuf::new(),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        StoreError::Json(e)
    }
}
