//! App settings: a small key-value table (language, last opened firm...).

use rusqlite::{OptionalExtension, params};

use crate::{FirmId, Store, StoreError};

/// UI language, e.g. "zh-CN" or "en".
pub const SETTING_LANGUAGE: &str = "language";
/// Id of the firm last opened; cleared when that firm is deleted.
pub const SETTING_LAST_FIRM: &str = "last_firm";

impl Store {
    pub fn get_setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let r = (|| -> Result<Option<String>, StoreError> {
            Ok(self
                .conn
                .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        })();
        self.watch(r)
    }

    /// Sets a setting; `None` removes it.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            self.writable()?;
            match value {
                Some(v) => self.conn.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => self
                    .conn
                    .execute("DELETE FROM setting WHERE key = ?1", [key])?,
            };
            Ok(())
        })();
        self.watch(r)
    }

    /// A setting of one firm (the screens' state for it: a measure filter, a dossier
    /// selection…). Keyed by the firm's uid, which is never reused, so a firm created after
    /// another was deleted cannot inherit its settings.
    pub fn firm_setting(&self, firm: FirmId, name: &str) -> Result<Option<String>, StoreError> {
        let r = (|| -> Result<Option<String>, StoreError> {
            let key = firm_setting_key(&self.conn, firm, name)?;
            Ok(self
                .conn
                .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        })();
        self.watch(r)
    }

    /// Sets a setting of one firm; `None` removes it.
    pub fn set_firm_setting(
        &mut self,
        firm: FirmId,
        name: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            let tx = self.write_tx()?;
            let key = firm_setting_key(&tx, firm, name)?;
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => tx.execute("DELETE FROM setting WHERE key = ?1", [key])?,
            };
            tx.commit()?;
            Ok(())
        })();
        self.watch(r)
    }

    /// All settings, sorted by key.
    pub fn settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let r = (|| -> Result<Vec<(String, String)>, StoreError> {
            let mut st = self
                .conn
                .prepare_cached("SELECT key, value FROM setting ORDER BY key")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }
}

/// `firm:<uid>:<name>`; an unknown firm is not found.
fn firm_setting_key(
    conn: &rusqlite::Connection,
    firm: FirmId,
    name: &str,
) -> Result<String, StoreError> {
    let uid: Option<String> = conn
        .query_row("SELECT uid FROM firm WHERE id = ?1", [firm], |r| r.get(0))
        .optional()?;
    let uid = uid.ok_or_else(|| StoreError::not_found(format!("firm {firm}")))?;
    Ok(format!("{}{uid}:{name}", FIRM_SETTING_PREFIX))
}

/// Settings of one firm are `firm:<uid>:<name>`; deleting the firm deletes them.
pub(crate) const FIRM_SETTING_PREFIX: &str = "firm:";
