//! App settings: a small key-value table (language, last opened firm...).

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError};

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
