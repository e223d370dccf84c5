//! `huiqi-store`: the only writer of the Huiqi SQLite database.
//!
//! Holds many firms (a consultant keeps all clients in one file), their
//! profile, their answers as an append-only history, repeatable items,
//! their claims ledger (also append-only), assessment snapshots, evidence
//! attachments and app settings; takes backups and refuses damaged or
//! newer files without touching them.
//!
//! Money and every other answer value is stored as the text the engine
//! gives: the store never parses or rounds a value.

mod answers;
mod attachments;
mod claims;
pub mod clock;
pub mod credit_code;
mod csv_import;
mod error;
mod exchange;
mod files;
mod firms;
mod schema;
mod session;
mod settings;
mod snapshots;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

pub use attachments::{AttachmentInfo, DEFAULT_ATTACHMENT_LIMIT};
pub use claims::{Claim, ClaimFields, ClaimId, ClaimRevision, ClaimSource, ClaimState};
pub use clock::{Clock, ManualClock, SystemClock};
pub use credit_code::{CreditCodeError, check_char, normalize_credit_code, validate_credit_code};
pub use csv_import::{
    CsvImportReport, CsvImported, CsvRecord, CsvRowError, FieldProblem, ProfileCheck, ProfileField,
    parse_csv,
};
pub use error::{DamageDetail, FileKind, StoreError};
pub use exchange::{
    EXPORT_FORMAT, EXPORT_VERSION, ExportAttachment, ExportClaim, ExportClaimRevision, ExportDoc,
    ExportFirm, ExportItem, ExportRevision, ExportSnapshot, ImportMode, ImportPreview, MatchReason,
    parse_export,
};
pub use files::{
    APP_IDENTIFIER, BackupInfo, BackupPolicy, Recovery, RecoveryReport, backups_of, default_db_path,
};
pub use schema::SCHEMA_VERSION;
pub use settings::{SETTING_LANGUAGE, SETTING_LAST_FIRM};
pub use snapshots::{Snapshot, SnapshotSummary};

pub type FirmId = i64;

/// A firm's profile, as typed or imported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NewFirm {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmSummary {
    pub id: FirmId,
    pub name: String,
    pub credit_code: Option<String>,
    pub region: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmRecord {
    pub id: FirmId,
    pub profile: NewFirm,
    pub created_at: String,
    pub updated_at: String,
}

/// A fact answer's key. Firm-level facts have `item == None`; repeatable
/// items (projects, fairs, routes...) are identified by item kind (e.g.
/// "jinan-gyqs-2020.project") and a stable item id string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AnswerKey {
    pub fact: String,
    pub item: Option<ItemRef>,
}

impl AnswerKey {
    /// A firm-level fact.
    pub fn firm(fact: impl Into<String>) -> AnswerKey {
        AnswerKey {
            fact: fact.into(),
            item: None,
        }
    }

    /// A fact of one repeatable item.
    pub fn item(
        fact: impl Into<String>,
        kind: impl Into<String>,
        id: impl Into<String>,
    ) -> AnswerKey {
        AnswerKey {
            fact: fact.into(),
            item: Some(ItemRef {
                kind: kind.into(),
                id: id.into(),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemRef {
    pub kind: String,
    pub id: String,
}

/// One repeatable item of a firm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub item: ItemRef,
    pub label: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnswerSource {
    Typed,
    Imported,
    Undo,
}

impl AnswerSource {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            AnswerSource::Typed => "typed",
            AnswerSource::Imported => "imported",
            AnswerSource::Undo => "undo",
        }
    }

    pub(crate) fn from_sql(s: &str) -> Option<AnswerSource> {
        match s {
            "typed" => Some(AnswerSource::Typed),
            "imported" => Some(AnswerSource::Imported),
            "undo" => Some(AnswerSource::Undo),
            _ => None,
        }
    }
}

/// A current answer. `value == None` is "不清楚": answered, but unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: AnswerKey,
    pub value: Option<String>,
}

/// One entry of the append-only answer history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRevision {
    /// Store-wide increasing sequence number.
    pub seq: i64,
    pub key: AnswerKey,
    pub value: Option<String>,
    pub source: AnswerSource,
    pub at: String,
    /// True when this revision removes the answer altogether (an undo back
    /// past the first answer), as opposed to `value == None` ("不清楚").
    pub unset: bool,
    /// For an undo: the `seq` of the revision it reverted.
    pub undoes: Option<i64>,
}

/// How a store is opened. `Store::open` uses the defaults.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub clock: Arc<dyn Clock>,
    pub backup: BackupPolicy,
    /// Largest attachment accepted, in bytes.
    pub attachment_limit: u64,
    /// How often `open` runs the full `PRAGMA quick_check` (O(file size):
    /// about half a second for a 20 MB store on a slow disk). Between full
    /// checks `open` still validates the header, the size, the schema and
    /// the table roots, and any open after an unclean shutdown is fully
    /// checked. None: check at every open.
    pub check_interval_secs: Option<i64>,
}

impl Default for OpenOptions {
    fn default() -> OpenOptions {
        OpenOptions {
            clock: Arc::new(SystemClock),
            backup: BackupPolicy::default(),
            attachment_limit: DEFAULT_ATTACHMENT_LIMIT,
            check_interval_secs: Some(24 * 60 * 60),
        }
    }
}

