//! `huiqi batch`: many firms at once. Input is a folder of firm files or a CSV (one firm per
//! row: `name` and firm-level fact ids as headers). A bad file or row is reported with its line
//! and skipped; the rest still run. Exit code 0 when all ran, 3 when some were skipped.

use huiqi_catalog::Catalogue;
use huiqi_engine::money::round_fen;
use huiqi_engine::{AssessOptions, FirmFile, Period, assess_with};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Splits CSV text into rows of fields (quotes, doubled quotes, CRLF, BOM). Returns the line
/// number each row starts on.
pub fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut field = String::new();
    let mut row = Vec::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.is_empty() => in_quotes = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push((row_line, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                row_line = line;
            }
            ('\n', true) => {
                line += 1;
                field.push(c);
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(format!("第 {row_line} 行：引号未闭合 / unterminated quote"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((row_line, row));
    }
    Ok(rows)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A firm to assess, or why its file or row was rejected, labelled with where it came from.
type LoadedFirm = (String, Result<FirmFile, String>);

/// Loads the firms: (source label, firm) or (source label, error).
fn load_firms(path: &Path) -> Result<Vec<LoadedFirm>, String> {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| format!("无法读取目录 {}: {e}", path.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("toml" | "json")
                )
            })
            .collect();
        entries.sort();
        return Ok(entries
            .into_iter()
            .map(|p| {
                let label = p.file_name().unwrap().to_string_lossy().to_string();
                let firm = std::fs::read_to_string(&p)
                    .map_err(|e| e.to_string())
                    .and_then(|t| FirmFile::parse(&t).map_err(|e| e.to_string()));
                (label, firm)
            })
            .collect());
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("无法读取 {}: {e}", path.display()))?;
    let rows = parse_csv(&text)?;
    let Some((_, header)) = rows.first() else {
        return Err("CSV 为空 / empty CSV".into());
    };
    let name_col = header
        .iter()
        .position(|h| h == "name" || h == "企业名称")
        .ok_or("CSV 缺少 name 列 / no name column")?;
    Ok(rows[1..]
        .iter()
        .map(|(line, cells)| {
            let label = format!("{}:{line}", path.display());
            if cells.len() != header.len() {
                return (
                    label,
                    Err(format!(
                        "列数 {} 与表头 {} 不符 / wrong number of columns",
                        cells.len(),
                        header.len()
                    )),
                );
            }
            let mut firm = FirmFile {
                name: cells[name_col].clone(),
                ..Default::default()
            };
            for (h, v) in header.iter().zip(cells) {
                match h.as_str() {
                    "name" | "企业名称" => {}
                    "credit_code" | "统一社会信用代码" => {
                        firm.credit_code = Some(v.clone()).filter(|s| !s.is_empty())
                    }
                    _ if v.trim().is_empty() => {}
                    fact => {
                        firm.facts.insert(
                            fact.to_string(),
                            huiqi_engine::firm_file::AnswerText::Text(v.clone()),
                        );
                    }
                }
            }
            if firm.name.trim().is_empty() {
                return (label, Err("企业名称为空 / empty name".into()));
            }
            (label, Ok(firm))
        })
        .collect())
}

/// An amount in 元 with two decimals, as in `assess --json`; nothing when there is none.
fn push_yuan(out: &mut String, d: Option<Decimal>) {
    if let Some(d) = d {
        out.push_str(&format!("{:.2}", round_fen(d)));
    }
}

/// The rows of one firm: one per measure. `name` and `source` are already CSV fields.
fn push_rows(out: &mut String, name: &str, source: &str, a: &huiqi_engine::Assessment) {
    for o in &a.outcomes {
        for field in [name, source, &o.measure, o.status.as_str()] {
            out.push_str(field);
            out.push(',');
        }
        push_yuan(out, o.amount);
        out.push(',');
        out.push_str(crate::json::class_str(o.class));
        out.push(',');
        push_yuan(out, o.counted_amount());
        out.push(',');
        push_yuan(out, o.would_have_paid);
        out.push(',');
        // Fact ids joined by spaces as one field; quoted only if an id needs it.
        if o.missing.iter().any(|f| f.contains([',', '"', '\n'])) {
            out.push_str(&csv_field(&o.missing.join(" ")));
        } else {
            for (n, f) in o.missing.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(f);
            }
        }
        out.push('\n');
    }
}

