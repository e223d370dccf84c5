//! What `huiqi batch` writes: a CSV with one row per firm and measure, or an `.xlsx` workbook
//! with a summary sheet (one row per firm: totals and counts) and a detail sheet (the CSV's
//! rows). Rows are prepared on the worker threads, a part (a run of consecutive firms) at a
//! time; the report writes the parts in input order.

use huiqi_catalog::AmountClass;
use huiqi_engine::money::round_fen;
use huiqi_engine::{LeanAssessment, LeanOutcome, Status, Totals};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `.xlsx` for a name ending so (any case), else CSV.
    pub fn of(out: &Path) -> Format {
        if super::input::has_extension(out, "xlsx") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    /// Leave out the rows of measures of other regions (most rows of a mixed firm list).
    pub skip_out_of_scope: bool,
}

const CSV_HEADER: &str = "firm,source,measure,status,amount_yuan,amount_class,counted_yuan,would_have_paid_yuan,missing\n";

/// One firm's line of the summary sheet.
pub struct Summary {
    pub name: String,
    pub source: String,
    pub totals: Totals,
}

/// One measure's line of the detail sheet; `firm` indexes the part's summaries.
pub struct DetailRow {
    firm: usize,
    measure: String,
    status: Status,
    amount: Option<Decimal>,
    class: AmountClass,
    counted: Option<Decimal>,
    would_have_paid: Option<Decimal>,
    missing: String,
}

/// What a run of consecutive firms produced, ready to be written.
pub struct Part {
    options: Options,
    pub summaries: Vec<Summary>,
    detail: Vec<DetailRow>,
    /// The part's CSV rows, formatted on the worker thread (CSV reports only).
    csv: String,
    /// A message per firm skipped, in input order.
    pub skipped: Vec<String>,
}

impl Part {
    pub fn new(options: Options) -> Part {
        Part {
            options,
            summaries: Vec::new(),
            detail: Vec::new(),
            csv: String::new(),
            skipped: Vec::new(),
        }
    }

    /// Adds a firm's assessment: its summary, and its rows in the form the report needs.
    pub fn push(&mut self, name: &str, source: &str, a: &LeanAssessment) {
        let outcomes = a
            .outcomes
            .iter()
            .filter(|o| !(self.options.skip_out_of_scope && o.status == Status::OutOfScope));
        match self.options.format {
            Format::Csv => {
                // The firm's two fields are the same on each of its ~250 rows: escaped once.
                let (name, source) = (csv_field(name), csv_field(source));
                for o in outcomes {
                    write_csv_row(&mut self.csv, (&name, &source), (o, a.missing(o)));
                }
            }
            Format::Xlsx => {
                let firm = self.summaries.len();
                self.detail.extend(outcomes.map(|o| DetailRow {
                    firm,
                    measure: o.measure.id().to_string(),
                    status: o.status,
                    amount: o.amount,
                    class: o.class,
                    counted: o.counted_amount(),
                    would_have_paid: o.would_have_paid,
                    missing: a.missing(o).join(" "),
                }));
            }
        }
        self.summaries.push(Summary {
            name: name.to_string(),
            source: source.to_string(),
            totals: a.totals.clone(),
        });
    }
}

