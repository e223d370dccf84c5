//! The database file: where it lives, opening it safely, backups, recovery.
//!
//! Rules: a file that exists is never created over, never "repaired" in
//! place and never deleted; a damaged file is only ever *renamed* aside, by
//! an explicit [`Store::recover`].

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::clock::format_ts;
use crate::schema::{self, SCHEMA_VERSION};
use crate::session::{self, Session, sibling};
use crate::{DamageDetail, FileKind, OpenOptions, Store, StoreError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The desktop app's identifier (`identifier` in tauri.conf.json). Tauri
/// names the app's data folder after it, and so does [`default_db_path`],
/// so the app and the CLI share one data file.
pub const APP_IDENTIFIER: &str = "cn.huiqi.desktop";

/// Where the database lives: `$HUIQI_DB` if set, else `huiqi.db` in the
/// per-user data folder named after [`APP_IDENTIFIER`], the folder Tauri's
/// `app_data_dir` gives the desktop app: `~/.local/share/cn.huiqi.desktop/`
/// (or `$XDG_DATA_HOME/…`) on Linux, `%APPDATA%\cn.huiqi.desktop\` on
/// Windows, `~/Library/Application Support/cn.huiqi.desktop/` on macOS.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("HUIQI_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::BaseDirs::new()
        .map(|d| d.data_dir().join(APP_IDENTIFIER).join("huiqi.db"))
        .unwrap_or_else(|| PathBuf::from("huiqi.db"))
}

/// When automatic backups are taken and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupPolicy {
    /// Backups kept in `backups/`; older ones are deleted. At least 1.
    pub keep: usize,
    /// At open (and at [`Store::backup_if_due`]), back up if the newest
    /// backup is older than this many seconds. None: never automatically.
    pub max_age_secs: Option<i64>,
}

impl Default for BackupPolicy {
    fn default() -> BackupPolicy {
        BackupPolicy {
            keep: 5,
            max_age_secs: Some(24 * 60 * 60),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken (from the name, written with the store's clock).
    pub taken_at: String,
    pub size: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recovery {
    /// Move the damaged file aside and put the newest healthy backup in
    /// its place.
    RestoreLatestBackup,
    /// Move the damaged file aside and start an empty store.
    StartNew,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryReport {
    /// Where the old file went (None if there was no file).
    pub moved_to: Option<PathBuf>,
    /// The backup that was restored.
    pub restored_from: Option<PathBuf>,
}

/// Connection settings common to files and memory.
pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    // Another process (the CLI while the app runs) may hold the write lock
    // briefly; wait rather than fail.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Durability settings of a file-backed store.
///
/// `journal_mode = WAL`: readers never block the writer, and a commit is one
/// sequential append to the WAL.
///
/// `synchronous = FULL`: in WAL mode, FULL fsyncs the WAL at every commit,
/// so a transaction that has returned survives power loss and OS crashes.
/// NORMAL syncs only at checkpoints: the database stays consistent, but the
/// last transactions before a power cut can vanish. The store promises that
/// an acknowledged answer is never lost (a consultant types an answer,
/// sees it saved, the laptop dies), and one fsync per answer typed by a
/// human is cheap (see the store-bench figures), so FULL it is.
pub(crate) fn configure_durable(conn: &Connection) -> Result<(), StoreError> {
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::invalid(
            format!("无法启用 WAL 日志模式（{mode}）"),
            format!("could not enable WAL journal mode (got {mode})"),
        ));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Keep the WAL from staying large after a big import.
    conn.pragma_update(None, "journal_size_limit", 64i64 * 1024 * 1024)?;
    Ok(())
}

/// Errors made from SQLite's codes know no path: give them the store's.
pub(crate) fn corrupt_or(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Corrupt { path: p, detail } if p.as_os_str().is_empty() => {
            StoreError::Corrupt {
                path: path.to_path_buf(),
                detail,
            }
        }
        StoreError::ReadOnly { path: p } if p.as_os_str().is_empty() => StoreError::ReadOnly {
            path: path.to_path_buf(),
        },
        other => other,
    }
}

/// Runs `quick_check` or `integrity_check`; None when "ok".
pub(crate) fn run_check(conn: &Connection, pragma: &str) -> Result<Option<String>, StoreError> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(None)
    } else {
        let mut detail = rows.into_iter().take(5).collect::<Vec<_>>().join("; ");
        if detail.is_empty() {
            detail = "no result".into();
        }
        Ok(Some(detail))
    }
}

fn nonempty_file(p: &Path) -> bool {
    fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false)
}