/// What a run of consecutive firms produced: their rows, and a message per firm skipped.
#[derive(Default)]
struct Part {
    rows: String,
    assessed: usize,
    skipped: Vec<String>,
}

fn assess_part(
    cat: &Catalogue,
    (period, year_given): (&Period, bool),
    firms: &[LoadedFirm],
) -> Part {
    let mut part = Part::default();
    for (source, firm) in firms {
        let firm = match firm {
            Ok(f) => f,
            Err(e) => {
                part.skipped.push(format!("跳过 / skipped {source}: {e}"));
                continue;
            }
        };
        let facts = match firm.facts(cat, Some(period.as_of)) {
            Ok(f) => f,
            Err(e) => {
                let e = e.to_string().replace('\n', "; ");
                part.skipped.push(format!("跳过 / skipped {source}: {e}"));
                continue;
            }
        };
        let period = match crate::period_args::for_firm(period, year_given, cat, firm) {
            Ok(p) => p,
            Err(e) => {
                part.skipped.push(format!("跳过 / skipped {source}: {e}"));
                continue;
            }
        };
        // The CSV has no trace, hints or calculation: decide without explaining.
        let a = assess_with(cat, &facts, period, None, AssessOptions::LEAN);
        push_rows(
            &mut part.rows,
            &csv_field(&firm.name),
            &csv_field(source),
            &a,
        );
        part.assessed += 1;
    }
    part
}

/// Firms per thread and round: enough that starting threads costs little, few enough that
/// the rows held in memory stay small (about 26 KB per firm with the built-in catalogue).
const FIRMS_PER_PART: usize = 32;
/// More threads would mostly hold more rows in memory.
const MAX_THREADS: usize = 8;

/// `year_given`: whether `--year` was given; when not, each firm file's own `year` is used.
pub fn run(
    cat: &Catalogue,
    firms: &Path,
    (period, year_given): (&Period, bool),
    out: &Path,
) -> Result<ExitCode, String> {
    let firms = load_firms(firms)?;
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(out).map_err(|e| format!("无法写入 {}: {e}", out.display()))?,
    );
    let io = |e: std::io::Error| e.to_string();
    writeln!(w, "firm,source,measure,status,amount_yuan,amount_class,counted_yuan,would_have_paid_yuan,missing").map_err(io)?;
    // Firms are independent: each round is split into parts assessed on as many threads as
    // there are cores, while this thread writes the previous round; parts are written in input
    // order, so the output does not depend on the number of threads.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
    let (mut assessed, mut skipped) = (0usize, 0usize);
    std::thread::scope(|scope| -> Result<(), String> {
        let mut write = |parts: Vec<std::thread::ScopedJoinHandle<Part>>| -> Result<(), String> {
            for handle in parts {
                let part = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                for message in &part.skipped {
                    eprintln!("{message}");
                }
                skipped += part.skipped.len();
                assessed += part.assessed;
                w.write_all(part.rows.as_bytes()).map_err(io)?;
            }
            Ok(())
        };
        let mut previous = Vec::new();
        for round in firms.chunks(threads * FIRMS_PER_PART) {
            let parts = round
                .chunks(FIRMS_PER_PART)
                .map(|part| scope.spawn(move || assess_part(cat, (period, year_given), part)))
                .collect();
            write(std::mem::replace(&mut previous, parts))?;
        }
        write(previous)
    })?;
    w.flush().map_err(io)?;
    eprintln!(
        "{assessed} 家企业已评估，{skipped} 家跳过 / {assessed} assessed, {skipped} skipped → {}",
        out.display()
    );
    Ok(if skipped == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn csv_quotes_and_crlf() {
        let rows = parse_csv("\u{feff}name,x\r\n\"A, \"\"B\"\"\",1\r\n\nC,2").unwrap();
        assert_eq!(
            rows,
            vec![
                (1, vec!["name".into(), "x".into()]),
                (2, vec!["A, \"B\"".into(), "1".into()]),
                (4, vec!["C".into(), "2".into()])
            ]
        );
        assert!(parse_csv("a,\"b").is_err());
    }
}
