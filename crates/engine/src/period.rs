//! What an assessment is for: the assessment date, the support year (申报年度) and the user's
//! overrides of document validity. The engine never reads the clock; all three are inputs.

use crate::facts::{Facts, Received};
use chrono::{Datelike, NaiveDate};
use huiqi_catalog::{Basis, Catalogue, Document, Measure};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How a user corrects a document's validity (a repeal, an extension the catalogue does not
/// know, or a confirmation that the text's own dates hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum OverrideKind {
    /// Repealed (废止) with effect from this date: the day before is the last day in force.
    Repealed(NaiveDate),
    /// Extended (延期) to this date, the last day in force.
    Extended(NaiveDate),
    /// Checked: the dates as written (or no end date) hold.
    AsWritten,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityOverride {
    pub document: String,
    #[serde(flatten)]
    pub kind: OverrideKind,
    /// Why (the repealing notice, the extension notice, who checked).
    pub reason: String,
}

impl ValidityOverride {
    /// In words, for results and the dossier.
    pub fn describe_zh(&self) -> String {
        let what = match self.kind {
            OverrideKind::Repealed(d) => format!("已按使用者设置自 {d} 起废止"),
            OverrideKind::Extended(d) => format!("已按使用者设置延期至 {d}"),
            OverrideKind::AsWritten => "使用者已核实：按原文有效期执行".to_string(),
        };
        format!("{what}（理由：{}）", self.reason)
    }

    /// [`Self::describe_zh`] in `lang`; the reason is the user's own words, as typed.
    pub fn describe(&self, lang: crate::text::Lang) -> String {
        if lang == crate::text::Lang::Zh {
            return self.describe_zh();
        }
        let what = match self.kind {
            OverrideKind::Repealed(d) => format!("Repealed from {d} (your setting)"),
            OverrideKind::Extended(d) => format!("Extended to {d} (your setting)"),
            OverrideKind::AsWritten => "Checked by you: in force as written".to_string(),
        };
        format!("{what} (reason: {})", self.reason)
    }
}

/// The inputs that place an assessment in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub as_of: NaiveDate,
    /// The support year (申报年度) claimed for: 当年 is this year, 上年度 the one before.
    pub year: i32,
    pub overrides: Vec<ValidityOverride>,
}

impl Period {
    pub fn new(as_of: NaiveDate, year: i32) -> Period {
        Period {
            as_of,
            year,
            overrides: Vec::new(),
        }
    }

    pub fn with_overrides(mut self, overrides: Vec<ValidityOverride>) -> Period {
        self.overrides = overrides;
        self
    }

    /// The default support year for an assessment date: its own year.
    pub fn default_year(as_of: NaiveDate) -> i32 {
        as_of.year()
    }

    pub fn override_for(&self, document: &str) -> Option<&ValidityOverride> {
        self.overrides.iter().find(|o| o.document == document)
    }

    /// The first day after the support year, when figures counted over it are final.
    pub fn year_closes(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year + 1, 1, 1).expect("a year in range")
    }
}

impl From<NaiveDate> for Period {
    fn from(as_of: NaiveDate) -> Period {
        Period::new(as_of, Period::default_year(as_of))
    }
}

/// A document's validity as it applies to an assessment: its own dates, corrected by the
/// user's override.
#[derive(Debug, Clone, PartialEq)]
pub struct Window<'a> {
    pub start: Option<NaiveDate>,
    /// Last day in force.
    pub end: Option<NaiveDate>,
    /// After `end`, the last day events inside the validity can still be claimed.
    pub claims_until: Option<NaiveDate>,
    pub overridden: Option<&'a ValidityOverride>,
    /// The catalogue could not fix the end date from the text: it must be checked.
    pub unverified: bool,
}

