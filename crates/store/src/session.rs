//! Who has the data file open, whether the last user closed it cleanly, and
//! whether a statement has found it damaged. Two sidecar files beside the
//! data file, never inside it (so nothing here writes into a damaged file):
//!
//! - `<db>-session`: every open store holds a shared lock on it for its whole
//!   life (the OS drops the lock when the process dies, however it dies);
//!   its text is `open` while the store is in use and `closed` once the last
//!   user has closed it. A process that finds it unlocked but `open` knows
//!   the last session crashed and runs the full check; one that finds it
//!   locked knows another process is using the store right now and skips
//!   the check. (A leftover `-wal` file cannot tell these apart: it exists
//!   whenever anyone has the store open.)
//! - `<db>-damaged`: written when any statement reports damage; while it
//!   exists every open runs the full check, so no later process writes into
//!   the file unchecked. Removed when a full check passes or a backup is
//!   restored.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const OPEN: &str = "open";
const CLOSED: &str = "closed";

pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

pub(crate) fn session_path(db: &Path) -> PathBuf {
    sibling(db, "-session")
}

pub(crate) fn damage_path(db: &Path) -> PathBuf {
    sibling(db, "-damaged")
}

/// This process's share of the data file (None when the folder is not
/// writable: a read-only store needs no bookkeeping).
#[derive(Debug)]
pub(crate) struct Session {
    file: File,
    alone: bool,
}

/// What a process learns when it opens the store.
pub(crate) struct Arrival {
    pub session: Option<Session>,
    /// No other process has the store open.
    pub alone: bool,
    /// The marker says the last session ended without closing the store.
    pub last_unclean: bool,
}

impl Session {
    /// Joins the store's session. Holds the exclusive lock when no one else
    /// has the store open, until [`Session::settle`].
    pub(crate) fn arrive(db: &Path) -> Arrival {
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(session_path(db));
        let Ok(mut file) = opened else {
            return Arrival {
                session: None,
                alone: false,
                last_unclean: false,
            };
        };
        let alone = file.try_lock().is_ok();
        if !alone {
            // Another process is in (or is opening) the store; wait only for
            // an opener's checks to finish, never for a running session.
            let _ = file.lock_shared();
            return Arrival {
                session: Some(Session { file, alone }),
                alone,
                last_unclean: false,
            };
        }
        let mut text = String::new();
        let _ = file.read_to_string(&mut text);
        Arrival {
            last_unclean: text.trim() == OPEN,
            session: Some(Session { file, alone }),
            alone,
        }
    }

    /// After the open succeeded: marks the store in use and lets other
    /// processes in (shared lock).
    pub(crate) fn settle(&mut self) {
        if self.alone {
            let _ = write_marker(&mut self.file, OPEN);
            let _ = self.file.unlock();
            let _ = self.file.lock_shared();
        }
    }

    /// After the connection closed: the last one out marks a clean close.
    pub(crate) fn leave(mut self) {
        let _ = self.file.unlock();
        if self.file.try_lock().is_ok() {
            let _ = write_marker(&mut self.file, CLOSED);
            let _ = self.file.unlock();
        }
    }
}

fn write_marker(file: &mut File, text: &str) -> std::io::Result<()> {
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.sync_data()
}

/// The damage a statement reported, if the marker is there.
pub(crate) fn damage_noted(db: &Path) -> Option<String> {
    fs::read_to_string(damage_path(db)).ok()
}

/// Records that a statement found the file damaged (best effort: the
/// in-process flag stops writes even if this file cannot be written).
pub(crate) fn note_damage(db: &Path, detail: &str) {
    let _ = fs::write(damage_path(db), detail);
}

pub(crate) fn clear_damage(db: &Path) {
    let _ = fs::remove_file(damage_path(db));
}
