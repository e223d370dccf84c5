//! CSV import of firm profiles, as consultants keep them in spreadsheets.
//!
//! Accepts UTF-8 (with or without BOM) and, since Excel in China saves CSV
//! as GBK, GB18030. Headers may be English or Chinese. Every bad row is
//! reported with its line number; the good rows are written in one
//! transaction, the bad ones not at all.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::firms::{clean_profile, insert_firm};
use crate::{FirmId, NewFirm, Store, StoreError, new_uid};

/// One CSV record and the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRecord {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRowError {
    pub line: usize,
    /// The column at fault, as written in the header, if one is.
    pub column: Option<String>,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvImported {
    pub line: usize,
    pub id: FirmId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvImportReport {
    /// "UTF-8" or "GB18030".
    pub encoding: String,
    /// Rows written (empty on a dry run).
    pub imported: Vec<CsvImported>,
    /// Rows that would be written (a dry run) or were written.
    pub good_rows: usize,
    pub errors: Vec<CsvRowError>,
    /// Header cells that name no known column; their values are not kept.
    pub ignored_columns: Vec<String>,
}

/// Parses CSV text (RFC 4180: quoted fields with "" escapes, commas and
/// line breaks inside quotes, CRLF or LF, a leading BOM). Blank records are
/// dropped. An unterminated quote is an error naming its line.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRecord>, CsvRowError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quote_line = 0usize;
    let mut chars = text.chars().peekable();
    let mut finish = |fields: &mut Vec<String>, field: &mut String, record_line: usize| {
        fields.push(std::mem::take(field));
        let f = std::mem::take(fields);
        if f.iter().any(|x| !x.trim().is_empty()) {
            records.push(CsvRecord {
                line: record_line,
                fields: f,
            });
        }
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {
                    // CRLF inside a quoted field is one line break.
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                in_quotes = true;
                quote_line = line;
            }
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish(&mut fields, &mut field, record_line);
                line += 1;
                record_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvRowError {
            line: quote_line,
            column: None,
            message_zh: format!("第 {quote_line} 行的引号没有闭合"),
            message_en: format!("the quote opened on line {quote_line} is never closed"),
        });
    }
    if !field.is_empty() || !fields.is_empty() {
        finish(&mut fields, &mut field, record_line);
    }
    Ok(records)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Name,
    CreditCode,
    LegalRep,
    Contact,
    Phone,
    Region,
    Industry,
}

fn column_of(header: &str) -> Option<Col> {
    // Spreadsheets often mark required columns with * or （必填）.
    let h: String = header
        .trim()
        .trim_matches(|c| c == '*' || c == '＊')
        .replace("（必填）", "")
        .replace("(必填)", "")
        .trim()
        .to_lowercase();
    Some(match h.as_str() {
        "name" | "企业名称" | "单位名称" | "公司名称" | "名称" => Col::Name,
        "credit_code" | "统一社会信用代码" | "信用代码" | "社会信用代码" => {
            Col::CreditCode
        }
        "legal_rep" | "法定代表人" | "法人代表" | "法人" => Col::LegalRep,
        "contact" | "联系人" => Col::Contact,
        "phone" | "联系电话" | "电话" | "手机" | "手机号" => Col::Phone,
        "region" | "所在地区" | "地区" | "区域" | "所在地" => Col::Region,
        "industry" | "行业" | "所属行业" => Col::Industry,
        _ => return None,
    })
}

/// UTF-8 if it is, else GB18030 (a superset of GBK and GB2312).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (s, _, _) = encoding_rs::GB18030.decode(bytes);
            (s.into_owned(), "GB18030")
        }
    }
}

fn row_error(line: usize, column: Option<&str>, zh: String, en: String) -> CsvRowError {
    CsvRowError {
        line,
        column: column.map(str::to_string),
        message_zh: zh,
        message_en: en,
    }
}

/// A profile field refused by a check the store cannot make itself (the
/// catalogue's region and industry codes): see [`Store::firms_csv_checked`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: ProfileField,
    pub message_zh: String,
    pub message_en: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileField {
    Region,
    Industry,
}

