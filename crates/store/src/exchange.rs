//! Moving a firm between stores: one self-contained JSON document holding
//! the profile, items, the full answer history, snapshots and attachments
//! (base64) and the claims ledger. Revision numbers are store-local, so the
//! document refers to revisions by their position in `history` (and in each
//! claim's own `history`).

use std::collections::{BTreeMap, HashMap};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::answers::{answers_upto, insert_rev};
use crate::attachments::{insert_attachment, sha256_hex};
use crate::claims::{
    ClaimFields, ClaimSource, claim_revs, firm_claim_rows, insert_claim_rev,
    insert_claim_with_history,
};
use crate::firms::{clean_profile, insert_firm, require_firm, touch_firm};
use crate::{AnswerKey, AnswerSource, FirmId, NewFirm, Store, StoreError, new_uid};

/// The `format` tag of an export document.
pub const EXPORT_FORMAT: &str = "huiqi-firm-export";
/// The newest export version this binary reads and the one it writes.
/// 2: adds `claims` (version-1 files read as a firm without claims).
pub const EXPORT_VERSION: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDoc {
    pub format: String,
    pub version: i64,
    pub exported_at: String,
    pub firm: ExportFirm,
    pub items: Vec<ExportItem>,
    pub history: Vec<ExportRevision>,
    pub snapshots: Vec<ExportSnapshot>,
    pub attachments: Vec<ExportAttachment>,
    /// The claims ledger; absent in version-1 files.
    #[serde(default)]
    pub claims: Vec<ExportClaim>,
}

