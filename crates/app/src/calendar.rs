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
        document: o.document.to_string(),
        document_title: document_title(cat, o.document),
        measure: Some(o.measure.to_string()),
        title: o.title.to_string(),
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
/// dropped for another), accruing, or waiting for answers — but not when the answer missing
/// is where the firm is registered: a firm without a region would otherwise see every
/// region's documents expire.
fn still_open(o: &Outcome) -> bool {
    match o.status {
        Status::Eligible => o.dropped.is_none(),
        Status::Accruing => true,
        Status::Undecided => !o.missing.iter().any(|f| f == REGION_FACT),
        _ => false,
    }
}

const REGION_FACT: &str = "firm.region";

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

/// One firm's entries as an iCalendar file (RFC 5545); see [`to_ics_many`].
pub fn to_ics(firm_name: &str, firm_key: &str, entries: &[Entry], stamp: NaiveDate) -> String {
    let tagged: Vec<(String, String, Entry)> = entries
        .iter()
        .map(|e| (firm_key.to_string(), String::new(), e.clone()))
        .collect();
    to_ics_many(firm_name, &tagged, stamp)
}

/// Entries of one or more firms (`(firm key, firm name shown in the summary or empty,
/// entry)`) as an iCalendar file, one all-day event each; undated entries are left out.
/// `stamp` is the assessment date, written as DTSTAMP so the same assessment gives the same
/// bytes; UIDs are derived from the firm, kind, document and measure for the same reason.
pub fn to_ics_many(title: &str, entries: &[(String, String, Entry)], stamp: NaiveDate) -> String {
    use icalendar::{Calendar, Component, Event, EventLike};
    let mut cal = Calendar::new();
    cal.name(&format!("惠企 · {title}"));
    for (firm_key, firm_name, e) in entries {
        let Some(date) = e.date else { continue };
        let uid = format!(
            "{firm_key}-{:?}-{}-{}@huiqi",
            e.kind,
            e.document,
            e.measure.as_deref().unwrap_or("-")
        );
        let who = if firm_name.is_empty() {
            String::new()
        } else {
            format!("{firm_name} · ")
        };
        let event = Event::new()
            .uid(&uid)
            .add_property("DTSTAMP", format!("{}T000000Z", stamp.format("%Y%m%d")))
            // All-day: DTEND is exclusive (RFC 5545 3.6.1), so the next day.
            .starts(date)
            .ends(date.succ_opt().unwrap_or(date))
            .summary(&format!("{who}{}：{}", e.kind.label_zh(), e.title))
            .description(&describe(e))
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}

fn describe(e: &Entry) -> String {
    let mut text = format!("{}\n{}", e.document_title, e.title);
    if let Some(m) = &e.measure {
        text.push_str(&format!("\n措施 {m}"));
    }
    if let Some(x) = e.amount {
        text.push_str(&format!("\n金额 {} 元", huiqi_dossier::format_yuan(x)));
    }
    text
}

// ---------------------------------------------------------------- the facade

/// One calendar entry as the UI shows it: the firm it belongs to, the date, what happens
/// and what is at stake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarEntryDto {
    #[ts(type = "number")]
    pub firm_id: i64,
    pub firm_name: String,
    /// `YYYY-MM-DD`; null for a draft whose document states no last day.
    pub date: Option<String>,
    /// `becomes_claimable` | `draft_not_submitted` | `claim_window_closes` | `document_expires`
    pub kind: String,
    pub kind_zh: String,
    pub kind_en: String,
    pub document: String,
    pub document_title: String,
    /// Unofficial English translations of `document_title` and `title`, when the catalogue has
    /// them.
    pub document_title_en: Option<String>,
    pub measure: Option<String>,
    pub title: String,
    pub title_en: Option<String>,
    /// 元 with two decimals.
    pub amount: Option<String>,
}