/// Checks one cleaned profile; the problems found, none when it is good.
/// It may also rewrite the profile into its normal form (a region name into its code).
pub type ProfileCheck<'a> = &'a dyn Fn(&mut NewFirm) -> Vec<FieldProblem>;

impl Store {
    /// Imports firm profiles from CSV bytes. Header errors (no name
    /// column, a column twice) fail the whole file; row errors are
    /// reported per line and those rows skipped.
    pub fn import_firms_csv(&mut self, bytes: &[u8]) -> Result<CsvImportReport, StoreError> {
        let r = self.firms_csv(bytes, true);
        self.watch(r)
    }

    /// The same checks as [`Store::import_firms_csv`], writing nothing: for
    /// a preview before the user confirms.
    pub fn check_firms_csv(&mut self, bytes: &[u8]) -> Result<CsvImportReport, StoreError> {
        let r = self.firms_csv(bytes, false);
        self.watch(r)
    }

    /// Checks (and with `write`, imports) firm profiles from CSV, each good
    /// row also passing `check`: a row it refuses is reported with its line
    /// and column and not imported, like any other bad row.
    pub fn firms_csv_checked(
        &mut self,
        bytes: &[u8],
        write: bool,
        check: ProfileCheck<'_>,
    ) -> Result<CsvImportReport, StoreError> {
        let r = self.firms_csv_with(bytes, write, check);
        self.watch(r)
    }

    fn firms_csv(&mut self, bytes: &[u8], write: bool) -> Result<CsvImportReport, StoreError> {
        self.firms_csv_with(bytes, write, &|_| Vec::new())
    }