/// Checks the bytes of an existing file before SQLite sees it, so the
/// common kinds of damage get a precise message.
fn precheck(path: &Path) -> Result<(), StoreError> {
    let corrupt = |detail| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    // Opening a FIFO for reading would wait for a writer forever.
    let meta =
        fs::metadata(path).map_err(|e| StoreError::io(format!("读取 {}", path.display()), e))?;
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: FileKind::of(&meta.file_type()),
        });
    }
    let mut f =
        fs::File::open(path).map_err(|e| StoreError::io(format!("打开 {}", path.display()), e))?;
    let len = f
        .metadata()
        .map_err(|e| StoreError::io(format!("读取 {}", path.display()), e))?
        .len();
    if len == 0 {
        return Err(corrupt(DamageDetail::Empty));
    }
    let mut header = [0u8; 100];
    let mut n = 0;
    while n < header.len() {
        match f.read(&mut header[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(StoreError::io(format!("读取 {}", path.display()), e)),
        }
    }
    if header[..n.min(16)] != SQLITE_MAGIC[..n.min(16)] {
        return Err(corrupt(DamageDetail::NotSqlite));
    }
    if n < 100 {
        return Err(corrupt(DamageDetail::Truncated {
            expected_bytes: 100,
            found_bytes: len,
        }));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536u64,
        p => p as u64,
    };
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]) as u64;
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    // While a WAL or rollback journal is pending (e.g. a checkpoint was cut
    // short) the main file may legitimately be short: SQLite repairs it from
    // the journal, and quick_check judges the result.
    let journal_pending =
        nonempty_file(&sibling(path, "-wal")) || nonempty_file(&sibling(path, "-journal"));
    if !journal_pending && change_counter == valid_for && pages > 0 {
        let expected = pages * page_size;
        if len < expected {
            return Err(corrupt(DamageDetail::Truncated {
                expected_bytes: expected,
                found_bytes: len,
            }));
        }
    }
    Ok(())
}

/// Whether the full `quick_check` is due at this open: always without an
/// interval, else when the last clean check is older than the interval.
fn check_is_due(conn: &Connection, clock: &dyn crate::Clock, interval: Option<i64>) -> bool {
    let Some(interval) = interval else {
        return true;
    };
    let last: Option<String> = conn
        .query_row(
            "SELECT value FROM store_meta WHERE key = 'last_check'",
            [],
            |r| r.get(0),
        )
        .ok();
    match last.as_deref().and_then(crate::clock::parse_ts) {
        Some(t) => {
            let age = clock.now() - t;
            // A clock that went backwards also makes it due.
            age < Duration::zero() || age >= Duration::seconds(interval)
        }
        None => true,
    }
}

fn sync_dir(dir: &Path) {
    // Makes a rename durable on Linux; unsupported (and unneeded) on Windows.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates a new database under a name no other process uses and links it
/// into place without replacing anything, so a crash during creation never
/// leaves a half-made file at `path`, and of several processes creating the
/// same store at once exactly one wins: the others find its finished file
/// and open that.
fn create_new(path: &Path) -> Result<(), StoreError> {
    let dir = parent_dir(path);
    fs::create_dir_all(&dir)
        .map_err(|e| StoreError::io(format!("创建目录 {}", dir.display()), e))?;
    remove_stale_creations(path);
    let tmp = sibling(path, &format!(".creating-{}", crate::new_uid()));
    let made = build_new_file(&tmp).and_then(|()| link_no_replace(&tmp, path));
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(sibling(&tmp, suffix));
    }
    made?;
    sync_dir(&dir);
    Ok(())
}