impl<'a> Window<'a> {
    pub fn of(doc: &Document, period: &'a Period) -> Window<'a> {
        let mut w = Window {
            start: doc.effective.date,
            end: doc.expires.date,
            claims_until: doc.claims_until.as_ref().and_then(|c| c.date),
            overridden: period.override_for(&doc.key),
            unverified: doc.expires.basis != Basis::Stated,
        };
        if let Some(o) = w.overridden {
            w.unverified = false;
            match o.kind {
                OverrideKind::Repealed(d) => {
                    let last = d.pred_opt().unwrap_or(d);
                    w.end = Some(w.end.map_or(last, |e| e.min(last)));
                    // A repeal ends claims too unless the repealing notice says otherwise.
                    w.claims_until = None;
                }
                OverrideKind::Extended(d) => {
                    let shift = match (w.end, w.claims_until) {
                        (Some(e), Some(c)) => Some(c - e),
                        _ => None,
                    };
                    w.end = Some(d);
                    w.claims_until = shift.map(|s| d + s);
                }
                OverrideKind::AsWritten => {}
            }
        }
        w
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start.is_none_or(|s| d >= s) && self.end.is_none_or(|e| d <= e)
    }

    pub fn describe(&self) -> String {
        let show =
            |d: Option<NaiveDate>| d.map_or_else(|| "（未规定）".to_string(), |d| d.to_string());
        format!("{} 至 {}", show(self.start), show(self.end))
    }

    /// [`Self::describe`] in `lang`.
    pub fn describe_in(&self, lang: crate::text::Lang) -> String {
        if lang == crate::text::Lang::Zh {
            return self.describe();
        }
        let show =
            |d: Option<NaiveDate>| d.map_or_else(|| "(not stated)".to_string(), |d| d.to_string());
        format!("{} to {}", show(self.start), show(self.end))
    }
}

/// The support year an event places an award in, by the measure's event window; `None` when
/// any date inside the validity will do (one-off awards).
pub fn support_year_of(m: &Measure, event: NaiveDate) -> Option<i32> {
    use huiqi_catalog::EventWindow as W;
    match m.event_window {
        W::SupportYear => Some(event.year()),
        W::PreviousYear => Some(event.year() + 1),
        W::Validity => None,
    }
}

/// The firm's facts as they read for the support year: a per-year answer (`x@2026`) stands for
/// its fact (`x`) in its own year, and answers for other years are set aside. A bare answer to
/// a per-year fact (written before figures were kept per year) is read for any year.
pub fn facts_for_year<'f>(cat: &Catalogue, facts: &'f Facts, year: i32) -> Cow<'f, Facts> {
    if !has_years(facts) && !crate::derive::has_derivable(cat, facts) {
        return Cow::Borrowed(facts);
    }
    Cow::Owned(folded(cat, facts, year))
}

/// A copy of `facts` with the per-year answers of `year` folded in and the derived facts
/// filled in.
fn folded(cat: &Catalogue, facts: &Facts, year: i32) -> Facts {
    let mut out = facts.clone();
    let fold = |map: &mut std::collections::BTreeMap<String, crate::Value>| {
        let keyed: Vec<String> = map.keys().filter(|k| k.contains('@')).cloned().collect();
        for key in keyed {
            let Some((base, y)) = huiqi_catalog::load::split_year(&key) else {
                continue;
            };
            if !cat.fact(base).is_some_and(|d| d.per_year) {
                continue;
            }
            let v = map.remove(&key).expect("listed above");
            if y == year {
                map.insert(base.to_string(), v);
            }
        }
    };
    fold(&mut out.firm);
    for item in &mut out.items {
        fold(&mut item.facts);
    }
    // After folding: a per-year answer may be what decides a derived fact.
    crate::derive::apply(cat, &mut out);
    out
}

/// Whether any answer is kept per year (`id@YEAR`).
fn has_years(facts: &Facts) -> bool {
    let keyed = |answers: &std::collections::BTreeMap<String, crate::Value>| {
        answers.keys().any(|k| k.contains('@'))
    };
    keyed(&facts.firm) || facts.items.iter().any(|i| keyed(&i.facts))
}

