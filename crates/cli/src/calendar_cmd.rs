//! `huiqi calendar`: what is coming for a firm, earliest first, as text, JSON or an .ics file.

use std::path::Path;

use huiqi_app::calendar::{self, Entry};
use huiqi_catalog::Catalogue;
use huiqi_engine::money::fmt_yuan;
use huiqi_engine::{Facts, Period, assess};

use crate::errors::CliError;

pub fn calendar(
    cat: &Catalogue,
    firm_name: &str,
    facts: &Facts,
    period: Period,
    ics: Option<&Path>,
    json: bool,
) -> Result<(), CliError> {
    let a = assess(cat, facts, period.clone(), None);
    let entries = calendar::entries(cat, facts, &a, &period);
    if let Some(path) = ics {
        let text = calendar::to_ics(firm_name, &calendar::firm_key(firm_name), &entries, a.as_of);
        huiqi_app::dossier::write_atomic(path, text.as_bytes()).map_err(|e| {
            format!(
                "无法写入 {p}: {e} / cannot write {p}: {e}",
                p = path.display()
            )
        })?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&entries).unwrap());
    } else {
        print_entries(firm_name, a.as_of, a.year, &entries);
    }
    Ok(())
}

fn print_entries(firm: &str, as_of: chrono::NaiveDate, year: i32, entries: &[Entry]) {
    println!("{firm}  自 / from {as_of}  申报年度 / support year {year}");
    if entries.is_empty() {
        println!("没有待办日期 / nothing coming");
        return;
    }
    for e in entries {
        let date = e
            .date
            .map_or_else(|| "（未定）/ no date".to_string(), |d| d.to_string());
        let amount = e
            .amount
            .map(|x| format!("  {}", fmt_yuan(x)))
            .unwrap_or_default();
        let measure = e
            .measure
            .as_deref()
            .map(|m| format!(" [{m}]"))
            .unwrap_or_default();
        println!(
            "{date}  {} / {}  {}：{}{measure}{amount}",
            e.kind.label_zh(),
            e.kind.label_en(),
            e.document_title,
            e.title
        );
    }
}
