//! Answers: an append-only history; the current value is the latest
//! revision of each key. Undo appends a revision too, so nothing typed is
//! ever lost.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::firms::{check_item_ref, require_firm, touch_firm};
use crate::{Answer, AnswerKey, AnswerRevision, AnswerSource, FirmId, ItemRef, Store, StoreError};

const REV_COLUMNS: &str = "seq, fact, item_kind, item_id, value, source, at, unset, undoes";

pub(crate) fn key_from_parts(fact: String, kind: String, id: String) -> AnswerKey {
    AnswerKey {
        fact,
        item: if kind.is_empty() {
            None
        } else {
            Some(ItemRef { kind, id })
        },
    }
}

fn key_parts(key: &AnswerKey) -> (&str, &str, &str) {
    match &key.item {
        None => (&key.fact, "", ""),
        Some(i) => (&key.fact, &i.kind, &i.id),
    }
}

pub(crate) fn rev_from_row(r: &Row<'_>) -> rusqlite::Result<AnswerRevision> {
    let source: String = r.get(5)?;
    Ok(AnswerRevision {
        seq: r.get(0)?,
        key: key_from_parts(r.get(1)?, r.get(2)?, r.get(3)?),
        value: r.get(4)?,
        source: AnswerSource::from_sql(&source).unwrap_or(AnswerSource::Typed),
        at: r.get(6)?,
        unset: r.get(7)?,
        undoes: r.get(8)?,
    })
}

/// Appends one revision inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_rev(
    conn: &Connection,
    firm: FirmId,
    key: &AnswerKey,
    value: Option<&str>,
    unset: bool,
    source: AnswerSource,
    at: &str,
    undoes: Option<i64>,
) -> Result<AnswerRevision, StoreError> {
    let (fact, kind, id) = key_parts(key);
    conn.prepare_cached(
        "INSERT INTO answer_rev (firm_id, fact, item_kind, item_id, value, unset, source, at, undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        firm,
        fact,
        kind,
        id,
        value,
        unset,
        source.as_sql(),
        at,
        undoes
    ])?;
    Ok(AnswerRevision {
        seq: conn.last_insert_rowid(),
        key: key.clone(),
        value: value.map(str::to_string),
        source,
        at: at.to_string(),
        unset,
        undoes,
    })
}

/// Makes sure a repeatable item exists (and is not removed) before an
/// answer is recorded for it: answering for an item is editing it.
pub(crate) fn ensure_item(
    conn: &Connection,
    firm: FirmId,
    item: &ItemRef,
    now: &str,
) -> Result<(), StoreError> {
    check_item_ref(item)?;
    conn.prepare_cached(
        "INSERT INTO item (firm_id, kind, item_id, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (firm_id, kind, item_id) DO UPDATE SET removed_at = NULL",
    )?
    .execute(params![firm, item.kind, item.id, now])?;
    Ok(())
}

