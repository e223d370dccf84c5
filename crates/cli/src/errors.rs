//! How the command line reports failure: one stable code per kind of error (the same codes
//! the desktop app's IPC uses), a message in Chinese and English, and an exit code a script
//! can rely on. The table of exit codes is in docs/cli.md.

use huiqi_store::StoreError;

/// Exit codes (documented in docs/cli.md; never renumbered).
pub mod exit {
    /// `catalog lint` found problems.
    pub const LINT_PROBLEMS: u8 = 1;
    /// Bad input or usage: a file that cannot be read or parsed, an unknown id, a refused value.
    pub const INPUT: u8 = 2;
    /// Some rows or files were rejected and reported; the rest were done.
    pub const PARTIAL: u8 = 3;
    /// The data file is damaged (`store check` found damage, or a statement reported it).
    pub const DAMAGED: u8 = 4;
    /// The data file cannot be used now: read-only, locked by another program, in use,
    /// not a regular file, or written by a newer Huiqi.
    pub const STORE_UNAVAILABLE: u8 = 5;
    /// Standard output or error could not be written (disk full, closed file).
    pub const OUTPUT: u8 = 74;
    /// Standard output was closed by its reader (`| head`): 128 + SIGPIPE, as a shell reports.
    pub const BROKEN_PIPE: u8 = 141;
}

#[derive(Debug)]
pub struct CliError {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
    pub detail: Option<String>,
    /// A next step to print after the message (e.g. how to restore a backup).
    pub hint: Option<Box<(String, String)>>,
    pub exit: u8,
}

impl CliError {
    pub fn input(zh: impl Into<String>, en: impl Into<String>) -> CliError {
        CliError {
            code: "invalid_input",
            zh: zh.into(),
            en: en.into(),
            detail: None,
            hint: None,
            exit: exit::INPUT,
        }
    }

    /// The JSON form printed with `--json`: `{code, messageZh, messageEn, detail}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code,
            "messageZh": self.zh,
            "messageEn": self.en,
            "detail": self.detail,
        })
    }
}

/// Messages written "中文 / English" by the CLI itself; one without the separator is used
/// for both languages.
impl From<String> for CliError {
    fn from(message: String) -> CliError {
        match message.rsplit_once(" / ") {
            Some((zh, en)) => CliError::input(zh, en),
            None => CliError::input(message.clone(), message),
        }
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> CliError {
        CliError::from(message.to_string())
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        let exit = match &e {
            StoreError::Corrupt { .. } => exit::DAMAGED,
            StoreError::ReadOnly { .. }
            | StoreError::Busy
            | StoreError::InUse { .. }
            | StoreError::NotAFile { .. }
            | StoreError::TooNew { .. } => exit::STORE_UNAVAILABLE,
            _ => exit::INPUT,
        };
        let hint = match &e {
            StoreError::Corrupt { path, .. } => Some(Box::new(restore_hint(path))),
            _ => None,
        };
        CliError {
            code: e.code(),
            zh: e.message_zh(),
            en: e.message_en(),
            detail: e.detail(),
            hint,
            exit,
        }
    }
}

impl From<huiqi_app::AppError> for CliError {
    fn from(e: huiqi_app::AppError) -> CliError {
        match e {
            huiqi_app::AppError::Store(store) => CliError::from(store),
            other => CliError {
                code: other.code(),
                zh: other.message_zh(),
                en: other.message_en(),
                detail: other.detail(),
                hint: None,
                exit: exit::INPUT,
            },
        }
    }
}

fn restore_hint(path: &std::path::Path) -> (String, String) {
    let db = path.display();
    (
        format!(
            "查看备份：huiqi --db {db} store backups；从最近的完好备份恢复：huiqi --db {db} store restore（损坏的文件改名保留，不会删除）"
        ),
        format!(
            "list backups: huiqi --db {db} store backups; restore the newest healthy one: huiqi --db {db} store restore (the damaged file is kept under a new name)"
        ),
    )
}
