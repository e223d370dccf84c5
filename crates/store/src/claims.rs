//! The claims ledger: what a firm applied for or received, per measure and
//! support year (申报年度). Like answers, every change is a new revision
//! holding the whole claim; the current claim is its latest revision, and
//! undo appends a revision too, so nothing entered is ever lost.
//!
//! Amounts are decimal text in 元 and dates `YYYY-MM-DD` text, both as the
//! caller resolved them from what the user typed; the store checks their
//! shape but never parses money or reads the clock for them.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::firms::{require_firm, touch_firm};
use crate::{FirmId, Store, StoreError, clean_opt, new_uid};

pub type ClaimId = i64;

/// Where a claim stands. The same five names as `huiqi_engine::ClaimState`
/// (the store does not depend on the engine; the facade converts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    Draft,
    Submitted,
    Approved,
    Paid,
    Rejected,
}

impl ClaimState {
    pub const ALL: [ClaimState; 5] = [
        ClaimState::Draft,
        ClaimState::Submitted,
        ClaimState::Approved,
        ClaimState::Paid,
        ClaimState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimState::Draft => "draft",
            ClaimState::Submitted => "submitted",
            ClaimState::Approved => "approved",
            ClaimState::Paid => "paid",
            ClaimState::Rejected => "rejected",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ClaimState::Draft => "草稿",
            ClaimState::Submitted => "已申报",
            ClaimState::Approved => "已批准",
            ClaimState::Paid => "已拨付",
            ClaimState::Rejected => "未通过",
        }
    }

    /// The English name (`paid`) or the Chinese label (`已拨付`).
    pub fn parse(text: &str) -> Option<ClaimState> {
        let t = text.trim();
        ClaimState::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(t) || s.label_zh() == t)
    }

    /// The states a claim in this state may move to. A claim goes forward
    /// only: it is submitted, then decided (approved or rejected), then an
    /// approved or submitted claim is paid (some funds pay without a separate
    /// approval notice). A wrong entry is taken back with undo, not by
    /// moving backwards.
    pub fn next_states(self) -> &'static [ClaimState] {
        match self {
            ClaimState::Draft => &[ClaimState::Submitted],
            ClaimState::Submitted => {
                &[ClaimState::Approved, ClaimState::Paid, ClaimState::Rejected]
            }
            ClaimState::Approved => &[ClaimState::Paid],
            ClaimState::Paid | ClaimState::Rejected => &[],
        }
    }

    pub fn can_become(self, next: ClaimState) -> bool {
        self == next || self.next_states().contains(&next)
    }
}

impl std::fmt::Display for ClaimState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a claim revision came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimSource {
    Typed,
    Imported,
    /// Recorded when a dossier for the measure was saved.
    Dossier,
    Undo,
}

impl ClaimSource {
    fn as_sql(self) -> &'static str {
        match self {
            ClaimSource::Typed => "typed",
            ClaimSource::Imported => "imported",
            ClaimSource::Dossier => "dossier",
            ClaimSource::Undo => "undo",
        }
    }

    fn from_sql(s: &str) -> ClaimSource {
        match s {
            "imported" => ClaimSource::Imported,
            "dossier" => ClaimSource::Dossier,
            "undo" => ClaimSource::Undo,
            _ => ClaimSource::Typed,
        }
    }
}

/// Everything the user records about one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimFields {
    pub measure: String,
    /// The item (project, route…) the claim is for, when the measure pays per item.
    pub item: Option<String>,
    /// The support year (申报年度).
    pub year: i32,
    /// 元, a plain non-negative decimal (`3000000`, `12.5`); None = not known.
    pub amount: Option<String>,
    pub state: ClaimState,
    /// `YYYY-MM-DD`, as the user entered them.
    pub submitted_on: Option<String>,
    /// When it was approved or rejected.
    pub decided_on: Option<String>,
    pub paid_on: Option<String>,
    /// 文号 / 受理编号.
    pub reference: Option<String>,
    pub note: Option<String>,
}