fn key_history(
    conn: &Connection,
    firm: FirmId,
    key: &AnswerKey,
) -> Result<Vec<AnswerRevision>, StoreError> {
    let (fact, kind, id) = key_parts(key);
    let mut st = conn.prepare_cached(&format!(
        "SELECT {REV_COLUMNS} FROM answer_rev
         WHERE firm_id = ?1 AND fact = ?2 AND item_kind = ?3 AND item_id = ?4 ORDER BY seq"
    ))?;
    let rows = st.query_map(params![firm, fact, kind, id], rev_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn latest_rev(
    conn: &Connection,
    firm: FirmId,
    key: &AnswerKey,
) -> Result<Option<AnswerRevision>, StoreError> {
    let (fact, kind, id) = key_parts(key);
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {REV_COLUMNS} FROM answer_rev
             WHERE firm_id = ?1 AND fact = ?2 AND item_kind = ?3 AND item_id = ?4
             ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row(params![firm, fact, kind, id], rev_from_row)
        .optional()?)
}

/// Current answers of a firm as of revision `upto` (inclusive; None = now).
pub(crate) fn answers_upto(
    conn: &Connection,
    firm: FirmId,
    upto: Option<i64>,
) -> Result<Vec<Answer>, StoreError> {
    // SQLite returns the bare columns of the row holding max(seq) in each
    // group, which is exactly "latest revision per key" in one index scan.
    let mut st = conn.prepare_cached(
        "SELECT r.fact, r.item_kind, r.item_id, r.value, r.unset, max(r.seq)
         FROM answer_rev r
         WHERE r.firm_id = ?1 AND (?2 IS NULL OR r.seq <= ?2)
         GROUP BY r.fact, r.item_kind, r.item_id",
    )?;
    let mut removed_st = conn.prepare_cached(
        "SELECT kind, item_id FROM item WHERE firm_id = ?1 AND removed_at IS NOT NULL",
    )?;
    let removed: std::collections::HashSet<(String, String)> = removed_st
        .query_map([firm], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let rows = st.query_map(params![firm, upto], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (fact, kind, id, value, unset) = row?;
        // Removed items' answers stay in history but are not current.
        if unset || (!kind.is_empty() && removed.contains(&(kind.clone(), id.clone()))) {
            continue;
        }
        out.push(Answer {
            key: key_from_parts(fact, kind, id),
            value,
        });
    }
    Ok(out)
}

impl Store {
    /// Records an answer. `value == None` is "不清楚" (answered, unknown).
    ///
    /// Returns only after the revision is durably committed (WAL with
    /// `synchronous = FULL`, see [`crate::files::configure`]). Setting the value
    /// a key already has records nothing and returns the current revision,
    /// so the undo stack holds only real changes. Answering for an item
    /// creates (or revives) the item.
    pub fn set_answer(
        &mut self,
        firm: FirmId,
        key: &AnswerKey,
        value: Option<&str>,
        source: AnswerSource,
    ) -> Result<AnswerRevision, StoreError> {
        let r = (|| -> Result<AnswerRevision, StoreError> {
            if key.fact.trim().is_empty() {
                return Err(StoreError::invalid(
                    "事实编号不能为空",
                    "the fact id is empty",
                ));
            }
            if source == AnswerSource::Undo {
                return Err(StoreError::invalid(
                    "撤销请用 undo_answer",
                    "record undos with undo_answer",
                ));
            }
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            if let Some(item) = &key.item {
                ensure_item(&tx, firm, item, &now)?;
            }
            if let Some(latest) = latest_rev(&tx, firm, key)?
                && !latest.unset
                && latest.value.as_deref() == value
            {
                tx.commit()?;
                return Ok(latest);
            }
            let rev = insert_rev(&tx, firm, key, value, false, source, &now, None)?;
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(rev)
        })();
        self.watch(r)
    }

    /// Records many answers in one durable transaction (a questionnaire
    /// page, a bulk fill): all or none. Unchanged values are skipped as in
    /// [`Store::set_answer`]. Returns the revisions written.
    pub fn set_answers(
        &mut self,
        firm: FirmId,
        answers: &[(AnswerKey, Option<String>)],
        source: AnswerSource,
    ) -> Result<Vec<AnswerRevision>, StoreError> {
        let r = (|| -> Result<Vec<AnswerRevision>, StoreError> {
            if source == AnswerSource::Undo {
                return Err(StoreError::invalid(
                    "撤销请用 undo_answer",
                    "record undos with undo_answer",
                ));
            }
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            let mut out = Vec::new();
            for (key, value) in answers {
                if key.fact.trim().is_empty() {
                    return Err(StoreError::invalid(
                        "事实编号不能为空",
                        "the fact id is empty",
                    ));
                }
                if let Some(item) = &key.item {
                    ensure_item(&tx, firm, item, &now)?;
                }
                if let Some(latest) = latest_rev(&tx, firm, key)?
                    && !latest.unset
                    && latest.value == *value
                {
                    continue;
                }
                out.push(insert_rev(
                    &tx,
                    firm,
                    key,
                    value.as_deref(),
                    false,
                    source,
                    &now,
                    None,
                )?);
            }
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(out)
        })();
        self.watch(r)
    }

    /// Current answers of a firm, sorted by key.
    pub fn current_answers(&self, firm: FirmId) -> Result<Vec<Answer>, StoreError> {
        let r = (|| -> Result<Vec<Answer>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut v = answers_upto(&self.conn, firm, None)?;
            v.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(v)
        })();
        self.watch(r)
    }

    /// The current answer of one key; `Ok(None)` if never answered (or
    /// undone back to nothing, or its item removed).
    pub fn current_answer(
        &self,
        firm: FirmId,
        key: &AnswerKey,
    ) -> Result<Option<Answer>, StoreError> {
        let r = (|| -> Result<Option<Answer>, StoreError> {
            require_firm(&self.conn, firm)?;
            let Some(latest) = latest_rev(&self.conn, firm, key)? else {
                return Ok(None);
            };
            if latest.unset {
                return Ok(None);
            }
            if let Some(item) = &key.item {
                let removed: Option<Option<String>> = self
                    .conn
                    .query_row(
                        "SELECT removed_at FROM item WHERE firm_id = ?1 AND kind = ?2 AND item_id = ?3",
                        params![firm, item.kind, item.id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if matches!(removed, Some(Some(_))) {
                    return Ok(None);
                }
            }
            Ok(Some(Answer {
                key: key.clone(),
                value: latest.value,
            }))
        })();
        self.watch(r)
    }

    /// Every revision of every answer of the firm, oldest first.
    pub fn answer_history(&self, firm: FirmId) -> Result<Vec<AnswerRevision>, StoreError> {
        let r = (|| -> Result<Vec<AnswerRevision>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {REV_COLUMNS} FROM answer_rev WHERE firm_id = ?1 ORDER BY seq"
            ))?;
            let rows = st.query_map([firm], rev_from_row)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }

    /// The answers as they were right after revision `seq` (used to rebuild
    /// the facts behind a snapshot).
    pub fn answers_at(&self, firm: FirmId, seq: i64) -> Result<Vec<Answer>, StoreError> {
        let r = (|| -> Result<Vec<Answer>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut v = answers_upto(&self.conn, firm, Some(seq))?;
            v.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(v)
        })();
        self.watch(r)
    }

    /// Undoes the latest change of `key` that has not been undone yet, like
    /// an editor's undo stack: repeated undos walk back through the
    /// history. Returns the new (undo) revision, or None when there is
    /// nothing left to undo. The undo itself is recorded, never erased.
    pub fn undo_answer(
        &mut self,
        firm: FirmId,
        key: &AnswerKey,
    ) -> Result<Option<AnswerRevision>, StoreError> {
        let r = (|| -> Result<Option<AnswerRevision>, StoreError> {
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            // Rebuild the stack of live changes: a change pushes, an undo pops.
            let mut stack: Vec<AnswerRevision> = Vec::new();
            for rev in key_history(&tx, firm, key)? {
                if rev.source == AnswerSource::Undo {
                    stack.pop();
                } else {
                    stack.push(rev);
                }
            }
            let Some(undone) = stack.pop() else {
                return Ok(None);
            };
            let rev = match stack.last() {
                Some(prev) => insert_rev(
                    &tx,
                    firm,
                    key,
                    prev.value.as_deref(),
                    false,
                    AnswerSource::Undo,
                    &now,
                    Some(undone.seq),
                )?,
                None => insert_rev(
                    &tx,
                    firm,
                    key,
                    None,
                    true,
                    AnswerSource::Undo,
                    &now,
                    Some(undone.seq),
                )?,
            };
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(Some(rev))
        })();
        self.watch(r)
    }
}
