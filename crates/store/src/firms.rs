//! Firms and their repeatable items.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::{
    FirmId, FirmRecord, FirmSummary, Item, ItemRef, NewFirm, Store, StoreError, clean_opt,
    credit_code, new_uid,
};

/// Cleans and validates a profile: the store keeps only valid credit codes
/// (or none), so every reader can trust them.
pub(crate) fn clean_profile(p: &NewFirm) -> Result<NewFirm, StoreError> {
    let name = p.name.trim().to_string();
    if name.is_empty() {
        return Err(StoreError::invalid(
            "企业名称不能为空",
            "the firm name is empty",
        ));
    }
    let credit_code = match clean_opt(&p.credit_code) {
        None => None,
        Some(raw) => {
            let code = credit_code::normalize_credit_code(&raw);
            credit_code::validate_credit_code(&code)
                .map_err(|error| StoreError::InvalidCreditCode { code: raw, error })?;
            Some(code)
        }
    };
    Ok(NewFirm {
        name,
        credit_code,
        legal_rep: clean_opt(&p.legal_rep),
        contact: clean_opt(&p.contact),
        phone: clean_opt(&p.phone),
        region: clean_opt(&p.region),
        industry: clean_opt(&p.industry),
    })
}

pub(crate) fn insert_firm(
    tx: &Transaction<'_>,
    p: &NewFirm,
    uid: &str,
    created_at: &str,
    updated_at: &str,
) -> Result<FirmId, StoreError> {
    tx.execute(
        "INSERT INTO firm (uid, name, credit_code, legal_rep, contact, phone, region, industry,
                           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            uid,
            p.name,
            p.credit_code,
            p.legal_rep,
            p.contact,
            p.phone,
            p.region,
            p.industry,
            created_at,
            updated_at
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn require_firm(conn: &rusqlite::Connection, id: FirmId) -> Result<(), StoreError> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM firm WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::not_found(format!("firm {id}"))),
    }
}

pub(crate) fn touch_firm(tx: &Transaction<'_>, id: FirmId, now: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE firm SET updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Deletes blobs no attachment points at any more.
pub(crate) fn gc_blobs(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM blob WHERE NOT EXISTS (SELECT 1 FROM attachment a WHERE a.sha256 = blob.sha256)",
        [],
    )?;
    Ok(())
}

impl Store {
    pub fn create_firm(&mut self, new: &NewFirm) -> Result<FirmId, StoreError> {
        let r = (|| -> Result<FirmId, StoreError> {
            let p = clean_profile(new)?;
            let now = self.now();
            let tx = self.write_tx()?;
            let id = insert_firm(&tx, &p, &new_uid(), &now, &now)?;
            tx.commit()?;
            Ok(id)
        })();
        self.watch(r)
    }