/// The facts as [`facts_for_year`] reads them, as the answers given (copied only when some
/// are kept per year) and the derived facts beside them: deriving alone — most firms, whose
/// industry decides a fact or two — then copies nothing. An evaluation reads the derived
/// facts through [`crate::eval::Env::derived`].
pub fn year_view<'f, 'c>(
    cat: &'c Catalogue,
    facts: &'f Facts,
    year: i32,
) -> (Cow<'f, Facts>, Vec<(&'c str, crate::Value)>) {
    if has_years(facts) {
        (Cow::Owned(folded(cat, facts, year)), vec![])
    } else {
        (Cow::Borrowed(facts), crate::derive::derived(cat, facts))
    }
}

/// The id under which a per-year fact is asked for the support year (`x` → `x@2026`).
pub fn asked_id(cat: &Catalogue, id: &str, year: i32) -> String {
    if cat.fact(id).is_some_and(|d| d.per_year) && !id.contains('@') {
        format!("{id}@{year}")
    } else {
        id.to_string()
    }
}

/// Binding claims of a measure (made, approved or paid), optionally for one item and one year.
pub fn received_of<'f>(
    facts: &'f Facts,
    measure: &'f str,
    item: Option<&'f str>,
    year: Option<i32>,
) -> impl Iterator<Item = &'f Received> + 'f {
    facts.received.iter().filter(move |r| {
        r.state.binds()
            && r.measure == measure
            && item.is_none_or(|i| r.item.as_deref() == Some(i))
            && year.is_none_or(|y| r.year == y)
    })
}

/// The sum of known amounts of some claims (元).
pub fn sum_received<'f>(claims: impl Iterator<Item = &'f Received>) -> Decimal {
    claims.filter_map(|r| r.amount).sum()
}

/// The period a golden case states: its assessment date, support year and validity override.
pub fn case_period(case: &huiqi_catalog::GoldenCase, document: &str) -> Result<Period, String> {
    let year = case
        .year
        .unwrap_or_else(|| Period::default_year(case.as_of));
    let overrides = match &case.validity {
        None => vec![],
        Some(v) => vec![ValidityOverride {
            document: document.to_string(),
            kind: override_kind(&v.kind, v.date)?,
            reason: v.reason.clone(),
        }],
    };
    Ok(Period::new(case.as_of, year).with_overrides(overrides))
}

/// An override kind from its name (`repealed`, `extended`, `as_written`) and date.
pub fn override_kind(kind: &str, date: Option<NaiveDate>) -> Result<OverrideKind, String> {
    match (kind, date) {
        ("repealed", Some(d)) => Ok(OverrideKind::Repealed(d)),
        ("extended", Some(d)) => Ok(OverrideKind::Extended(d)),
        ("as_written", _) => Ok(OverrideKind::AsWritten),
        ("repealed" | "extended", None) => Err(format!("{kind} 须写日期 / {kind} needs a date")),
        _ => Err(format!(
            "未知的有效期设置 {kind}（可用 repealed、extended、as_written）/ unknown validity override {kind}"
        )),
    }
}

/// The claims a golden case lists, typed.
pub fn case_received(case: &huiqi_catalog::GoldenCase) -> Result<Vec<Received>, String> {
    case.received
        .iter()
        .map(|r| {
            let amount = r
                .amount
                .as_deref()
                .map(|a| huiqi_catalog::quantity::parse_money(a, None).map_err(|e| e.to_string()))
                .transpose()?;
            let state = match r.state.as_deref() {
                None => crate::ClaimState::Paid,
                Some(s) => crate::ClaimState::ALL
                    .into_iter()
                    .find(|c| c.as_str() == s)
                    .ok_or_else(|| format!("未知状态 / unknown claim state {s}"))?,
            };
            Ok(Received {
                measure: r.measure.clone(),
                year: r.year,
                amount,
                item: r.item.clone(),
                state,
            })
        })
        .collect()
}
