//! Firm lists kept as Excel workbooks (.xlsx, .xls, .ods): the first sheet read with the
//! `calamine` crate into the same rows a CSV gives, so one import checks both. A row is
//! numbered as Excel numbers it, so "第 5 行" in the report is row 5 of the sheet.
//!
//! A cell Excel cannot stand for exactly is refused with its row and column rather than
//! imported wrong: a formula error (#N/A, #REF!) and a number of more than 15 digits, which
//! Excel has already rounded (a credit code typed into a number cell).

use std::io::Cursor;

use calamine::{Data, Reader};
use huiqi_catalog::Catalogue;
use huiqi_store::{CsvImportReport, CsvRecord, CsvRowError, NewFirm, Store};

use crate::{AppError, imports};

/// Checks (and with `write`, imports) a firm list from a CSV or a workbook, each row's
/// region and industry checked as the profile form checks them. Returns the report and, for
/// a workbook, the name of the sheet read. Shared by the app and `huiqi firm import-csv`.
pub fn import(
    store: &mut Store,
    cat: &Catalogue,
    bytes: &[u8],
    write: bool,
) -> Result<(CsvImportReport, Option<String>), AppError> {
    let check = |p: &mut NewFirm| imports::check_profile(cat, p);
    if !is_workbook(bytes) {
        return Ok((store.firms_csv_checked(bytes, write, &check)?, None));
    }
    let sheet = read(bytes).map_err(AppError::Message)?;
    let mut r = store.firms_records_checked(&sheet.records, "Excel", write, &check)?;
    r.errors.extend(sheet.refused);
    r.errors.sort_by_key(|e| e.line);
    Ok((r, Some(sheet.name)))
}

/// The rows of a workbook's first sheet.
pub struct Sheet {
    pub name: String,
    /// Header first; rows with a refused cell are left out (they are in `refused`).
    pub records: Vec<CsvRecord>,
    pub refused: Vec<CsvRowError>,
}

/// Whether the bytes are a workbook rather than text: a zip (.xlsx, .ods) or an OLE
/// compound file (.xls). No CSV starts with either signature.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// Reads the first sheet; the error is the reason in both languages.
pub fn read(bytes: &[u8]) -> Result<Sheet, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("无法读取 Excel 文件：{e} / cannot read the workbook: {e}"))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "Excel 文件中没有工作表 / the workbook has no sheet".to_string())?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("无法读取工作表“{name}”：{e} / cannot read sheet {name}: {e}"))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet {
        name,
        records: Vec::new(),
        refused: Vec::new(),
    };
    for (i, cells) in range.rows().enumerate() {
        let line = first_row as usize + i + 1;
        let read: Result<Vec<String>, CsvRowError> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| cell_text(cell, line, first_col as usize + c))
            .collect();
        match read {
            Ok(fields) if fields.iter().all(|f| f.trim().is_empty()) => {}
            Ok(fields) => sheet.records.push(CsvRecord { line, fields }),
            Err(refused) => sheet.refused.push(refused),
        }
    }
    Ok(sheet)
}

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Largest integer Excel stores exactly (it keeps 15 significant digits).
const EXACT_DIGITS: f64 = 1e15;

fn cell_text(cell: &Data, line: usize, col: usize) -> Result<String, CsvRowError> {
    let at = || format!("{}{line}", column_letters(col));
    let refuse = |zh: String, en: String| CsvRowError {
        line,
        column: Some(at()),
        message_zh: zh,
        message_en: en,
    };
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() >= EXACT_DIGITS => {
            return Err(refuse(
                format!(
                    "单元格 {} 是超过 15 位的数字，Excel 已把末几位变成 0；请把这一列设为“文本”格式后重新输入",
                    at()
                ),
                format!(
                    "cell {} is a number of more than 15 digits, which Excel has already rounded; format the column as Text and type it again",
                    at()
                ),
            ));
        }
        // Whole numbers (a phone number typed as a number) without Excel's ".0".
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.to_string(),
            None => d.to_string(),
        },
        Data::Error(e) => {
            return Err(refuse(
                format!("单元格 {} 是公式错误 {e}，请在 Excel 中改正后再导入", at()),
                format!(
                    "cell {} holds the formula error {e}; correct it in Excel first",
                    at()
                ),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn numbers_read_as_typed_and_long_ones_are_refused() {
        assert_eq!(
            cell_text(&Data::Float(13_800_138_000.0), 2, 4).unwrap(),
            "13800138000"
        );
        assert_eq!(cell_text(&Data::Float(1.5), 2, 4).unwrap(), "1.5");
        let long = cell_text(&Data::Float(9.137_010_012_345_678e17), 3, 1).unwrap_err();
        assert_eq!(long.column.as_deref(), Some("B3"));
        assert!(long.message_zh.contains("15 位"), "{}", long.message_zh);
        let error = cell_text(&Data::Error(calamine::CellErrorType::NA), 4, 0).unwrap_err();
        assert!(error.message_en.contains("#N/A"), "{}", error.message_en);
    }

    #[test]
    fn csv_text_is_not_a_workbook() {
        assert!(!is_workbook("企业名称,所在地区\n".as_bytes()));
        assert!(is_workbook(b"PK\x03\x04rest"));
    }
}