impl ClaimFields {
    /// A claim with only its key facts; the rest empty.
    pub fn new(measure: impl Into<String>, year: i32, state: ClaimState) -> ClaimFields {
        ClaimFields {
            measure: measure.into(),
            item: None,
            year,
            amount: None,
            state,
            submitted_on: None,
            decided_on: None,
            paid_on: None,
            reference: None,
            note: None,
        }
    }

    /// The date slot a move into `state` fills: submitted, decided or paid.
    pub fn date_of_mut(&mut self, state: ClaimState) -> Option<&mut Option<String>> {
        match state {
            ClaimState::Draft => None,
            ClaimState::Submitted => Some(&mut self.submitted_on),
            ClaimState::Approved | ClaimState::Rejected => Some(&mut self.decided_on),
            ClaimState::Paid => Some(&mut self.paid_on),
        }
    }
}

/// A claim as it stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub firm: FirmId,
    /// Stable identity across stores (export/import).
    pub uid: String,
    pub fields: ClaimFields,
    pub created_at: String,
    /// When its latest revision was recorded.
    pub updated_at: String,
    /// Its latest revision.
    pub seq: i64,
}

/// One entry of a claim's append-only history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRevision {
    /// Store-wide increasing sequence number.
    pub seq: i64,
    pub claim: ClaimId,
    pub fields: ClaimFields,
    /// True when this revision takes the claim off the ledger.
    pub removed: bool,
    pub source: ClaimSource,
    pub at: String,
    /// For an undo: the `seq` of the revision it reverted.
    pub undoes: Option<i64>,
}

const REV_COLUMNS: &str = "seq, claim_id, measure, item_id, year, amount, state, submitted_on, \
     decided_on, paid_on, reference, note, removed, source, at, undoes";

fn rev_from_row(r: &Row<'_>) -> rusqlite::Result<ClaimRevision> {
    let state: String = r.get(6)?;
    let source: String = r.get(13)?;
    Ok(ClaimRevision {
        seq: r.get(0)?,
        claim: r.get(1)?,
        fields: ClaimFields {
            measure: r.get(2)?,
            item: r.get(3)?,
            year: r.get(4)?,
            amount: r.get(5)?,
            // The table's CHECK admits only the five names.
            state: ClaimState::parse(&state).unwrap_or(ClaimState::Draft),
            submitted_on: r.get(7)?,
            decided_on: r.get(8)?,
            paid_on: r.get(9)?,
            reference: r.get(10)?,
            note: r.get(11)?,
        },
        removed: r.get(12)?,
        source: ClaimSource::from_sql(&source),
        at: r.get(14)?,
        undoes: r.get(15)?,
    })
}

fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(s.contains('.') && frac.is_empty())
}

fn clean_date(field: &str, s: &Option<String>) -> Result<Option<String>, StoreError> {
    let Some(d) = clean_opt(s) else {
        return Ok(None);
    };
    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
        .map(|date| Some(date.format("%Y-%m-%d").to_string()))
        .map_err(|_| {
            StoreError::invalid(
                format!("{field}“{d}”不是 YYYY-MM-DD 格式的日期"),
                format!("{field} “{d}” is not a YYYY-MM-DD date"),
            )
        })
}

/// Trims and checks a claim's fields so every reader can trust them.
pub(crate) fn clean_fields(f: &ClaimFields) -> Result<ClaimFields, StoreError> {
    let measure = f.measure.trim().to_string();
    if measure.is_empty() {
        return Err(StoreError::invalid(
            "措施编号不能为空",
            "the measure id is empty",
        ));
    }
    if !(1949..=2100).contains(&f.year) {
        return Err(StoreError::invalid(
            format!("申报年度 {} 超出范围（1949–2100）", f.year),
            format!("support year {} out of range (1949–2100)", f.year),
        ));
    }
    let amount = clean_opt(&f.amount);
    if let Some(a) = &amount
        && !is_plain_decimal(a)
    {
        return Err(StoreError::invalid(
            format!("金额“{a}”须为以元计的非负数"),
            format!("amount “{a}” must be a non-negative number of 元"),
        ));
    }
    Ok(ClaimFields {
        measure,
        item: clean_opt(&f.item),
        year: f.year,
        amount,
        state: f.state,
        submitted_on: clean_date("申报日期", &f.submitted_on)?,
        decided_on: clean_date("决定日期", &f.decided_on)?,
        paid_on: clean_date("拨付日期", &f.paid_on)?,
        reference: clean_opt(&f.reference),
        note: clean_opt(&f.note),
    })
}

