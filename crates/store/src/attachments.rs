//! Evidence attachments per firm and measure, optionally tied to one evidence
//! line of the measure's checklist. Bytes live once per content (sha256) in
//! `blob`; attachments point at them.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::firms::{require_firm, touch_firm};
use crate::{FirmId, Store, StoreError};

/// 20 MiB: a scanned certificate or contract fits; a video does not.
pub const DEFAULT_ATTACHMENT_LIMIT: u64 = 20 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i64,
    pub firm: FirmId,
    /// The measure the evidence is for, e.g. "jinan-2020-3/5a".
    pub measure: String,
    /// The evidence line of the measure's checklist this file proves, e.g.
    /// "设备购置发票"; None when attached to the measure as a whole.
    pub evidence: Option<String>,
    pub file_name: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
    pub added_at: String,
}

const COLUMNS: &str = "id, firm_id, measure, evidence, file_name, size, sha256, added_at";

fn info_from_row(r: &Row<'_>) -> rusqlite::Result<AttachmentInfo> {
    Ok(AttachmentInfo {
        id: r.get(0)?,
        firm: r.get(1)?,
        measure: r.get(2)?,
        evidence: r.get(3)?,
        file_name: r.get(4)?,
        size: r.get::<_, i64>(5)? as u64,
        sha256: r.get(6)?,
        added_at: r.get(7)?,
    })
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Trimmed evidence label; blank means "the measure as a whole" (None), so
/// "" and NULL never count as two different lines.
fn clean_evidence(evidence: Option<&str>) -> Option<&str> {
    evidence.map(str::trim).filter(|e| !e.is_empty())
}

/// Inserts an attachment (and its blob if new) in the caller's transaction.
/// The same file (name and bytes) for the same measure and evidence line is
/// kept once: the existing row is returned.
pub(crate) fn insert_attachment(
    conn: &rusqlite::Connection,
    firm: FirmId,
    measure: &str,
    evidence: Option<&str>,
    file_name: &str,
    bytes: &[u8],
    added_at: &str,
) -> Result<AttachmentInfo, StoreError> {
    let evidence = clean_evidence(evidence);
    let sha = sha256_hex(bytes);
    let size = bytes.len() as i64;
    if let Some(existing) = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM attachment
                 WHERE firm_id = ?1 AND measure = ?2 AND evidence IS ?3
                   AND sha256 = ?4 AND file_name = ?5"
            ),
            // `IS`, not `=`: two NULLs (whole-measure files) are the same line.
            params![firm, measure, evidence, sha, file_name],
            info_from_row,
        )
        .optional()?
    {
        return Ok(existing);
    }
    conn.execute(
        "INSERT INTO blob (sha256, size, data) VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
        params![sha, size, bytes],
    )?;
    conn.execute(
        "INSERT INTO attachment (firm_id, measure, evidence, file_name, sha256, size, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![firm, measure, evidence, file_name, sha, size, added_at],
    )?;
    Ok(AttachmentInfo {
        id: conn.last_insert_rowid(),
        firm,
        measure: measure.to_string(),
        evidence: evidence.map(str::to_string),
        file_name: file_name.to_string(),
        size: size as u64,
        sha256: sha,
        added_at: added_at.to_string(),
    })
}

impl Store {
    /// Attaches evidence for a measure, or for one evidence line of its
    /// checklist (`evidence`, trimmed; blank = None = the whole measure). The
    /// same file attached twice to the same measure and line is kept once;
    /// identical bytes anywhere are stored once.
    pub fn add_attachment(
        &mut self,
        firm: FirmId,
        measure: &str,
        evidence: Option<&str>,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<AttachmentInfo, StoreError> {
        let r = (|| -> Result<AttachmentInfo, StoreError> {
            let size = bytes.len() as u64;
            if size > self.attachment_limit {
                return Err(StoreError::AttachmentTooLarge {
                    size,
                    limit: self.attachment_limit,
                });
            }
            if measure.trim().is_empty() || file_name.trim().is_empty() {
                return Err(StoreError::invalid(
                    "附件需要所属措施和文件名",
                    "an attachment needs a measure and a file name",
                ));
            }
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            let info = insert_attachment(&tx, firm, measure, evidence, file_name, bytes, &now)?;
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(info)
        })();
        self.watch(r)
    }

    /// The firm's attachments (of one measure, or all) grouped by measure,
    /// then evidence line (whole-measure files first), oldest first.
    pub fn list_attachments(
        &self,
        firm: FirmId,
        measure: Option<&str>,
    ) -> Result<Vec<AttachmentInfo>, StoreError> {
        let r = (|| -> Result<Vec<AttachmentInfo>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM attachment
                 WHERE firm_id = ?1 AND (?2 IS NULL OR measure = ?2)
                 ORDER BY measure, evidence NULLS FIRST, id"
            ))?;
            let rows = st.query_map(params![firm, measure], info_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }

    pub fn get_attachment(&self, id: i64) -> Result<Option<AttachmentInfo>, StoreError> {
        let r = (|| -> Result<Option<AttachmentInfo>, StoreError> {
            Ok(self
                .conn
                .query_row(
                    &format!("SELECT {COLUMNS} FROM attachment WHERE id = ?1"),
                    [id],
                    info_from_row,
                )
                .optional()?)
        })();
        self.watch(r)
    }

    /// The attachment's bytes, checked against their hash.
    pub fn read_attachment(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let r = (|| -> Result<Vec<u8>, StoreError> {
            let (sha, data): (String, Vec<u8>) = self
                .conn
                .query_row(
                    "SELECT b.sha256, b.data FROM attachment a JOIN blob b ON b.sha256 = a.sha256
                     WHERE a.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::not_found(format!("attachment {id}")))?;
            if sha256_hex(&data) != sha {
                return Err(StoreError::Corrupt {
                    path: self.path.clone().unwrap_or_default(),
                    detail: crate::DamageDetail::IntegrityCheck(format!(
                        "attachment {id}: content does not match its sha256"
                    )),
                });
            }
            Ok(data)
        })();
        self.watch(r)
    }

    /// Removes an attachment; its bytes go when nothing else uses them.
    pub fn remove_attachment(&mut self, id: i64) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            let now = self.now();
            let tx = self.write_tx()?;
            let firm: Option<FirmId> = tx
                .query_row("SELECT firm_id FROM attachment WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(firm) = firm else {
                return Err(StoreError::not_found(format!("attachment {id}")));
            };
            tx.execute("DELETE FROM attachment WHERE id = ?1", [id])?;
            crate::firms::gc_blobs(&tx)?;
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(())
        })();
        self.watch(r)
    }

    /// Distinct stored contents (for tests and diagnostics).
    pub fn blob_count(&self) -> Result<i64, StoreError> {
        let r = (|| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row("SELECT count(*) FROM blob", [], |r| r.get(0))?)
        })();
        self.watch(r)
    }
}