/// Temporary files of creations cut short (a crash, a kill) more than an
/// hour ago; a creation in progress takes milliseconds.
fn remove_stale_creations(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!("{name}.creating-");
    let Ok(rd) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in rd.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if stale && entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn build_new_file(tmp: &Path) -> Result<(), StoreError> {
    let mut conn = Connection::open(tmp)?;
    configure(&conn)?;
    configure_durable(&conn)?;
    schema::migrate(&mut conn)?;
    // Closing the last connection checkpoints and removes the WAL.
    conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
    let f = fs::File::open(tmp).map_err(|e| StoreError::io("打开新数据文件", e))?;
    f.sync_all()
        .map_err(|e| StoreError::io("写入新数据文件", e))
}

/// Puts `tmp` at `path` unless something is already there (then another
/// process won the race, and its file is used). A hard link is the portable
/// no-replace rename; where links are unsupported (FAT, some network
/// drives) a rename after a last look is the best there is.
fn link_no_replace(tmp: &Path, path: &Path) -> Result<(), StoreError> {
    match fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) if fs::symlink_metadata(path).is_ok() => Ok(()),
        Err(_) => {
            fs::rename(tmp, path).map_err(|e| StoreError::io(format!("创建 {}", path.display()), e))
        }
    }
}

/// How the store's path can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Missing,
    ReadWrite,
    /// The file is write-protected; its folder is writable.
    ReadOnlyFile,
    /// The folder is not writable (SQLite cannot make its `-shm` there).
    ReadOnlyFolder,
}

fn is_denied(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Refuses anything but a regular file (a FIFO would hang the open, a
/// device could be written to) and finds out whether it can be written.
fn access_of(path: &Path) -> Result<Access, StoreError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match fs::symlink_metadata(path) {
                // A dangling symlink would be created through: refuse it too.
                Ok(m) if m.file_type().is_symlink() => Err(StoreError::NotAFile {
                    path: path.to_path_buf(),
                    kind: FileKind::Other,
                }),
                // Another process linked the new file into place between the two calls
                // (several processes creating the same store at once): look at it again.
                Ok(_) => access_of(path),
                Err(_) => Ok(Access::Missing),
            };
        }
        Err(e) => return Err(StoreError::io(format!("读取 {}", path.display()), e)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: FileKind::of(&meta.file_type()),
        });
    }
    let file_writable = match fs::OpenOptions::new().read(true).write(true).open(path) {
        Ok(_) => true,
        Err(e) if is_denied(&e) => false,
        Err(e) => return Err(StoreError::io(format!("打开 {}", path.display()), e)),
    };
    // SQLite needs the folder too (its `-shm` and `-wal` files), even to read.
    let probe = sibling(path, &format!(".probe-{}", crate::new_uid()));
    match fs::File::create_new(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(if file_writable {
                Access::ReadWrite
            } else {
                Access::ReadOnlyFile
            })
        }
        Err(e) if is_denied(&e) => Ok(Access::ReadOnlyFolder),
        Err(e) => Err(StoreError::io(
            format!("写入 {}", parent_dir(path).display()),
            e,
        )),
    }
}

/// `file:` URI of `path` opened immutable: read-only without the `-shm`
/// file SQLite cannot create in a read-only folder.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn open_connection(path: &Path, access: Access) -> Result<Connection, StoreError> {
    let rw = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let ro = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match access {
        Access::ReadOnlyFile => Connection::open_with_flags(path, ro),
        Access::ReadOnlyFolder => {
            Connection::open_with_flags(immutable_uri(path), ro | OpenFlags::SQLITE_OPEN_URI)
        }
        Access::Missing | Access::ReadWrite => Connection::open_with_flags(path, rw),
    };
    let conn = conn.map_err(|e| corrupt_or(path, e.into()))?;
    // The busy timeout before the first read: another process may be checkpointing.
    configure(&conn).map_err(|e| corrupt_or(path, e))?;
    Ok(conn)
}

fn backups_dir(path: &Path) -> PathBuf {
    parent_dir(path).join("backups")
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "huiqi".into())
}

/// Backup names carry their time: `huiqi-20250101-080000-123.db` (UTC),
/// fixed width so name order is time order.
fn backup_name(stem: &str, t: DateTime<Utc>) -> String {
    format!("{stem}-{}.db", t.format("%Y%m%d-%H%M%S-%3f"))
}

fn parse_backup_name(stem: &str, name: &str) -> Option<DateTime<Utc>> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".db")?;
    let b = rest.as_bytes();
    if b.len() != 19 || b[8] != b'-' || b[15] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| rest.get(r)?.parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(4..6)?, num(6..8)?)?;
    let t = date.and_hms_milli_opt(num(9..11)?, num(11..13)?, num(13..15)?, num(16..19)?)?;
    Some(t.and_utc())
}

