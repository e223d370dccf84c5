//! Assessment snapshots: a past result kept verbatim with what produced it
//! (assessment date, catalogue version, and the answer revision it saw), so
//! it can be shown again and reproduced exactly.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::firms::require_firm;
use crate::{FirmId, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub id: i64,
    pub firm: FirmId,
    pub as_of: String,
    pub catalog_version: String,
    pub created_at: String,
    /// Highest answer revision when it was saved: `answers_at(firm, answers_seq)`
    /// gives the facts the engine saw.
    pub answers_seq: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub summary: SnapshotSummary,
    /// The engine's outcome document, byte for byte as given.
    pub outcome_json: String,
}

impl Store {
    pub fn save_snapshot(
        &mut self,
        firm: FirmId,
        as_of: &str,
        catalog_version: &str,
        outcome_json: &str,
    ) -> Result<i64, StoreError> {
        let r = (|| -> Result<i64, StoreError> {
            // Refuse what could never be shown again.
            serde_json::from_str::<serde_json::Value>(outcome_json)?;
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            let seq: i64 = tx.query_row(
                "SELECT coalesce(max(seq), 0) FROM answer_rev WHERE firm_id = ?1",
                [firm],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO snapshot (firm_id, as_of, catalog_version, outcome_json, answers_seq, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![firm, as_of, catalog_version, outcome_json, seq, now],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })();
        self.watch(r)
    }

    /// The firm's snapshots, newest first.
    pub fn list_snapshots(&self, firm: FirmId) -> Result<Vec<SnapshotSummary>, StoreError> {
        let r = (|| -> Result<Vec<SnapshotSummary>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut st = self.conn.prepare_cached(
                "SELECT id, firm_id, as_of, catalog_version, created_at, answers_seq FROM snapshot
                 WHERE firm_id = ?1 ORDER BY id DESC",
            )?;
            let rows = st.query_map([firm], |r| {
                Ok(SnapshotSummary {
                    id: r.get(0)?,
                    firm: r.get(1)?,
                    as_of: r.get(2)?,
                    catalog_version: r.get(3)?,
                    created_at: r.get(4)?,
                    answers_seq: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }

    pub fn get_snapshot(&self, id: i64) -> Result<Option<Snapshot>, StoreError> {
        let r = (|| -> Result<Option<Snapshot>, StoreError> {
            Ok(self
                .conn
                .query_row(
                    "SELECT id, firm_id, as_of, catalog_version, created_at, answers_seq, outcome_json
                     FROM snapshot WHERE id = ?1",
                    [id],
                    |r| {
                        Ok(Snapshot {
                            summary: SnapshotSummary {
                                id: r.get(0)?,
                                firm: r.get(1)?,
                                as_of: r.get(2)?,
                                catalog_version: r.get(3)?,
                                created_at: r.get(4)?,
                                answers_seq: r.get(5)?,
                            },
                            outcome_json: r.get(6)?,
                        })
                    },
                )
                .optional()?)
        })();
        self.watch(r)
    }

    pub fn delete_snapshot(&mut self, id: i64) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            let n = self
                .conn
                .execute("DELETE FROM snapshot WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::not_found(format!("snapshot {id}")));
            }
            Ok(())
        })();
        self.watch(r)
    }
}
