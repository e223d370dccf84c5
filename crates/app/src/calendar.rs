//! A firm's calendar: the dates on which something can be won or lost, read from one
//! assessment — a document that stops being in force, a claim window that closes, an
//! accruing amount that becomes claimable, a drafted claim still to hand in.
//!
//! Pure: the assessment date is the only "today"; nothing before it is listed.

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::period::Window;
use huiqi_engine::{Assessment, ClaimState, Facts, Outcome, Period, Status};
use rust_decimal::Decimal;
use serde::Serialize;

/// What happens on an entry's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// An accruing amount can be claimed from this day.
    BecomesClaimable,
    /// A drafted claim not yet submitted; dated by its document's last claim day.
    DraftNotSubmitted,
    /// The last day to claim events that fell inside an expired (or expiring) document.
    ClaimWindowCloses,
    /// The last day a document the firm can still use is in force.
    DocumentExpires,
}

impl EntryKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            EntryKind::BecomesClaimable => "可开始申报",
            EntryKind::DraftNotSubmitted => "草稿待提交",
            EntryKind::ClaimWindowCloses => "申报截止",
            EntryKind::DocumentExpires => "政策到期",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            EntryKind::BecomesClaimable => "Claimable from",
            EntryKind::DraftNotSubmitted => "Draft not submitted",
            EntryKind::ClaimWindowCloses => "Claim window closes",
            EntryKind::DocumentExpires => "Document expires",
        }
    }
}

/// One dated thing to act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// None only for a draft whose document states no last day.
    pub date: Option<NaiveDate>,
    pub kind: EntryKind,
    pub document: String,
    pub document_title: String,
    /// The measure concerned; None for a document-wide date.
    pub measure: Option<String>,
    pub title: String,
    /// 元: what is at stake (the measure's amount, or the document's exact total).
    pub amount: Option<Decimal>,
}

/// Every entry on or after the assessment date, earliest first (undated drafts last).
pub fn entries(cat: &Catalogue, facts: &Facts, a: &Assessment, period: &Period) -> Vec<Entry> {
    let mut out = Vec::new();
    out.extend(accruing_entries(cat, a));
    out.extend(document_entries(cat, a, period));
    out.extend(draft_entries(cat, facts, a, period));
    out.retain(|e| e.date.is_none_or(|d| d >= a.as_of));
    out.sort_by(|x, y| {
        let key = |e: &Entry| (e.date.is_none(), e.date, e.kind);
        key(x)
            .cmp(&key(y))
            .then_with(|| x.document.cmp(&y.document))
            .then_with(|| x.measure.cmp(&y.measure))
    });
    out
}

fn document_title(cat: &Catalogue, key: &str) -> String {
    cat.document(key).map_or_else(
        || key.to_string(),
        |d| {
            d.doc
                .short_title
                .clone()
                .unwrap_or_else(|| d.doc.title.clone())
        },
    )
}

fn measure_entry(cat: &Catalogue, o: &Outcome, kind: EntryKind, date: NaiveDate) -> Entry {
    Entry {
        date: Some(date),
        kind,
        document: o.document.clone(),
        document_title: document_title(cat, &o.document),
        measure: Some(o.measure.clone()),
        title: o.title.clone(),
        amount: o.amount,
    }
}

fn accruing_entries<'a>(cat: &'a Catalogue, a: &'a Assessment) -> impl Iterator<Item = Entry> + 'a {
    a.outcomes
        .iter()
        .filter_map(move |o| match (o.status, o.claimable_from) {
            (Status::Accruing, Some(d)) => {
                Some(measure_entry(cat, o, EntryKind::BecomesClaimable, d))
            }
            _ => None,
        })
}

/// Whether the firm still has something to gain from the measure: it is eligible (and not
/// dropped for another), accruing, or waiting for answers.
fn still_open(o: &Outcome) -> bool {
    match o.status {
        Status::Eligible => o.dropped.is_none(),
        Status::Accruing | Status::Undecided => true,
        _ => false,
    }
}

/// Per document the firm can still use: the last day in force, and the last day to claim.
fn document_entries(cat: &Catalogue, a: &Assessment, period: &Period) -> Vec<Entry> {
    let mut out = Vec::new();
    for d in &cat.documents {
        let open: Vec<&Outcome> = a
            .outcomes
            .iter()
            .filter(|o| o.document == d.doc.key && still_open(o))
            .collect();
        if open.is_empty() {
            continue;
        }
        let exact: Decimal = open.iter().filter_map(|o| o.counted_amount()).sum();
        let amount = (exact > Decimal::ZERO).then_some(exact);
        let window = Window::of(&d.doc, period);
        let mut push = |kind, date| {
            out.push(Entry {
                date: Some(date),
                kind,
                document: d.doc.key.clone(),
                document_title: document_title(cat, &d.doc.key),
                measure: None,
                title: d.doc.title.clone(),
                amount,
            })
        };
        if let Some(end) = window.end {
            push(EntryKind::DocumentExpires, end);
        }
        if let Some(last) = window.claims_until {
            push(EntryKind::ClaimWindowCloses, last);
        }
    }
    out
}

/// Drafts of the support year, dated by the last day their document accepts claims.
fn draft_entries(cat: &Catalogue, facts: &Facts, a: &Assessment, period: &Period) -> Vec<Entry> {
    facts
        .received
        .iter()
        .filter(|r| r.state == ClaimState::Draft && r.year == a.year)
        .filter_map(|r| {
            let m = cat.measure(&r.measure)?;
            let doc = &cat.document_of(m).doc;
            let window = Window::of(doc, period);
            Some(Entry {
                date: window.claims_until.or(window.end),
                kind: EntryKind::DraftNotSubmitted,
                document: doc.key.clone(),
                document_title: document_title(cat, &doc.key),
                measure: Some(r.measure.clone()),
                title: m.title.clone(),
                amount: r.amount,
            })
        })
        .collect()
}

/// A stable key for event UIDs: the same firm gives the same UIDs in every export, so a
/// calendar app updates its events instead of adding copies.
pub fn firm_key(name: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(name.as_bytes())[..8])
}

/// The entries as an iCalendar file (RFC 5545), one all-day event each. `stamp` is the
/// assessment date, written as DTSTAMP so the same assessment gives the same bytes; UIDs are
/// derived from the firm, kind, document and measure for the same reason.
pub fn to_ics(firm_name: &str, firm_key: &str, entries: &[Entry], stamp: NaiveDate) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let mut cal = Calendar::new();
    cal.name(&format!("惠企 · {firm_name}"));
    for e in entries {
        let Some(date) = e.date else { continue };
        let uid = format!(
            "{firm_key}-{:?}-{}-{}@huiqi",
            e.kind,
            e.document,
            e.measure.as_deref().unwrap_or("-")
        );
        let mut description = format!("{}\n{}", e.document_title, e.title);
        if let Some(m) = &e.measure {
            description.push_str(&format!("\n措施 {m}"));
        }
        if let Some(x) = e.amount {
            description.push_str(&format!("\n金额 {} 元", huiqi_dossier::format_yuan(x)));
        }
        let event = Event::new()
            .uid(&uid)
            .add_property("DTSTAMP", format!("{}T000000Z", stamp.format("%Y%m%d")))
            // All-day: DTEND is exclusive (RFC 5545 3.6.1), so the next day.
            .starts(date)
            .ends(date.succ_opt().unwrap_or(date))
            .summary(&format!("{}：{}", e.kind.label_zh(), e.title))
            .description(&description)
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}