/// The store: one SQLite connection, used by one thread at a time (the
/// shell wraps it in a mutex).
pub struct Store {
    conn: Connection,
    /// None for in-memory stores (no backups).
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
    backup: BackupPolicy,
    attachment_limit: u64,
    backup_warning: Option<String>,
    checked_at_open: bool,
    /// Opened read-only (file or folder not writable): writes are refused.
    read_only: bool,
    /// Set when any statement reported damage: from then on every write is
    /// refused (and the `-damaged` marker makes later opens check fully).
    damaged: RefCell<Option<DamageDetail>>,
    /// This process's share of the session marker (None in memory or read-only).
    session: Option<session::Session>,
}

impl Drop for Store {
    /// Closes the connection first (the last one checkpoints and removes
    /// the WAL), then marks a clean close if no one else has the store open.
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            if let Ok(conn) = Connection::open_in_memory() {
                let _ = std::mem::replace(&mut self.conn, conn).close();
            }
            session.leave();
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("clock", &self.clock)
            .field("backup", &self.backup)
            .field("attachment_limit", &self.attachment_limit)
            .finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating it if absent, then migrates it
    /// and checks its integrity. A damaged or newer file is refused and left
    /// untouched; see [`Store::recover`].
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, OpenOptions::default())
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::open_in_memory_with(OpenOptions::default())
    }

    pub fn open_in_memory_with(opts: OpenOptions) -> Result<Store, StoreError> {
        let mut conn = Connection::open_in_memory()?;
        files::configure(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: None,
            clock: opts.clock,
            backup: opts.backup,
            attachment_limit: opts.attachment_limit,
            backup_warning: None,
            checked_at_open: true,
            read_only: false,
            damaged: RefCell::new(None),
            session: None,
        })
    }

    /// Replaces the clock (tests, or a shell that wants one clock source).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    pub fn set_attachment_limit(&mut self, bytes: u64) {
        self.attachment_limit = bytes;
    }

    pub fn attachment_limit(&self) -> u64 {
        self.attachment_limit
    }

    /// The database file, None for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// `PRAGMA integrity_check` (the full one; `open` runs the quicker
    /// `quick_check`). Returns Ok(()) or the problems found; problems also
    /// switch the store to the damaged state.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let problems = self.watch(files::run_check(&self.conn, "integrity_check"))?;
        match problems {
            None => Ok(()),
            Some(detail) => self.watch(Err(StoreError::Corrupt {
                path: PathBuf::new(),
                detail: DamageDetail::IntegrityCheck(detail),
            })),
        }
    }

    /// Opened read-only: reads work, every write is refused with
    /// [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The damage a statement reported since open, if any: the store then
    /// refuses every write (see [`Store::recover`]).
    pub fn damage(&self) -> Option<DamageDetail> {
        self.damaged.borrow().clone()
    }

    /// Every result of a public method passes here: errors get the store's
    /// path, and damage reported by any statement switches the store to the
    /// damaged state, in this process (no more writes) and on disk (the
    /// `-damaged` marker makes the next open run the full check).
    pub(crate) fn watch<T>(&self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        let Err(e) = r else { return r };
        let e = match &self.path {
            Some(p) => files::corrupt_or(p, e),
            None => e,
        };
        if let StoreError::Corrupt { detail, .. } = &e {
            let first = self.damaged.borrow().is_none();
            if first {
                *self.damaged.borrow_mut() = Some(detail.clone());
                if let Some(p) = &self.path
                    && !self.read_only
                {
                    session::note_damage(p, &detail.en());
                }
            }
        }
        Err(e)
    }

    /// Whether this store may write: not read-only, not found damaged.
    pub(crate) fn writable(&self) -> Result<(), StoreError> {
        let path = self.path.clone().unwrap_or_default();
        if self.read_only {
            return Err(StoreError::ReadOnly { path });
        }
        if let Some(detail) = self.damage() {
            return Err(StoreError::Corrupt { path, detail });
        }
        Ok(())
    }

    /// Starts a write: `BEGIN IMMEDIATE`, so a transaction that reads and
    /// then writes takes the write lock first (waiting up to the busy
    /// timeout for another process) instead of failing at once when another
    /// writer committed after its read.
    pub(crate) fn write_tx(&mut self) -> Result<Transaction<'_>, StoreError> {
        self.writable()?;
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Whether `open` ran the full `quick_check` (see
    /// [`OpenOptions::check_interval_secs`]).
    pub fn checked_at_open(&self) -> bool {
        self.checked_at_open
    }

    pub(crate) fn now(&self) -> String {
        clock::format_ts(self.clock.now())
    }
}

/// A fresh random-enough identifier (32 hex digits) for firms and items;
/// std only: time, process id, a counter and the hasher's random keys.
pub(crate) fn new_uid() -> String {
    use sha2::{Digest, Sha256};
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut d = Sha256::new();
    d.update(h.finish().to_le_bytes());
    d.update(nanos.to_le_bytes());
    d.update(std::process::id().to_le_bytes());
    hex::encode(&d.finalize()[..16])
}

/// Trims optional text; blank becomes None.
pub(crate) fn clean_opt(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