fn entry_dto(cat: &Catalogue, firm_id: i64, firm_name: &str, e: &Entry) -> CalendarEntryDto {
    let document_title_en = crate::results::document_name(cat, &e.document, huiqi_engine::Lang::En)
        .filter(|t| !huiqi_catalog::render::has_han(t));
    let title_en = match &e.measure {
        Some(m) => cat.measure(m).and_then(|m| m.title_en.clone()),
        None => cat
            .document(&e.document)
            .and_then(|d| d.doc.title_en.clone()),
    };
    let kind = serde_json::to_value(e.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    CalendarEntryDto {
        firm_id,
        firm_name: firm_name.to_string(),
        date: e.date.map(|d| d.to_string()),
        kind,
        kind_zh: e.kind.label_zh().to_string(),
        kind_en: e.kind.label_en().to_string(),
        document: e.document.clone(),
        document_title: e.document_title.clone(),
        document_title_en,
        measure: e.measure.clone(),
        title: e.title.clone(),
        title_en,
        amount: e.amount.map(crate::results::yuan),
    }
}

/// All firms' entries merged, earliest first, undated last; stable, so within a date the
/// firms keep the order they came in.
pub(crate) fn dtos_by_date(
    cat: &Catalogue,
    calendars: Vec<(i64, String, Vec<Entry>)>,
) -> Vec<CalendarEntryDto> {
    let mut out: Vec<CalendarEntryDto> = calendars
        .iter()
        .flat_map(|(id, name, list)| list.iter().map(|e| entry_dto(cat, *id, name, e)))
        .collect();
    out.sort_by(|x, y| (x.date.is_none(), &x.date).cmp(&(y.date.is_none(), &y.date)));
    out
}

impl crate::App {
    /// The firm's dates from the assessment date on, for the support year.
    fn firm_entries(
        &self,
        firm: i64,
        period: &Period,
    ) -> Result<(String, Vec<Entry>), crate::AppError> {
        let (profile, facts) = self.facts(firm)?;
        // Full, not lean: a lean outcome leaves out its document and title.
        let a = huiqi_engine::assess(self.catalogue(), &facts, period.clone(), None);
        Ok((profile.name, entries(self.catalogue(), &facts, &a, period)))
    }

    /// The entries of one firm (`firm`), or of every firm in the store's order (`None`): a firm
    /// whose answers cannot be read fails a single-firm request, and is left out of the
    /// all-firms one rather than failing it.
    fn calendars(
        &self,
        firm: Option<i64>,
        period: &Period,
    ) -> Result<Vec<(i64, String, Vec<Entry>)>, crate::AppError> {
        let Some(id) = firm else {
            let firms = self.store().list_firms()?;
            return Ok(firms
                .into_iter()
                .filter_map(|f| {
                    let (name, list) = self.firm_entries(f.id, period).ok()?;
                    Some((f.id, name, list))
                })
                .collect());
        };
        let (name, list) = self.firm_entries(id, period)?;
        Ok(vec![(id, name, list)])
    }

    /// One firm's calendar (`firm`), or every firm's merged by date (`None`).
    pub fn calendar(
        &self,
        firm: Option<i64>,
        as_of: &str,
        year: Option<i32>,
    ) -> Result<Vec<CalendarEntryDto>, crate::AppError> {
        let period = crate::period::period(self.store(), as_of, year)?;
        Ok(dtos_by_date(
            self.catalogue(),
            self.calendars(firm, &period)?,
        ))
    }

    /// Writes the calendar (one firm's or all) as an .ics file, atomically.
    pub fn save_calendar_ics(
        &self,
        firm: Option<i64>,
        (as_of, year): (&str, Option<i32>),
        path: &std::path::Path,
    ) -> Result<crate::dto::SavedFileDto, crate::AppError> {
        let period = crate::period::period(self.store(), as_of, year)?;
        let calendars = self.calendars(firm, &period)?;
        let title = match (firm, calendars.first()) {
            (Some(_), Some((_, name, _))) => name.clone(),
            _ => "全部企业".to_string(),
        };
        let all: Vec<(String, String, Entry)> = calendars
            .into_iter()
            .flat_map(|(_, name, list)| {
                let key = firm_key(&name);
                list.into_iter()
                    .map(move |e| (key.clone(), name.clone(), e))
            })
            .collect();
        let text = to_ics_many(&title, &all, period.as_of);
        crate::dossier::write_atomic(path, text.as_bytes()).map_err(|e| crate::AppError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        Ok(crate::dto::SavedFileDto {
            path: path.display().to_string(),
            bytes: text.len() as u64,
            page_count: 0,
        })
    }
}
