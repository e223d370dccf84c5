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

/// `PRAGMA application_id` of a Huiqi store ("HQI1"): tells our files from
/// other programs' SQLite databases.
pub const APPLICATION_ID: i64 = 0x4851_4931;

/// The ordered migration steps.
pub(crate) const MIGRATIONS: &[&str] = &[V1];

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