/// Backups of the database at `path`, newest first; works without opening
/// it (the file may be damaged).
pub fn backups_of(path: &Path) -> Result<Vec<BackupInfo>, StoreError> {
    list_backups_of(path)
}

/// Backups of the database at `path`, newest first.
pub(crate) fn list_backups_of(path: &Path) -> Result<Vec<BackupInfo>, StoreError> {
    let dir = backups_dir(path);
    let stem = file_stem(path);
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(format!("读取 {}", dir.display()), e)),
    };
    let mut out = Vec::new();
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(t) = parse_backup_name(&stem, &name) {
            out.push(BackupInfo {
                path: entry.path(),
                taken_at: format_ts(t),
                size: entry.metadata().map(|m| m.len()).unwrap_or(0),
            });
        }
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at));
    Ok(out)
}

/// Opens a candidate backup read-only and checks it; true if usable.
fn backup_is_healthy(p: &Path) -> bool {
    if precheck(p).is_err() {
        return false;
    }
    let Ok(conn) = Connection::open_with_flags(p, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    let version_ok = schema::user_version(&conn)
        .map(|v| (1..=SCHEMA_VERSION).contains(&v))
        .unwrap_or(false);
    version_ok && matches!(run_check(&conn, "quick_check"), Ok(None))
}

fn move_aside(path: &Path) -> Result<Option<PathBuf>, StoreError> {
    if fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let mut n = 1;
    let target = loop {
        let t = sibling(path, &format!(".damaged-{n}"));
        if fs::symlink_metadata(&t).is_err() {
            break t;
        }
        n += 1;
    };
    // The journal files belong to the damaged file; they move with it so
    // SQLite never applies them to a different database.
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sibling(path, suffix);
        if fs::symlink_metadata(&side).is_ok() {
            let to = sibling(&target, suffix);
            fs::rename(&side, &to)
                .map_err(|e| StoreError::io(format!("移动 {}", side.display()), e))?;
        }
    }
    fs::rename(path, &target).map_err(|e| StoreError::io(format!("移动 {}", path.display()), e))?;
    sync_dir(&parent_dir(path));
    Ok(Some(target))
}

impl Store {
    pub fn open_with(path: &Path, opts: OpenOptions) -> Result<Store, StoreError> {
        let mut access = access_of(path)?;
        if access == Access::Missing {
            create_new(path)?;
            access = access_of(path)?;
        } else {
            precheck(path)?;
        }
        let read_only = matches!(access, Access::ReadOnlyFile | Access::ReadOnlyFolder);
        let arrival = if read_only {
            None
        } else {
            Some(Session::arrive(path))
        };
        let conn = open_connection(path, access)?;
        // A full check after a crash (the session marker was left "open", or
        // an older Huiqi left its WAL behind) or after a statement reported
        // damage; not merely because another process has the store open.
        let unclean = arrival
            .as_ref()
            .is_some_and(|a| a.alone && (a.last_unclean || nonempty_file(&sibling(path, "-wal"))));
        let damage_noted = session::damage_noted(path).is_some();
        let check_due =
            unclean || damage_noted || check_is_due(&conn, &*opts.clock, opts.check_interval_secs);
        let found = match Self::check_opened(&conn, path, check_due) {
            Ok(found) => found,
            Err(e) => {
                if let StoreError::Corrupt { detail, .. } = &e
                    && !read_only
                {
                    session::note_damage(path, &detail.en());
                }
                return Err(e);
            }
        };
        if damage_noted {
            // The full check found nothing: the report was a false alarm
            // (or the damage was in a page since freed).
            session::clear_damage(path);
        }
        let session = arrival.and_then(|a| a.session);
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: Some(path.to_path_buf()),
            clock: opts.clock,
            backup: opts.backup,
            attachment_limit: opts.attachment_limit,
            backup_warning: None,
            checked_at_open: check_due,
            read_only,
            damaged: std::cell::RefCell::new(None),
            session,
        };
        if read_only {
            if found < SCHEMA_VERSION {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            store.conn = conn;
            return Ok(store);
        }
        let mut conn = conn;
        configure_durable(&conn).map_err(|e| corrupt_or(path, e))?;
        if found < SCHEMA_VERSION {
            if found > 0 {
                // Keep the pre-migration state: a migration bug must not
                // cost anyone their data.
                std::mem::swap(&mut store.conn, &mut conn);
                store.backup_now()?;
                std::mem::swap(&mut store.conn, &mut conn);
            }
            schema::migrate(&mut conn).map_err(|e| corrupt_or(path, e))?;
        }
        store.conn = conn;
        if check_due {
            let now = store.now();
            store
                .conn
                .execute(
                    "INSERT INTO store_meta (key, value) VALUES ('last_check', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [now],
                )
                .map_err(|e| corrupt_or(path, e.into()))?;
        }
        if let Some(s) = store.session.as_mut() {
            s.settle();
        }
        if let Err(e) = store.backup_if_due() {
            // A failed automatic backup must not lock the user out of their
            // data; the shell shows the warning.
            store.backup_warning = Some(e.to_string());
        }
        Ok(store)
    }

