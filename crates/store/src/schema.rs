//! Forward-only migrations. Step `i` (0-based) moves `PRAGMA user_version`
//! from `i` to `i + 1`. Never edit a step once released: append a new one.

use rusqlite::Connection;

use crate::StoreError;

const V1: &str = r#"
CREATE TABLE firm (
    id          INTEGER PRIMARY KEY,
    -- Stable identity across stores (export/import), never reused.
    uid         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    credit_code TEXT,
    legal_rep   TEXT,
    contact     TEXT,
    phone       TEXT,
    region      TEXT,
    industry    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX firm_credit_code ON firm(credit_code);

-- Repeatable items (projects, fairs, routes...). Removal is soft so the
-- answers typed for the item stay in the history and removal can be undone.
CREATE TABLE item (
    firm_id    INTEGER NOT NULL REFERENCES firm(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    label      TEXT,
    created_at TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (firm_id, kind, item_id)
) WITHOUT ROWID;

-- Append-only answer history. Firm-level facts use '' for item_kind/item_id
-- (NULL would defeat the key comparisons). value NULL = "不清楚"; unset = 1
-- means "no answer at all" (an undo back past the first answer).
CREATE TABLE answer_rev (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    firm_id   INTEGER NOT NULL REFERENCES firm(id) ON DELETE CASCADE,
    fact      TEXT NOT NULL,
    item_kind TEXT NOT NULL DEFAULT '',
    item_id   TEXT NOT NULL DEFAULT '',
    value     TEXT,
    unset     INTEGER NOT NULL DEFAULT 0 CHECK (unset IN (0, 1)),
    source    TEXT NOT NULL CHECK (source IN ('typed', 'imported', 'undo')),
    at        TEXT NOT NULL,
    -- For source = 'undo': the revision this one reverted.
    undoes    INTEGER
);
CREATE INDEX answer_rev_key ON answer_rev(firm_id, fact, item_kind, item_id, seq);

-- The current answer of each key is its latest revision.
CREATE VIEW current_answer AS
SELECT r.firm_id, r.fact, r.item_kind, r.item_id, r.value, r.unset, r.seq
FROM answer_rev r
WHERE r.seq = (
    SELECT max(r2.seq) FROM answer_rev r2
    WHERE r2.firm_id = r.firm_id AND r2.fact = r.fact
      AND r2.item_kind = r.item_kind AND r2.item_id = r.item_id
);

CREATE TABLE snapshot (
    id              INTEGER PRIMARY KEY,
    firm_id         INTEGER NOT NULL REFERENCES firm(id) ON DELETE CASCADE,
    as_of           TEXT NOT NULL,
    catalog_version TEXT NOT NULL,
    outcome_json    TEXT NOT NULL,
    -- Highest answer revision at save time: the facts can be rebuilt exactly.
    answers_seq     INTEGER NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX snapshot_firm ON snapshot(firm_id, id);

-- Content-addressed bytes: identical evidence is stored once.
CREATE TABLE blob (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE attachment (
    id        INTEGER PRIMARY KEY,
    firm_id   INTEGER NOT NULL REFERENCES firm(id) ON DELETE CASCADE,
    measure   TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL REFERENCES blob(sha256),
    size      INTEGER NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE INDEX attachment_firm ON attachment(firm_id, measure);
CREATE INDEX attachment_sha ON attachment(sha256);

-- The store's own bookkeeping (last full integrity check), apart from the
-- user-visible settings.
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

// The evidence line of the measure's checklist a file proves (e.g.
// "设备购置发票"), so the dossier can tick it off; NULL = the measure as a
// whole, which is what every attachment made before this step was.
const V2: &str = r#"
ALTER TABLE attachment ADD COLUMN evidence TEXT;
"#;

// The claims ledger: what a firm applied for or received, per measure and
// support year. `claim` is the stable identity (uid survives export/import);
// `claim_rev` is its append-only history, each row the whole claim as it
// stood after one change (current = latest row). removed = 1 marks a claim
// withdrawn from the ledger (entered by mistake, or an undo back past its
// creation); its rows stay. Dates are as the user typed them (YYYY-MM-DD),
// amounts a decimal in 元 as text: the store never parses money.
const V3: &str = r#"
CREATE TABLE claim (
    id         INTEGER PRIMARY KEY,
    firm_id    INTEGER NOT NULL REFERENCES firm(id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (firm_id, uid)
);

CREATE TABLE claim_rev (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id     INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    measure      TEXT NOT NULL,
    item_id      TEXT,
    year         INTEGER NOT NULL,
    amount       TEXT,
    state        TEXT NOT NULL
                 CHECK (state IN ('draft', 'submitted', 'approved', 'paid', 'rejected')),
    submitted_on TEXT,
    decided_on   TEXT,
    paid_on      TEXT,
    reference    TEXT,
    note         TEXT,
    removed      INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    source       TEXT NOT NULL CHECK (source IN ('typed', 'imported', 'dossier', 'undo')),
    at           TEXT NOT NULL,
    -- For source = 'undo': the revision this one reverted.
    undoes       INTEGER
);
CREATE INDEX claim_rev_claim ON claim_rev(claim_id, seq);
"#;

/// `PRAGMA application_id` of a Huiqi store ("HQI1"): tells our files from
/// other programs' SQLite databases.
pub const APPLICATION_ID: i64 = 0x4851_4931;

/// The ordered migration steps.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3];

/// The newest format this binary understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies the missing steps, each in its own transaction together with its
/// `user_version` bump, so a crash leaves the file at a whole step.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OpenOptions, Store};

    /// A file as a version-1 binary left it: V1 only, with one firm and one
    /// attachment (made by hand so it cannot depend on today's code paths).
    fn write_v1_file(path: &std::path::Path) {
        let c = Connection::open(path).unwrap();
        c.execute_batch(V1).unwrap();
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute_batch(
            "INSERT INTO firm (id, uid, name, created_at, updated_at)
             VALUES (1, 'u1', '甲公司', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
             INSERT INTO blob (sha256, size, data) VALUES
               ('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 5, CAST('hello' AS BLOB));
             INSERT INTO attachment (id, firm_id, measure, file_name, sha256, size, added_at)
             VALUES (7, 1, 'm/1', 'old.pdf',
               '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 5,
               '2024-01-02T00:00:00Z');",
        )
        .unwrap();
    }

    #[test]
    fn version_1_file_migrates_on_open() {
        assert_eq!(SCHEMA_VERSION, 3);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huiqi.db");
        write_v1_file(&path);

        let mut s = Store::open_with(&path, OpenOptions::default()).unwrap();
        assert_eq!(user_version(&s.conn).unwrap(), SCHEMA_VERSION);
        assert!(
            s.claims(1).unwrap().is_empty(),
            "an old file has an empty ledger"
        );
        let old = s.list_attachments(1, None).unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!((old[0].id, old[0].evidence.as_deref()), (7, None));
        assert_eq!(old[0].file_name, "old.pdf");
        assert_eq!(s.read_attachment(7).unwrap(), b"hello");

        // Same measure, name and bytes: the old row is the whole-measure file.
        assert_eq!(
            s.add_attachment(1, "m/1", None, "old.pdf", b"hello")
                .unwrap()
                .id,
            7
        );
        let lined = s
            .add_attachment(1, "m/1", Some("设备购置发票"), "old.pdf", b"hello")
            .unwrap();
        assert_ne!(lined.id, 7);
        assert_eq!(lined.evidence.as_deref(), Some("设备购置发票"));

        // The pre-migration state was backed up first, still at version 1.
        let backups = s.list_backups().unwrap();
        assert_eq!(backups.len(), 1);
        let b = Connection::open(&backups[0].path).unwrap();
        assert_eq!(user_version(&b).unwrap(), 1);
        drop(s);

        // Reopening finds nothing left to migrate and keeps both rows.
        let s = Store::open_with(&path, OpenOptions::default()).unwrap();
        let all = s.list_attachments(1, None).unwrap();
        let lines: Vec<_> = all.iter().map(|a| a.evidence.as_deref()).collect();
        assert_eq!(lines, vec![None, Some("设备购置发票")]);
    }
}