/// Appends one revision inside the caller's transaction.
pub(crate) fn insert_claim_rev(
    conn: &Connection,
    claim: ClaimId,
    f: &ClaimFields,
    removed: bool,
    source: ClaimSource,
    at: &str,
    undoes: Option<i64>,
) -> Result<ClaimRevision, StoreError> {
    conn.prepare_cached(
        "INSERT INTO claim_rev (claim_id, measure, item_id, year, amount, state, submitted_on,
                                decided_on, paid_on, reference, note, removed, source, at, undoes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        claim,
        f.measure,
        f.item,
        f.year,
        f.amount,
        f.state.as_str(),
        f.submitted_on,
        f.decided_on,
        f.paid_on,
        f.reference,
        f.note,
        removed,
        source.as_sql(),
        at,
        undoes
    ])?;
    Ok(ClaimRevision {
        seq: conn.last_insert_rowid(),
        claim,
        fields: f.clone(),
        removed,
        source,
        at: at.to_string(),
        undoes,
    })
}

/// Creates the claim row (no revision yet) inside the caller's transaction.
pub(crate) fn insert_claim(
    conn: &Connection,
    firm: FirmId,
    uid: &str,
    created_at: &str,
) -> Result<ClaimId, StoreError> {
    conn.prepare_cached("INSERT INTO claim (firm_id, uid, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![firm, uid, created_at])?;
    Ok(conn.last_insert_rowid())
}

/// Every revision of one claim, oldest first.
pub(crate) fn claim_revs(conn: &Connection, id: ClaimId) -> Result<Vec<ClaimRevision>, StoreError> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {REV_COLUMNS} FROM claim_rev WHERE claim_id = ?1 ORDER BY seq"
    ))?;
    let rows = st.query_map([id], rev_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn latest_rev(conn: &Connection, id: ClaimId) -> Result<Option<ClaimRevision>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {REV_COLUMNS} FROM claim_rev WHERE claim_id = ?1 ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row([id], rev_from_row)
        .optional()?)
}