    /// Version and integrity checks that read but never write the file.
    fn check_opened(conn: &Connection, path: &Path, full: bool) -> Result<i64, StoreError> {
        let found = schema::user_version(conn).map_err(|e| corrupt_or(path, e))?;
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| corrupt_or(path, e.into()))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| corrupt_or(path, e.into()))?;
        // Ours always carry the application id; never migrate (write into)
        // someone else's database that happens to sit at our path.
        let foreign = if found == 0 {
            tables > 0
        } else {
            app_id != schema::APPLICATION_ID
        };
        if foreign {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: DamageDetail::ForeignDatabase,
            });
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if !full {
            // Still make SQLite read the schema and every table's root page,
            // so gross damage is refused even between full checks.
            conn.query_row(
                "SELECT (SELECT count(*) FROM firm LIMIT 1) + (SELECT count(*) FROM answer_rev WHERE seq = 1)",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| corrupt_or(path, e.into()))?;
            return Ok(found);
        }
        if let Some(detail) = run_check(conn, "quick_check").map_err(|e| corrupt_or(path, e))? {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: DamageDetail::IntegrityCheck(detail),
            });
        }
        Ok(found)
    }

    /// Takes a backup now (`VACUUM INTO` a temporary name, fsync, rename)
    /// and deletes the oldest beyond `keep`.
    pub fn backup_now(&mut self) -> Result<BackupInfo, StoreError> {
        let r = (|| -> Result<BackupInfo, StoreError> {
            let Some(path) = self.path.clone() else {
                return Err(StoreError::invalid(
                    "内存数据库无法备份",
                    "an in-memory store has no backups",
                ));
            };
            let dir = backups_dir(&path);
            fs::create_dir_all(&dir)
                .map_err(|e| StoreError::io(format!("创建目录 {}", dir.display()), e))?;
            let stem = file_stem(&path);
            let mut t = self.clock.now();
            let mut name = backup_name(&stem, t);
            while dir.join(&name).exists() {
                t += Duration::milliseconds(1);
                name = backup_name(&stem, t);
            }
            // Leftovers of a backup cut short by a crash.
            if let Ok(rd) = fs::read_dir(&dir) {
                for entry in rd.flatten() {
                    if entry.file_name().to_string_lossy().ends_with(".tmp") {
                        let _ = fs::remove_file(entry.path());
                    }
                }
            }
            let tmp = dir.join(format!(".{name}.tmp"));
            let tmp_str = tmp.to_str().ok_or_else(|| {
                StoreError::invalid("备份路径含无法处理的字符", "backup path is not valid UTF-8")
            })?;
            self.conn.execute("VACUUM INTO ?1", [tmp_str])?;
            let f = fs::File::open(&tmp).map_err(|e| StoreError::io("打开备份", e))?;
            f.sync_all().map_err(|e| StoreError::io("写入备份", e))?;
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            let final_path = dir.join(&name);
            fs::rename(&tmp, &final_path).map_err(|e| StoreError::io("保存备份", e))?;
            sync_dir(&dir);
            let keep = self.backup.keep.max(1);
            for old in list_backups_of(&path)?.into_iter().skip(keep) {
                let _ = fs::remove_file(&old.path);
            }
            Ok(BackupInfo {
                path: final_path,
                taken_at: format_ts(t),
                size,
            })
        })();
        self.watch(r)
    }

    /// The policy hook: backs up when the store holds data and the newest
    /// backup is older than `max_age_secs` (by the store's clock). Returns
    /// the backup taken, if any. Called by `open`; the shell may call it
    /// periodically too.
    pub fn backup_if_due(&mut self) -> Result<Option<BackupInfo>, StoreError> {
        let r = (|| -> Result<Option<BackupInfo>, StoreError> {
            let (Some(path), Some(max_age)) = (self.path.clone(), self.backup.max_age_secs) else {
                return Ok(None);
            };
            let firms: i64 = self
                .conn
                .query_row("SELECT count(*) FROM firm", [], |r| r.get(0))?;
            if firms == 0 {
                return Ok(None);
            }
            let now = self.clock.now();
            let due = match list_backups_of(&path)?.first() {
                None => true,
                Some(b) => crate::clock::parse_ts(&b.taken_at)
                    .map(|t| now - t >= Duration::seconds(max_age))
                    .unwrap_or(true),
            };
            if due {
                Ok(Some(self.backup_now()?))
            } else {
                Ok(None)
            }
        })();
        self.watch(r)
    }

    /// Backups of this store, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        match &self.path {
            Some(p) => list_backups_of(p),
            None => Ok(Vec::new()),
        }
    }

    /// Why the automatic backup at open failed, if it did.
    pub fn backup_warning(&self) -> Option<&str> {
        self.backup_warning.as_deref()
    }

    /// After `open` reported a damaged file: moves it (and its WAL) aside as
    /// `<name>.damaged-<n>` and restores the newest healthy backup or starts
    /// an empty store. With `RestoreLatestBackup` and no healthy backup,
    /// nothing is moved and `NoBackup` is returned.
    pub fn recover(path: &Path, how: Recovery) -> Result<(Store, RecoveryReport), StoreError> {
        Store::recover_with(path, how, OpenOptions::default())
    }

    pub fn recover_with(
        path: &Path,
        how: Recovery,
        opts: OpenOptions,
    ) -> Result<(Store, RecoveryReport), StoreError> {
        // Never pull the file from under another process's connection.
        let arrival = Session::arrive(path);
        if arrival.session.is_some() && !arrival.alone {
            return Err(StoreError::InUse {
                path: path.to_path_buf(),
            });
        }
        let backup = match how {
            Recovery::StartNew => None,
            Recovery::RestoreLatestBackup => {
                let found = list_backups_of(path)?
                    .into_iter()
                    .find(|b| backup_is_healthy(&b.path));
                match found {
                    Some(b) => Some(b.path),
                    None => {
                        return Err(StoreError::NoBackup {
                            dir: backups_dir(path),
                        });
                    }
                }
            }
        };
        // Copy first, so the window where no file sits at `path` is just
        // between two renames.
        let tmp = sibling(path, ".restoring");
        if let Some(b) = &backup {
            fs::copy(b, &tmp).map_err(|e| StoreError::io("复制备份", e))?;
            fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::io("写入恢复的文件", e))?;
        }
        let moved_to = move_aside(path)?;
        if backup.is_some() {
            fs::rename(&tmp, path).map_err(|e| StoreError::io("恢复备份", e))?;
            sync_dir(&parent_dir(path));
        }
        session::clear_damage(path);
        drop(arrival);
        let store = Store::open_with(path, opts)?;
        Ok((
            store,
            RecoveryReport {
                moved_to,
                restored_from: backup,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_round_trip_and_sort() {
        let t = DateTime::parse_from_rfc3339("2025-03-04T05:06:07.089Z")
            .unwrap()
            .with_timezone(&Utc);
        let n = backup_name("huiqi", t);
        assert_eq!(n, "huiqi-20250304-050607-089.db");
        assert_eq!(parse_backup_name("huiqi", &n), Some(t));
        assert_eq!(parse_backup_name("huiqi", "huiqi-2025.db"), None);
        assert_eq!(parse_backup_name("other", &n), None);
        let later = backup_name("huiqi", t + Duration::milliseconds(1));
        assert!(later > n);
    }
}