/// One claim of the ledger with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportClaim {
    /// Stable identity: merging the same claim again is recognised by it.
    pub uid: String,
    pub created_at: String,
    pub history: Vec<ExportClaimRevision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportClaimRevision {
    pub fields: ClaimFields,
    pub removed: bool,
    pub source: ClaimSource,
    pub at: String,
    /// For an undo: index in this claim's `history` of the revision it reverted.
    pub undoes: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFirm {
    /// Stable identity: importing the same firm again is recognised by it.
    pub uid: String,
    pub profile: NewFirm,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportItem {
    pub kind: String,
    pub id: String,
    pub label: Option<String>,
    pub created_at: String,
    pub removed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRevision {
    pub key: AnswerKey,
    pub value: Option<String>,
    pub unset: bool,
    pub source: AnswerSource,
    pub at: String,
    /// For an undo: index in `history` of the revision it reverted.
    pub undoes: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSnapshot {
    pub as_of: String,
    pub catalog_version: String,
    pub outcome_json: String,
    /// How many entries of `history` existed when it was saved.
    pub history_len: usize,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportAttachment {
    pub measure: String,
    /// Absent in files written before evidence lines existed (and whenever
    /// None, so such files stay readable by those versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
    pub data_base64: String,
}

/// What to do when the imported firm already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportMode {
    /// Bring the file's answers, items, snapshots and attachments into the
    /// existing firm. The existing profile wins where it has a value (blank
    /// fields are filled from the file); answers that differ are recorded as
    /// new `Imported` revisions, so they can be undone one by one.
    Merge,
    /// Import as a separate firm next to the existing one.
    KeepBoth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchReason {
    /// The file was exported from this firm (same export uid).
    SameExport,
    /// Another firm has the same 统一社会信用代码.
    SameCreditCode,
}

/// What an import file holds and whether its firm already exists: shown to
/// the user before they choose an [`ImportMode`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub name: String,
    pub credit_code: Option<String>,
    pub exported_at: String,
    pub answers: usize,
    pub revisions: usize,
    pub items: usize,
    pub snapshots: usize,
    pub attachments: usize,
    /// Claims on the ledger (not removed).
    pub claims: usize,
    pub existing: Option<FirmId>,
    pub reason: Option<MatchReason>,
}

fn not_ours(detail: impl Into<String>) -> StoreError {
    StoreError::NotAnExport {
        detail: detail.into(),
    }
}

/// Parses and checks an export document without touching the store.
pub fn parse_export(bytes: &[u8]) -> Result<ExportDoc, StoreError> {
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| not_ours(format!("not JSON ({e})")))?;
    let format = v.get("format").and_then(|f| f.as_str());
    if format != Some(EXPORT_FORMAT) {
        return Err(not_ours(format!("missing format tag \"{EXPORT_FORMAT}\"")));
    }
    let version = v.get("version").and_then(|x| x.as_i64()).unwrap_or(0);
    if version > EXPORT_VERSION {
        return Err(StoreError::ExportTooNew {
            found: version,
            supported: EXPORT_VERSION,
        });
    }
    if version < 1 {
        return Err(not_ours(format!("bad version {version}")));
    }
    let doc: ExportDoc = serde_json::from_value(v).map_err(|e| not_ours(e.to_string()))?;
    check_doc(&doc)?;
    Ok(doc)
}

/// The document's own consistency (references inside it, attachment
/// hashes); a document built or edited in memory is checked again here.
fn check_doc(doc: &ExportDoc) -> Result<(), StoreError> {
    for (i, rev) in doc.history.iter().enumerate() {
        if let Some(u) = rev.undoes
            && u >= i
        {
            return Err(not_ours(format!("history[{i}] undoes a later revision")));
        }
    }
    for c in &doc.claims {
        check_claim(c)?;
    }
    for s in &doc.snapshots {
        if s.history_len > doc.history.len() {
            return Err(not_ours("snapshot refers past the history"));
        }
    }
    for a in &doc.attachments {
        let data = B64
            .decode(&a.data_base64)
            .map_err(|e| not_ours(format!("attachment {}: {e}", a.file_name)))?;
        if sha256_hex(&data) != a.sha256 || data.len() as u64 != a.size {
            return Err(not_ours(format!(
                "attachment {} does not match its sha256/size",
                a.file_name
            )));
        }
    }
    Ok(())
}

fn check_claim(c: &ExportClaim) -> Result<(), StoreError> {
    if c.uid.trim().is_empty() || c.history.is_empty() {
        return Err(not_ours("a claim without uid or history"));
    }
    for (i, rev) in c.history.iter().enumerate() {
        if let Some(u) = rev.undoes
            && u >= i
        {
            return Err(not_ours(format!(
                "claim {}: history[{i}] undoes a later revision",
                c.uid
            )));
        }
        crate::claims::clean_fields(&rev.fields)?;
    }
    Ok(())
}

/// The claim as its last revision leaves it.
fn claim_final(c: &ExportClaim) -> &ExportClaimRevision {
    c.history.last().expect("checked by parse_export")
}

/// The firm's current answers as the document's history leaves them.
fn doc_current(doc: &ExportDoc) -> BTreeMap<AnswerKey, Option<String>> {
    let mut cur = BTreeMap::new();
    for rev in &doc.history {
        if rev.unset {
            cur.remove(&rev.key);
        } else {
            cur.insert(rev.key.clone(), rev.value.clone());
        }
    }
    cur
}

fn find_existing(
    conn: &Connection,
    doc: &ExportDoc,
) -> Result<Option<(FirmId, MatchReason)>, StoreError> {
    let by_uid: Option<FirmId> = conn
        .query_row("SELECT id FROM firm WHERE uid = ?1", [&doc.firm.uid], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(id) = by_uid {
        return Ok(Some((id, MatchReason::SameExport)));
    }
    if let Some(code) = &doc.firm.profile.credit_code {
        let code = crate::normalize_credit_code(code);
        let by_code: Option<FirmId> = conn
            .query_row(
                "SELECT id FROM firm WHERE credit_code = ?1 ORDER BY id LIMIT 1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = by_code {
            return Ok(Some((id, MatchReason::SameCreditCode)));
        }
    }
    Ok(None)
}

impl Store {
    /// Exports one firm with everything it owns as a JSON document.
    pub fn export_firm(&self, id: FirmId) -> Result<Vec<u8>, StoreError> {
        let r = (|| -> Result<Vec<u8>, StoreError> {
            let doc = self.export_doc(id)?;
            Ok(serde_json::to_vec_pretty(&doc)?)
        })();
        self.watch(r)
    }

    pub fn export_doc(&self, id: FirmId) -> Result<ExportDoc, StoreError> {
        let r = (|| -> Result<ExportDoc, StoreError> {
            let rec = self
                .get_firm(id)?
                .ok_or_else(|| StoreError::not_found(format!("firm {id}")))?;
            let uid = self.firm_uid(id)?;
            let mut st = self.conn.prepare(
                "SELECT kind, item_id, label, created_at, removed_at FROM item
                 WHERE firm_id = ?1 ORDER BY kind, created_at, item_id",
            )?;
            let items = st
                .query_map([id], |r| {
                    Ok(ExportItem {
                        kind: r.get(0)?,
                        id: r.get(1)?,
                        label: r.get(2)?,
                        created_at: r.get(3)?,
                        removed_at: r.get(4)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let revs = self.answer_history(id)?;
            let index: HashMap<i64, usize> =
                revs.iter().enumerate().map(|(i, r)| (r.seq, i)).collect();
            let history = revs
                .iter()
                .map(|r| ExportRevision {
                    key: r.key.clone(),
                    value: r.value.clone(),
                    unset: r.unset,
                    source: r.source,
                    at: r.at.clone(),
                    undoes: r.undoes.and_then(|s| index.get(&s).copied()),
                })
                .collect();
            let mut snapshots = Vec::new();
            for s in self.list_snapshots(id)?.into_iter().rev() {
                let full = self
                    .get_snapshot(s.id)?
                    .ok_or_else(|| StoreError::not_found(format!("snapshot {}", s.id)))?;
                snapshots.push(ExportSnapshot {
                    as_of: s.as_of,
                    catalog_version: s.catalog_version,
                    outcome_json: full.outcome_json,
                    history_len: revs.iter().filter(|r| r.seq <= s.answers_seq).count(),
                    created_at: s.created_at,
                });
            }
            let claims = self.export_claims(id)?;
            let mut attachments = Vec::new();
            let mut infos = self.list_attachments(id, None)?;
            infos.sort_by_key(|a| a.id);
            for a in infos {
                let data = self.read_attachment(a.id)?;
                attachments.push(ExportAttachment {
                    measure: a.measure,
                    evidence: a.evidence,
                    file_name: a.file_name,
                    size: a.size,
                    sha256: a.sha256,
                    added_at: a.added_at,
                    data_base64: B64.encode(&data),
                });
            }
            Ok(ExportDoc {
                format: EXPORT_FORMAT.into(),
                version: EXPORT_VERSION,
                exported_at: self.now(),
                firm: ExportFirm {
                    uid,
                    profile: rec.profile,
                    created_at: rec.created_at,
                    updated_at: rec.updated_at,
                },
                items,
                history,
                snapshots,
                attachments,
                claims,
            })
        })();
        self.watch(r)
    }

    fn export_claims(&self, firm: FirmId) -> Result<Vec<ExportClaim>, StoreError> {
        let mut out = Vec::new();
        for (id, uid, created_at) in firm_claim_rows(&self.conn, firm)? {
            let revs = claim_revs(&self.conn, id)?;
            let index: HashMap<i64, usize> =
                revs.iter().enumerate().map(|(i, r)| (r.seq, i)).collect();
            let history = revs
                .into_iter()
                .map(|r| ExportClaimRevision {
                    undoes: r.undoes.and_then(|s| index.get(&s).copied()),
                    fields: r.fields,
                    removed: r.removed,
                    source: r.source,
                    at: r.at,
                })
                .collect();
            out.push(ExportClaim {
                uid,
                created_at,
                history,
            });
        }
        Ok(out)
    }

    /// Reads an export file and tells whether its firm already exists, so
    /// the caller can ask the user for an [`ImportMode`].
    pub fn inspect_import(&self, bytes: &[u8]) -> Result<ImportPreview, StoreError> {
        let r = parse_export(bytes).and_then(|doc| self.inspect_doc(&doc));
        self.watch(r)
    }

    /// [`Store::inspect_import`] of a document already parsed (and checked
    /// by the caller).
    pub fn inspect_doc(&self, doc: &ExportDoc) -> Result<ImportPreview, StoreError> {
        let r = (|| -> Result<ImportPreview, StoreError> {
            let existing = find_existing(&self.conn, doc)?;
            Ok(ImportPreview {
                name: doc.firm.profile.name.clone(),
                credit_code: doc.firm.profile.credit_code.clone(),
                exported_at: doc.exported_at.clone(),
                answers: doc_current(doc).len(),
                revisions: doc.history.len(),
                items: doc.items.len(),
                snapshots: doc.snapshots.len(),
                attachments: doc.attachments.len(),
                claims: doc
                    .claims
                    .iter()
                    .filter(|c| !claim_final(c).removed)
                    .count(),
                existing: existing.map(|e| e.0),
                reason: existing.map(|e| e.1),
            })
        })();
        self.watch(r)
    }

    /// Imports an export file. With `mode == None` the import fails with
    /// `ImportConflict` if the firm already exists (see [`Store::inspect_import`]).
    /// All or nothing: one transaction. The store cannot judge answer values
    /// (it does not know the questions): callers with a catalogue check the
    /// document first and use [`Store::import_doc`].
    pub fn import_firm(
        &mut self,
        bytes: &[u8],
        mode: Option<ImportMode>,
    ) -> Result<FirmId, StoreError> {
        let r = parse_export(bytes).and_then(|doc| self.import_parsed(&doc, mode));
        self.watch(r)
    }

    /// [`Store::import_firm`] of a document already parsed and checked.
    pub fn import_doc(
        &mut self,
        doc: &ExportDoc,
        mode: Option<ImportMode>,
    ) -> Result<FirmId, StoreError> {
        let r = check_doc(doc).and_then(|()| self.import_parsed(doc, mode));
        self.watch(r)
    }

    fn import_parsed(
        &mut self,
        doc: &ExportDoc,
        mode: Option<ImportMode>,
    ) -> Result<FirmId, StoreError> {
        let r = (|| -> Result<FirmId, StoreError> {
            let profile = clean_profile(&doc.firm.profile)?;
            let now = self.now();
            let tx = self.write_tx()?;
            let existing = find_existing(&tx, doc)?;
            let id = match (existing, mode) {
                (Some((id, _)), None) => return Err(StoreError::ImportConflict { existing: id }),
                (Some((id, _)), Some(ImportMode::Merge)) => {
                    merge_into(&tx, id, doc, &profile, &now)?;
                    id
                }
                (Some(_), Some(ImportMode::KeepBoth)) | (None, _) => {
                    insert_whole(&tx, doc, &profile)?
                }
            };
            tx.commit()?;
            Ok(id)
        })();
        self.watch(r)
    }
}

/// Inserts the document as a new firm, history and times verbatim.
fn insert_whole(
    conn: &rusqlite::Transaction<'_>,
    doc: &ExportDoc,
    profile: &NewFirm,
) -> Result<FirmId, StoreError> {
    let uid_taken: bool = conn
        .query_row(
            "SELECT count(*) FROM firm WHERE uid = ?1",
            [&doc.firm.uid],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    let uid = if uid_taken {
        new_uid()
    } else {
        doc.firm.uid.clone()
    };
    let id = insert_firm(
        conn,
        profile,
        &uid,
        &doc.firm.created_at,
        &doc.firm.updated_at,
    )?;
    for it in &doc.items {
        conn.execute(
            "INSERT INTO item (firm_id, kind, item_id, label, created_at, removed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, it.kind, it.id, it.label, it.created_at, it.removed_at],
        )?;
    }
    let mut seqs: Vec<i64> = Vec::with_capacity(doc.history.len());
    for rev in &doc.history {
        let undoes = rev.undoes.map(|i| seqs[i]);
        let r = insert_rev(
            conn,
            id,
            &rev.key,
            rev.value.as_deref(),
            rev.unset,
            rev.source,
            &rev.at,
            undoes,
        )?;
        seqs.push(r.seq);
    }
    for s in &doc.snapshots {
        let seq = if s.history_len == 0 {
            0
        } else {
            seqs[s.history_len - 1]
        };
        conn.execute(
            "INSERT INTO snapshot (firm_id, as_of, catalog_version, outcome_json, answers_seq, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, s.as_of, s.catalog_version, s.outcome_json, seq, s.created_at],
        )?;
    }
    for a in &doc.attachments {
        let data = B64
            .decode(&a.data_base64)
            .map_err(|e| not_ours(e.to_string()))?;
        insert_attachment(
            conn,
            id,
            &a.measure,
            a.evidence.as_deref(),
            &a.file_name,
            &data,
            &a.added_at,
        )?;
    }
    for c in &doc.claims {
        insert_claim_from_doc(conn, id, c)?;
    }
    Ok(id)
}

fn insert_claim_from_doc(
    conn: &rusqlite::Transaction<'_>,
    firm: FirmId,
    c: &ExportClaim,
) -> Result<(), StoreError> {
    let history = c
        .history
        .iter()
        .map(|r| (&r.fields, r.removed, r.source, r.at.as_str(), r.undoes));
    insert_claim_with_history(conn, firm, &c.uid, &c.created_at, history)?;
    Ok(())
}

/// Claims new to the firm come with their history; a claim already here
/// (same uid) whose current form differs gets the file's as one `Imported`
/// revision, which can be undone.
fn merge_claims(
    conn: &rusqlite::Transaction<'_>,
    firm: FirmId,
    doc: &ExportDoc,
    now: &str,
) -> Result<(), StoreError> {
    let here: HashMap<String, i64> = firm_claim_rows(conn, firm)?
        .into_iter()
        .map(|(id, uid, _)| (uid, id))
        .collect();
    for c in &doc.claims {
        let Some(&id) = here.get(&c.uid) else {
            insert_claim_from_doc(conn, firm, c)?;
            continue;
        };
        let theirs = claim_final(c);
        let ours = claim_revs(conn, id)?;
        let same = ours
            .last()
            .is_some_and(|r| r.fields == theirs.fields && r.removed == theirs.removed);
        if !same {
            let fields: ClaimFields = crate::claims::clean_fields(&theirs.fields)?;
            insert_claim_rev(
                conn,
                id,
                &fields,
                theirs.removed,
                ClaimSource::Imported,
                now,
                None,
            )?;
        }
    }
    Ok(())
}

fn merge_into(
    conn: &rusqlite::Transaction<'_>,
    id: FirmId,
    doc: &ExportDoc,
    incoming: &NewFirm,
    now: &str,
) -> Result<(), StoreError> {
    require_firm(conn, id)?;
    // Profile: what the user has here wins; blanks are filled in.
    conn.execute(
        "UPDATE firm SET credit_code = coalesce(credit_code, ?2), legal_rep = coalesce(legal_rep, ?3),
                         contact = coalesce(contact, ?4), phone = coalesce(phone, ?5),
                         region = coalesce(region, ?6), industry = coalesce(industry, ?7)
         WHERE id = ?1",
        params![
            id,
            incoming.credit_code,
            incoming.legal_rep,
            incoming.contact,
            incoming.phone,
            incoming.region,
            incoming.industry
        ],
    )?;
    for it in &doc.items {
        conn.execute(
            "INSERT INTO item (firm_id, kind, item_id, label, created_at, removed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (firm_id, kind, item_id) DO NOTHING",
            params![id, it.kind, it.id, it.label, it.created_at, it.removed_at],
        )?;
    }
    let here: BTreeMap<AnswerKey, Option<String>> = answers_upto(conn, id, None)?
        .into_iter()
        .map(|a| (a.key, a.value))
        .collect();
    for (key, value) in doc_current(doc) {
        if here.get(&key) != Some(&value) {
            insert_rev(
                conn,
                id,
                &key,
                value.as_deref(),
                false,
                AnswerSource::Imported,
                now,
                None,
            )?;
        }
    }
    let seq: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) FROM answer_rev WHERE firm_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    for s in &doc.snapshots {
        let dup: i64 = conn.query_row(
            "SELECT count(*) FROM snapshot WHERE firm_id = ?1 AND as_of = ?2
             AND catalog_version = ?3 AND outcome_json = ?4",
            params![id, s.as_of, s.catalog_version, s.outcome_json],
            |r| r.get(0),
        )?;
        if dup == 0 {
            // The merged answers are what this snapshot can be traced to now.
            conn.execute(
                "INSERT INTO snapshot (firm_id, as_of, catalog_version, outcome_json, answers_seq, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, s.as_of, s.catalog_version, s.outcome_json, seq, s.created_at],
            )?;
        }
    }
    // A file already here for the same measure and evidence line (same name
    // and bytes) is not duplicated: importing twice changes nothing.
    for a in &doc.attachments {
        let data = B64
            .decode(&a.data_base64)
            .map_err(|e| not_ours(e.to_string()))?;
        insert_attachment(
            conn,
            id,
            &a.measure,
            a.evidence.as_deref(),
            &a.file_name,
            &data,
            &a.added_at,
        )?;
    }
    merge_claims(conn, id, doc, now)?;
    touch_firm(conn, id, now)?;
    Ok(())
}
