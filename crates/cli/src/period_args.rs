//! The command-line arguments that place an assessment in time: `--as-of`, `--year` and
//! `--validity`, shared by `questions`, `assess`, `dossier` and `batch`.

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::period::override_kind;
use huiqi_engine::{FirmFile, Period, ValidityOverride};

#[derive(clap::Args, Debug, Clone)]
pub struct PeriodArgs {
    /// Assessment date (YYYY-MM-DD): validity and "not in the future" checks use it.
    #[arg(long, value_parser = crate::parse_date)]
    pub as_of: NaiveDate,
    /// Support year (申报年度) to claim for; default: the firm file's `year`, else the year
    /// of --as-of.
    #[arg(long)]
    pub year: Option<i32>,
    /// Override a document's validity: DOC=repealed:DATE, DOC=extended:DATE or
    /// DOC=as_written, each with `:reason` at the end (repeatable).
    #[arg(long = "validity", value_name = "DOC=KIND[:DATE]:REASON")]
    pub validity: Vec<String>,
}

impl PeriodArgs {
    /// The period, taking the firm file's own year and overrides where the command line
    /// gives none.
    pub fn period(&self, cat: &Catalogue, firm: Option<&FirmFile>) -> Result<Period, String> {
        let year = self
            .year
            .or(firm.and_then(|f| f.year))
            .unwrap_or_else(|| Period::default_year(self.as_of));
        if !(1990..=2100).contains(&year) {
            return Err(format!(
                "申报年度 {year} 不合理 / support year {year} out of range"
            ));
        }
        let mut overrides = Vec::new();
        for text in &self.validity {
            overrides.push(parse_override(cat, text)?);
        }
        for v in firm.map(|f| f.validity.as_slice()).unwrap_or_default() {
            if !overrides.iter().any(|o| o.document == v.document) {
                overrides.push(v.to_override(cat)?);
            }
        }
        Ok(Period::new(self.as_of, year).with_overrides(overrides))
    }
}

/// `DOC=repealed:2025-06-30:reason`, `DOC=extended:2027-12-31:reason`, `DOC=as_written:reason`.
pub fn parse_override(cat: &Catalogue, text: &str) -> Result<ValidityOverride, String> {
    let bad = || {
        format!(
            "无法识别 --validity {text}（应为 文件=repealed:日期:理由、文件=extended:日期:理由 或 文件=as_written:理由）/ \
             expected DOC=repealed:DATE:REASON, DOC=extended:DATE:REASON or DOC=as_written:REASON"
        )
    };
    let (doc, rest) = text.split_once('=').ok_or_else(bad)?;
    if cat.document(doc).is_none() {
        return Err(format!("未知文件 / unknown document: {doc}"));
    }
    let (kind, rest) = rest.split_once(':').ok_or_else(bad)?;
    let (date, reason) = match kind {
        "as_written" => (None, rest),
        _ => {
            let (d, reason) = rest.split_once(':').ok_or_else(bad)?;
            (Some(crate::parse_date(d)?), reason)
        }
    };
    if reason.trim().is_empty() {
        return Err(bad());
    }
    Ok(ValidityOverride {
        document: doc.to_string(),
        kind: override_kind(kind, date)?,
        reason: reason.trim().to_string(),
    })
}

/// The period for one firm of a batch: the command line's, with the firm file's own support
/// year when `--year` was not given and its validity overrides for documents the command line
/// leaves alone.
pub fn for_firm(
    base: &Period,
    year_given: bool,
    cat: &Catalogue,
    firm: &FirmFile,
) -> Result<Period, String> {
    let mut p = base.clone();
    if !year_given && let Some(y) = firm.year {
        p.year = y;
    }
    for v in &firm.validity {
        if !p.overrides.iter().any(|o| o.document == v.document) {
            p.overrides.push(v.to_override(cat)?);
        }
    }
    Ok(p)
}