    /// Firms, most recently changed first.
    pub fn list_firms(&self) -> Result<Vec<FirmSummary>, StoreError> {
        let r = (|| -> Result<Vec<FirmSummary>, StoreError> {
            let mut st = self.conn.prepare_cached(
                "SELECT id, name, credit_code, region, updated_at FROM firm
                 ORDER BY updated_at DESC, id DESC",
            )?;
            let rows = st.query_map([], |r| {
                Ok(FirmSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    credit_code: r.get(2)?,
                    region: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }

    pub fn get_firm(&self, id: FirmId) -> Result<Option<FirmRecord>, StoreError> {
        let r = (|| -> Result<Option<FirmRecord>, StoreError> {
            Ok(self
                .conn
                .query_row(
                    "SELECT name, credit_code, legal_rep, contact, phone, region, industry,
                            created_at, updated_at
                     FROM firm WHERE id = ?1",
                    [id],
                    |r| {
                        Ok(FirmRecord {
                            id,
                            profile: NewFirm {
                                name: r.get(0)?,
                                credit_code: r.get(1)?,
                                legal_rep: r.get(2)?,
                                contact: r.get(3)?,
                                phone: r.get(4)?,
                                region: r.get(5)?,
                                industry: r.get(6)?,
                            },
                            created_at: r.get(7)?,
                            updated_at: r.get(8)?,
                        })
                    },
                )
                .optional()?)
        })();
        self.watch(r)
    }

    /// The stable identity used by export/import.
    pub fn firm_uid(&self, id: FirmId) -> Result<String, StoreError> {
        let r = (|| -> Result<String, StoreError> {
            self.conn
                .query_row("SELECT uid FROM firm WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::not_found(format!("firm {id}")))
        })();
        self.watch(r)
    }

    /// Firms holding this credit code (normally at most one; "keep both"
    /// imports can make two).
    pub fn find_firms_by_credit_code(&self, code: &str) -> Result<Vec<FirmId>, StoreError> {
        let r = (|| -> Result<Vec<FirmId>, StoreError> {
            let code = credit_code::normalize_credit_code(code);
            let mut st = self
                .conn
                .prepare_cached("SELECT id FROM firm WHERE credit_code = ?1 ORDER BY id")?;
            let rows = st.query_map([code], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }

    pub fn update_firm_profile(&mut self, id: FirmId, profile: &NewFirm) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            let p = clean_profile(profile)?;
            let now = self.now();
            let tx = self.write_tx()?;
            let n = tx.execute(
                "UPDATE firm SET name = ?2, credit_code = ?3, legal_rep = ?4, contact = ?5, phone = ?6,
                                 region = ?7, industry = ?8, updated_at = ?9
                 WHERE id = ?1",
                params![
                    id,
                    p.name,
                    p.credit_code,
                    p.legal_rep,
                    p.contact,
                    p.phone,
                    p.region,
                    p.industry,
                    now
                ],
            )?;
            if n == 0 {
                return Err(StoreError::not_found(format!("firm {id}")));
            }
            tx.commit()?;
            Ok(())
        })();
        self.watch(r)
    }

    /// Deletes the firm with everything it owns (answers, items, snapshots,
    /// attachments). Backups still hold it.
    pub fn delete_firm(&mut self, id: FirmId) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            let tx = self.write_tx()?;
            let uid: Option<String> = tx
                .query_row("SELECT uid FROM firm WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if let Some(uid) = uid {
                let prefix = format!("{}{uid}:", crate::settings::FIRM_SETTING_PREFIX);
                tx.execute(
                    "DELETE FROM setting WHERE substr(key, 1, length(?1)) = ?1",
                    [prefix],
                )?;
            }
            let n = tx.execute("DELETE FROM firm WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::not_found(format!("firm {id}")));
            }
            gc_blobs(&tx)?;
            tx.execute(
                "DELETE FROM setting WHERE key = ?1 AND value = ?2",
                params![crate::SETTING_LAST_FIRM, id.to_string()],
            )?;
            tx.commit()?;
            Ok(())
        })();
        self.watch(r)
    }

    /// Adds a new item of `kind` with a fresh stable id.
    pub fn add_item(
        &mut self,
        firm: FirmId,
        kind: &str,
        label: Option<&str>,
    ) -> Result<ItemRef, StoreError> {
        let r = (|| -> Result<ItemRef, StoreError> {
            let item = ItemRef {
                kind: kind.to_string(),
                id: new_uid(),
            };
            self.put_item(firm, &item, label)?;
            Ok(item)
        })();
        self.watch(r)
    }

    /// Adds the item with the given id, or renames/revives it if present.
    pub fn put_item(
        &mut self,
        firm: FirmId,
        item: &ItemRef,
        label: Option<&str>,
    ) -> Result<(), StoreError> {
        let r = (|| -> Result<(), StoreError> {
            check_item_ref(item)?;
            let now = self.now();
            let tx = self.write_tx()?;
            require_firm(&tx, firm)?;
            tx.execute(
                "INSERT INTO item (firm_id, kind, item_id, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (firm_id, kind, item_id) DO UPDATE SET label = excluded.label, removed_at = NULL",
                params![firm, item.kind, item.id, label, now],
            )?;
            touch_firm(&tx, firm, &now)?;
            tx.commit()?;
            Ok(())
        })();
        self.watch(r)
    }

    /// Removes an item. Its answers stay in the history but no longer count
    /// as current; [`Store::restore_item`] brings it back with them.
    pub fn remove_item(&mut self, firm: FirmId, item: &ItemRef) -> Result<(), StoreError> {
        let r = self.set_item_removed(firm, item, true);
        self.watch(r)
    }

    pub fn restore_item(&mut self, firm: FirmId, item: &ItemRef) -> Result<(), StoreError> {
        let r = self.set_item_removed(firm, item, false);
        self.watch(r)
    }

    fn set_item_removed(
        &mut self,
        firm: FirmId,
        item: &ItemRef,
        removed: bool,
    ) -> Result<(), StoreError> {
        let now = self.now();
        let tx = self.write_tx()?;
        let n = tx.execute(
            "UPDATE item SET removed_at = CASE WHEN ?4 THEN ?5 ELSE NULL END
             WHERE firm_id = ?1 AND kind = ?2 AND item_id = ?3",
            params![firm, item.kind, item.id, removed, now],
        )?;
        if n == 0 {
            return Err(StoreError::not_found(format!(
                "item {}/{} of firm {firm}",
                item.kind, item.id
            )));
        }
        touch_firm(&tx, firm, &now)?;
        tx.commit()?;
        Ok(())
    }

    /// The firm's items (not removed), of one kind or all, in creation order.
    pub fn list_items(&self, firm: FirmId, kind: Option<&str>) -> Result<Vec<Item>, StoreError> {
        let r = (|| -> Result<Vec<Item>, StoreError> {
            require_firm(&self.conn, firm)?;
            let mut st = self.conn.prepare_cached(
                "SELECT kind, item_id, label, created_at FROM item
                 WHERE firm_id = ?1 AND removed_at IS NULL AND (?2 IS NULL OR kind = ?2)
                 ORDER BY kind, created_at, item_id",
            )?;
            let rows = st.query_map(params![firm, kind], |r| {
                Ok(Item {
                    item: ItemRef {
                        kind: r.get(0)?,
                        id: r.get(1)?,
                    },
                    label: r.get(2)?,
                    created_at: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })();
        self.watch(r)
    }
}

pub(crate) fn check_item_ref(item: &ItemRef) -> Result<(), StoreError> {
    if item.kind.trim().is_empty() || item.id.trim().is_empty() {
        return Err(StoreError::invalid(
            "条目类型和编号不能为空",
            "an item needs a kind and an id",
        ));
    }
    Ok(())
}