fn needs_quotes(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> Cow<'_, str> {
    if needs_quotes(s) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// An amount in 元 with two decimals, as in `assess --json`; nothing when there is none.
fn push_yuan(out: &mut String, d: Option<Decimal>) {
    if let Some(d) = d {
        // Writing to a String cannot fail.
        let _ = write!(out, "{:.2}", round_fen(d));
    }
}

/// One row, written field by field: a batch writes about 250 rows per firm, so this avoids
/// building each row's fields before writing them.
fn write_csv_row(
    out: &mut String,
    (name, source): (&str, &str),
    (o, missing): (&LeanOutcome, &[String]),
) {
    for field in [name, source, &csv_field(o.measure.id()), o.status.as_str()] {
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
    // Fact ids separated by spaces, as one field.
    if missing.iter().any(|f| needs_quotes(f)) {
        out.push_str(&csv_field(&missing.join(" ")));
    } else {
        for (n, f) in missing.iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            out.push_str(f);
        }
    }
    out.push('\n');
}

/// Where the parts go.
pub trait Report {
    fn write(&mut self, part: Part) -> Result<(), String>;
    /// Completes the file; nothing is complete before.
    fn finish(self: Box<Self>) -> Result<(), String>;
}

pub fn create(out: &Path, format: Format) -> Result<Box<dyn Report>, String> {
    match format {
        Format::Csv => Ok(Box::new(CsvReport::create(out)?)),
        Format::Xlsx => Ok(Box::new(XlsxReport::create(out)?)),
    }
}

fn cannot_write(out: &Path, e: impl std::fmt::Display) -> String {
    format!("无法写入 / cannot write {}: {e}", out.display())
}

struct CsvReport {
    out: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
}

impl CsvReport {
    fn create(out: &Path) -> Result<CsvReport, String> {
        let file = std::fs::File::create(out).map_err(|e| cannot_write(out, e))?;
        let mut file = std::io::BufWriter::new(file);
        file.write_all(CSV_HEADER.as_bytes())
            .map_err(|e| cannot_write(out, e))?;
        Ok(CsvReport {
            out: out.to_path_buf(),
            file,
        })
    }
}

impl Report for CsvReport {
    fn write(&mut self, part: Part) -> Result<(), String> {
        self.file
            .write_all(part.csv.as_bytes())
            .map_err(|e| cannot_write(&self.out, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.file.flush().map_err(|e| cannot_write(&self.out, e))
    }
}

const SUMMARY_SHEET: &str = "汇总 summary";
const DETAIL_SHEET: &str = "明细 detail";
const SUMMARY_HEADER: [&str; 10] = [
    "企业名称 firm",
    "来源 source",
    "确定金额（元）exact",
    "最高可得（元）upper bound",
    "符合 eligible",
    "符合、金额待定 eligible, unquantified",
    "待补充 undecided",
    "不符合 not eligible",
    "已过期 expired",
    "不适用 out of scope",
];
const DETAIL_HEADER: [&str; 9] = [
    "企业名称 firm",
    "来源 source",
    "措施 measure",
    "状态 status",
    "金额（元）amount",
    "金额类别 amount class",
    "计入合计（元）counted",
    "过期前可得（元）would have paid",
    "缺少的信息 missing",
];
/// Rows of a sheet, as Excel allows them; the detail continues on a new sheet after that.
const ROWS_PER_SHEET: u32 = 1_048_576;

/// The workbook is written in constant-memory mode: each sheet streams its rows to a
/// temporary file, so memory does not grow with the rows.
struct XlsxReport {
    out: PathBuf,
    book: Workbook,
    money: CellFormat,
    summary_row: u32,
    /// The sheet the detail is written to now (index in the workbook), and its next row.
    detail_sheet: usize,
    detail_row: u32,
}

impl XlsxReport {
    fn create(out: &Path) -> Result<XlsxReport, String> {
        let mut report = XlsxReport {
            out: out.to_path_buf(),
            book: Workbook::new(),
            money: CellFormat::new().set_num_format("#,##0.00"),
            summary_row: 1,
            detail_sheet: 1,
            detail_row: 1,
        };
        report
            .add_sheet(SUMMARY_SHEET, &SUMMARY_HEADER)
            .and_then(|_| report.add_sheet(DETAIL_SHEET, &DETAIL_HEADER))
            .map_err(|e| cannot_write(out, e))?;
        Ok(report)
    }

    fn add_sheet(&mut self, name: &str, header: &[&str]) -> Result<(), XlsxError> {
        let bold = CellFormat::new().set_bold();
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        sheet.set_freeze_panes(1, 0)?;
        for (col, title) in (0u16..).zip(header) {
            sheet.set_column_width(col, if col < 2 { 28 } else { 16 })?;
            sheet.write_string_with_format(0, col, *title, &bold)?;
        }
        Ok(())
    }

    fn write_summary(&mut self, s: &Summary) -> Result<(), XlsxError> {
        let row = self.summary_row;
        let sheet = self.book.worksheet_from_index(0)?;
        sheet.write_string(row, 0, &s.name)?;
        sheet.write_string(row, 1, &s.source)?;
        let t = &s.totals;
        money_cell(sheet, (row, 2), Some(t.exact), &self.money)?;
        money_cell(sheet, (row, 3), Some(t.upper_bound), &self.money)?;
        let counts = [
            t.eligible,
            t.eligible_unquantified,
            t.undecided,
            t.not_eligible,
            t.expired,
            t.out_of_scope,
        ];
        for (col, n) in (4u16..).zip(counts) {
            sheet.write_number(row, col, u32::try_from(n).unwrap_or(u32::MAX))?;
        }
        self.summary_row += 1;
        Ok(())
    }

    fn write_detail(&mut self, firm: &Summary, d: &DetailRow) -> Result<(), XlsxError> {
        if self.detail_row == ROWS_PER_SHEET {
            // Sheets are the summary, then the detail's: the new one is numbered from 2.
            let index = self.detail_sheet + 1;
            self.add_sheet(&format!("{DETAIL_SHEET} {index}"), &DETAIL_HEADER)?;
            self.detail_sheet = index;
            self.detail_row = 1;
        }
        let row = self.detail_row;
        let sheet = self.book.worksheet_from_index(self.detail_sheet)?;
        sheet.write_string(row, 0, &firm.name)?;
        sheet.write_string(row, 1, &firm.source)?;
        sheet.write_string(row, 2, &d.measure)?;
        sheet.write_string(row, 3, d.status.as_str())?;
        money_cell(sheet, (row, 4), d.amount, &self.money)?;
        sheet.write_string(row, 5, crate::json::class_str(d.class))?;
        money_cell(sheet, (row, 6), d.counted, &self.money)?;
        money_cell(sheet, (row, 7), d.would_have_paid, &self.money)?;
        if !d.missing.is_empty() {
            sheet.write_string(row, 8, &d.missing)?;
        }
        self.detail_row += 1;
        Ok(())
    }
}

/// An amount in 元 rounded to the fen, as a number cell (a spreadsheet computes with it);
/// an empty cell when there is none.
fn money_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    amount: Option<Decimal>,
    money: &CellFormat,
) -> Result<(), XlsxError> {
    if let Some(yuan) = amount.and_then(|d| round_fen(d).to_f64()) {
        sheet.write_number_with_format(row, col, yuan, money)?;
    }
    Ok(())
}

impl Report for XlsxReport {
    fn write(&mut self, part: Part) -> Result<(), String> {
        let out = self.out.clone();
        let written = unless_panicked(|| {
            part.summaries
                .iter()
                .try_for_each(|s| self.write_summary(s))?;
            part.detail
                .iter()
                .try_for_each(|d| self.write_detail(&part.summaries[d.firm], d))
        });
        written.map_err(|e| cannot_write(&out, e))
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        let out = self.out.clone();
        unless_panicked(|| self.book.save(&out)).map_err(|e| cannot_write(&out, e))
    }
}

/// rust_xlsxwriter panics, rather than returning an error, when a constant-memory sheet's
/// temporary file cannot be written (a full disk): here that is an error like any other
/// failed write. The workbook is not used after it.
fn unless_panicked<T>(write: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)) {
        Ok(written) => written.map_err(|e| e.to_string()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| {
                "临时文件写入失败 / the temporary file could not be written".into()
            })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row with every field that may need quoting reads back, with the csv crate, as the
    /// fields written.
    #[test]
    fn csv_rows_quote_what_needs_it_and_read_back() {
        let cat = huiqi_catalog::Catalogue::builtin().unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let facts = huiqi_engine::Facts::default();
        let a = huiqi_engine::assess_lean(&cat, &facts, as_of);
        let mut o = a.outcomes[0];
        o.amount = Some(Decimal::new(123_456, 3));
        let missing = ["x.a".to_string(), "x,\"b\"".to_string()];
        let mut out = String::new();
        let (name, source) = ("甲, \"乙\"\n公司", "firms.csv:2");
        write_csv_row(
            &mut out,
            (&csv_field(name), &csv_field(source)),
            (&o, &missing),
        );
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        let first: Vec<&str> = rows[0].iter().collect();
        let status = o.status.as_str();
        let class = crate::json::class_str(o.class);
        assert_eq!(
            first,
            [
                name,
                source,
                o.measure.id(),
                status,
                "123.46",
                class,
                "",
                "",
                "x.a x,\"b\""
            ]
        );
        assert_eq!(rows.len(), 1, "{out}");
    }
}