    fn firms_csv_with(
        &mut self,
        bytes: &[u8],
        write: bool,
        check: ProfileCheck<'_>,
    ) -> Result<CsvImportReport, StoreError> {
        let (text, encoding) = decode(bytes);
        let records = parse_csv(&text).map_err(|e| StoreError::CsvHeader {
            zh: e.message_zh,
            en: e.message_en,
        })?;
        let Some((header, rows)) = records.split_first() else {
            return Err(StoreError::CsvHeader {
                zh: "文件是空的".into(),
                en: "the file is empty".into(),
            });
        };
        let mut cols: Vec<Option<Col>> = Vec::new();
        let mut ignored_columns = Vec::new();
        let mut seen: HashMap<Col, String> = HashMap::new();
        for h in &header.fields {
            let col = column_of(h);
            match col {
                Some(c) => {
                    if let Some(prev) = seen.insert(c, h.clone()) {
                        return Err(StoreError::CsvHeader {
                            zh: format!("列“{h}”与“{prev}”重复"),
                            en: format!("column \"{h}\" repeats \"{prev}\""),
                        });
                    }
                }
                None if !h.trim().is_empty() => ignored_columns.push(h.trim().to_string()),
                None => {}
            }
            cols.push(col);
        }
        if !seen.contains_key(&Col::Name) {
            return Err(StoreError::CsvHeader {
                zh: "缺少“企业名称”（name）列".into(),
                en: "no name (企业名称) column".into(),
            });
        }

        let now = self.now();
        let tx = self.write_tx()?;
        let mut report = CsvImportReport {
            encoding: encoding.into(),
            imported: Vec::new(),
            good_rows: 0,
            errors: Vec::new(),
            ignored_columns,
        };
        let mut codes_in_file: HashMap<String, usize> = HashMap::new();
        for rec in rows {
            let line = rec.line;
            if rec.fields.len() > cols.len()
                && rec.fields[cols.len()..]
                    .iter()
                    .any(|f| !f.trim().is_empty())
            {
                report.errors.push(row_error(
                    line,
                    None,
                    format!("有 {} 个字段，表头只有 {} 列", rec.fields.len(), cols.len()),
                    format!(
                        "{} fields but the header has {} columns",
                        rec.fields.len(),
                        cols.len()
                    ),
                ));
                continue;
            }
            let mut p = NewFirm::default();
            for (i, col) in cols.iter().enumerate() {
                let v = rec.fields.get(i).map(|s| s.trim().to_string());
                let Some(col) = col else { continue };
                let v = v.filter(|s| !s.is_empty());
                match col {
                    Col::Name => p.name = v.unwrap_or_default(),
                    Col::CreditCode => p.credit_code = v,
                    Col::LegalRep => p.legal_rep = v,
                    Col::Contact => p.contact = v,
                    Col::Phone => p.phone = v,
                    Col::Region => p.region = v,
                    Col::Industry => p.industry = v,
                }
            }
            let clean = match clean_profile(&p) {
                Ok(c) => c,
                Err(StoreError::InvalidCreditCode { code, error }) => {
                    report.errors.push(row_error(
                        line,
                        seen.get(&Col::CreditCode).map(String::as_str),
                        format!("统一社会信用代码“{code}”无效：{}", error.zh()),
                        format!("credit code \"{code}\" is invalid: {}", error.en()),
                    ));
                    continue;
                }
                Err(StoreError::InvalidInput { zh, en }) => {
                    report.errors.push(row_error(
                        line,
                        seen.get(&Col::Name).map(String::as_str),
                        zh,
                        en,
                    ));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let mut clean = clean;
            let problems = check(&mut clean);
            if !problems.is_empty() {
                for pr in problems {
                    let col = match pr.field {
                        ProfileField::Region => Col::Region,
                        ProfileField::Industry => Col::Industry,
                    };
                    report.errors.push(row_error(
                        line,
                        seen.get(&col).map(String::as_str),
                        pr.message_zh,
                        pr.message_en,
                    ));
                }
                continue;
            }
            if let Some(code) = &clean.credit_code {
                if let Some(first) = codes_in_file.get(code) {
                    report.errors.push(row_error(
                        line,
                        seen.get(&Col::CreditCode).map(String::as_str),
                        format!("统一社会信用代码与第 {first} 行重复"),
                        format!("same credit code as line {first}"),
                    ));
                    continue;
                }
                let existing: Option<FirmId> =
                    rusqlite::OptionalExtension::optional(tx.query_row(
                        "SELECT id FROM firm WHERE credit_code = ?1 LIMIT 1",
                        [code],
                        |r| r.get(0),
                    ))?;
                if let Some(id) = existing {
                    report.errors.push(row_error(
                        line,
                        seen.get(&Col::CreditCode).map(String::as_str),
                        format!("该企业已存在（编号 {id}），未重复导入"),
                        format!("this firm already exists (id {id}); not imported again"),
                    ));
                    continue;
                }
                codes_in_file.insert(code.clone(), line);
            }
            report.good_rows += 1;
            if write {
                let id = insert_firm(&tx, &clean, &new_uid(), &now, &now)?;
                report.imported.push(CsvImported {
                    line,
                    id,
                    name: clean.name,
                });
            }
        }
        if write {
            tx.commit()?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: &[CsvRecord]) -> Vec<Vec<&str>> {
        r.iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn quotes_commas_crlf_bom() {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",z\r\n\"multi\r\nline\",2,3\r\n";
        let r = parse_csv(text).unwrap();
        assert_eq!(
            fields(&r),
            vec![
                vec!["a", "b", "c"],
                vec!["x, y", "say \"hi\"", "z"],
                vec!["multi\nline", "2", "3"],
            ]
        );
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn blank_lines_skipped_and_lines_counted() {
        let r = parse_csv("h\n\n,,\nx\ny").unwrap();
        assert_eq!(fields(&r), vec![vec!["h"], vec!["x"], vec!["y"]]);
        assert_eq!(r[1].line, 4);
        assert_eq!(r[2].line, 5);
    }

    #[test]
    fn unterminated_quote_names_its_line() {
        let e = parse_csv("a\nb\n\"oops,1\n2\n").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn gbk_bytes_are_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("企业名称\n甲公司\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, "GB18030");
        assert_eq!(text, "企业名称\n甲公司\n");
    }
}