/// The firm owning a claim, and the claim's uid and creation time.
fn claim_row(conn: &Connection, id: ClaimId) -> Result<(FirmId, String, String), StoreError> {
    conn.query_row(
        "SELECT firm_id, uid, created_at FROM claim WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found(format!("claim {id}")))
}

/// The firm's claims with their uid and creation time, in creation order.
pub(crate) fn firm_claim_rows(
    conn: &Connection,
    firm: FirmId,
) -> Result<Vec<(ClaimId, String, String)>, StoreError> {
    let mut st = conn
        .prepare_cached("SELECT id, uid, created_at FROM claim WHERE firm_id = ?1 ORDER BY id")?;
    let rows = st.query_map([firm], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The claim as its latest revision leaves it; None when it is off the ledger.
pub(crate) fn current_claim(conn: &Connection, id: ClaimId) -> Result<Option<Claim>, StoreError> {
    let (firm, uid, created_at) = claim_row(conn, id)?;
    Ok(latest_rev(conn, id)?.filter(|r| !r.removed).map(|r| Claim {
        id,
        firm,
        uid,
        fields: r.fields,
        created_at,
        updated_at: r.at,
        seq: r.seq,
    }))
}

fn bad_move(from: ClaimState, to: ClaimState) -> StoreError {
    let zh: Vec<&str> = from.next_states().iter().map(|s| s.label_zh()).collect();
    let en: Vec<&str> = from.next_states().iter().map(|s| s.as_str()).collect();
    let (zh, en) = if zh.is_empty() {
        ("已是最终状态".to_string(), "it is final".to_string())
    } else {
        (
            format!("只能改为{}", zh.join("、")),
            format!("it can only become {}", en.join(", ")),
        )
    };
    StoreError::invalid(
        format!(
            "申报不能从「{}」改为「{}」：{zh}；录错了请撤销",
            from.label_zh(),
            to.label_zh()
        ),
        format!("a claim cannot go from {from} to {to}: {en}; undo a wrong entry instead"),
    )
}

impl Store {
    /// Records a new claim in any state (an award received years ago is
    /// entered as `paid` directly). Durable when it returns.
    pub fn add_claim(
        &mut self,
        firm: FirmId,
        fields: &ClaimFields,
        source: ClaimSource,
    ) -> Result<Claim, StoreError> {
        let fields = clean_fields(fields)?;
        if source == ClaimSource::Undo {
            return Err(StoreError::invalid(
                "撤销请用 undo_claim",
                "record undos with undo_claim",
            ));
        }
        let now = self.now();
        let tx = self.write_tx()?;
        require_firm(&tx, firm)?;
        let id = insert_claim(&tx, firm, &new_uid(), &now)?;
        insert_claim_rev(&tx, id, &fields, false, source, &now, None)?;
        touch_firm(&tx, firm, &now)?;
        let claim = current_claim(&tx, id)?.expect("just written");
        tx.commit()?;
        Ok(claim)
    }

    /// Changes a claim: a new revision with `fields`. A change of state must
    /// be a move [`ClaimState::can_become`] allows. Writing what the claim
    /// already holds records nothing and returns the latest revision.
    pub fn update_claim(
        &mut self,
        id: ClaimId,
        fields: &ClaimFields,
        source: ClaimSource,
    ) -> Result<ClaimRevision, StoreError> {
        let fields = clean_fields(fields)?;
        self.change_claim(id, source, |_| Ok(fields))
    }

    /// Moves a claim to `state`, recording `on` in the date slot of that
    /// state (see [`ClaimFields::date_of_mut`]) and `reference` when given.
    pub fn set_claim_state(
        &mut self,
        id: ClaimId,
        state: ClaimState,
        on: Option<&str>,
        reference: Option<&str>,
    ) -> Result<ClaimRevision, StoreError> {
        self.change_claim(id, ClaimSource::Typed, |current| {
            let mut next = current.clone();
            next.state = state;
            if let (Some(on), Some(slot)) = (on, next.date_of_mut(state)) {
                *slot = Some(on.to_string());
            }
            if let Some(r) = reference {
                next.reference = Some(r.to_string());
            }
            clean_fields(&next)
        })
    }

    /// Reads the current claim and appends the revision `change` makes of it,
    /// in one `BEGIN IMMEDIATE` transaction so no other writer slips between.
    fn change_claim(
        &mut self,
        id: ClaimId,
        source: ClaimSource,
        change: impl FnOnce(&ClaimFields) -> Result<ClaimFields, StoreError>,
    ) -> Result<ClaimRevision, StoreError> {
        let now = self.now();
        let tx = self.write_tx()?;
        let (firm, _, _) = claim_row(&tx, id)?;
        let latest = match latest_rev(&tx, id)? {
            Some(r) if !r.removed => r,
            _ => return Err(StoreError::not_found(format!("claim {id}"))),
        };
        let next = change(&latest.fields)?;
        if !latest.fields.state.can_become(next.state) {
            return Err(bad_move(latest.fields.state, next.state));
        }
        if next == latest.fields {
            return Ok(latest);
        }
        let rev = insert_claim_rev(&tx, id, &next, false, source, &now, None)?;
        touch_firm(&tx, firm, &now)?;
        tx.commit()?;
        Ok(rev)
    }

    /// Takes a claim off the ledger (entered by mistake). Its history stays
    /// and [`Store::undo_claim`] brings it back.
    pub fn remove_claim(&mut self, id: ClaimId) -> Result<ClaimRevision, StoreError> {
        let now = self.now();
        let tx = self.write_tx()?;
        let (firm, _, _) = claim_row(&tx, id)?;
        let latest = match latest_rev(&tx, id)? {
            Some(r) if !r.removed => r,
            _ => return Err(StoreError::not_found(format!("claim {id}"))),
        };
        let rev = insert_claim_rev(
            &tx,
            id,
            &latest.fields,
            true,
            ClaimSource::Typed,
            &now,
            None,
        )?;
        touch_firm(&tx, firm, &now)?;
        tx.commit()?;
        Ok(rev)
    }

    /// Undoes the latest change of the claim not undone yet (repeated undos
    /// walk back, like an editor). Undoing its creation takes the claim off
    /// the ledger. None when nothing is left to undo.
    pub fn undo_claim(&mut self, id: ClaimId) -> Result<Option<ClaimRevision>, StoreError> {
        let now = self.now();
        let tx = self.write_tx()?;
        let (firm, _, _) = claim_row(&tx, id)?;
        // A change pushes, an undo pops: what is left are the live changes.
        let mut stack: Vec<ClaimRevision> = Vec::new();
        for rev in claim_revs(&tx, id)? {
            if rev.source == ClaimSource::Undo {
                stack.pop();
            } else {
                stack.push(rev);
            }
        }
        let Some(undone) = stack.pop() else {
            return Ok(None);
        };
        let (fields, removed) = match stack.last() {
            Some(prev) => (&prev.fields, prev.removed),
            None => (&undone.fields, true),
        };
        let rev = insert_claim_rev(
            &tx,
            id,
            fields,
            removed,
            ClaimSource::Undo,
            &now,
            Some(undone.seq),
        )?;
        touch_firm(&tx, firm, &now)?;
        tx.commit()?;
        Ok(Some(rev))
    }

    /// The firm's claims on the ledger, newest support year first.
    pub fn claims(&self, firm: FirmId) -> Result<Vec<Claim>, StoreError> {
        require_firm(&self.conn, firm)?;
        let mut out = Vec::new();
        for (id, _, _) in firm_claim_rows(&self.conn, firm)? {
            out.extend(current_claim(&self.conn, id)?);
        }
        out.sort_by(|a, b| b.fields.year.cmp(&a.fields.year).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// One claim as it stands; None when it was taken off the ledger.
    pub fn claim(&self, id: ClaimId) -> Result<Option<Claim>, StoreError> {
        current_claim(&self.conn, id)
    }

    /// The firm a claim belongs to (also a removed claim's).
    pub fn claim_firm(&self, id: ClaimId) -> Result<FirmId, StoreError> {
        Ok(claim_row(&self.conn, id)?.0)
    }

    /// Every revision of one claim, oldest first (also of a removed claim).
    pub fn claim_history(&self, id: ClaimId) -> Result<Vec<ClaimRevision>, StoreError> {
        claim_row(&self.conn, id)?;
        claim_revs(&self.conn, id)
    }
}

/// Replays a claim's exported history into `tx` under a new claim row.
pub(crate) fn insert_claim_with_history<'a>(
    tx: &Transaction<'_>,
    firm: FirmId,
    uid: &str,
    created_at: &str,
    history: impl IntoIterator<Item = (&'a ClaimFields, bool, ClaimSource, &'a str, Option<usize>)>,
) -> Result<ClaimId, StoreError> {
    let id = insert_claim(tx, firm, uid, created_at)?;
    let mut seqs: Vec<i64> = Vec::new();
    for (fields, removed, source, at, undoes) in history {
        let fields = clean_fields(fields)?;
        let undoes = undoes.map(|i| seqs[i]);
        seqs.push(insert_claim_rev(tx, id, &fields, removed, source, at, undoes)?.seq);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_only() {
        for ok in ["0", "3000000", "12.5", "0.01"] {
            assert!(is_plain_decimal(ok), "{ok}");
        }
        for bad in ["", "-5", "300万", "1.", ".5", "1.2.3", "1e6", " 5"] {
            assert!(!is_plain_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn states_move_forward_only() {
        use ClaimState::*;
        assert!(Draft.can_become(Submitted));
        assert!(Submitted.can_become(Paid));
        assert!(Approved.can_become(Paid));
        assert!(
            !Draft.can_become(Paid),
            "paid only after submitted or approved"
        );
        assert!(!Paid.can_become(Submitted));
        assert!(!Rejected.can_become(Approved));
        assert!(Paid.can_become(Paid), "same state: other fields may change");
        assert_eq!(ClaimState::parse("已拨付"), Some(Paid));
        assert_eq!(ClaimState::parse("PAID"), Some(Paid));
        assert_eq!(ClaimState::parse("done"), None);
    }
}
