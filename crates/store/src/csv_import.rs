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
/// line breaks inside quotes, CRLF or LF, a leading BOM) with the `csv` crate.
/// Blank records are dropped. An unterminated quote is an error naming its line.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRecord>, CsvRowError> {
    // Only LF ends a record: a CR before it is taken off the last field, so that every
    // record's text runs from one reader position to the next.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    loop {
        let start = reader.position().byte() as usize;
        // The text is a &str: the only error the reader could give is invalid UTF-8.
        if !reader.read_record(&mut record).unwrap_or(false) {
            break;
        }
        let raw = text
            .get(start..reader.position().byte() as usize)
            .unwrap_or("");
        // The csv crate passes over blank lines silently: the record starts after them.
        let blank = raw.len() - raw.trim_start_matches(['\r', '\n']).len();
        let record_line = line + raw[..blank].matches('\n').count();
        if ends_in_quotes(&raw[blank..]) {
            return Err(unterminated_quote(record_line));
        }
        line += raw.matches('\n').count();
        let mut fields: Vec<String> = record.iter().map(|f| f.replace("\r\n", "\n")).collect();
        if let Some(last) = fields.last_mut().filter(|f| f.ends_with('\r')) {
            last.pop();
        }
        if fields.iter().any(|f| !f.trim().is_empty()) {
            records.push(CsvRecord {
                line: record_line,
                fields,
            });
        }
    }
    Ok(records)
}

/// Whether a record's text ends inside a quoted field: the csv crate then reads to the end
/// of the text without complaint. A quote opens a field only at its start, as in the reader.
fn ends_in_quotes(raw: &str) -> bool {
    #[derive(PartialEq)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside a quoted field: closing it, or the first of a doubled quote.
        QuoteInQuoted,
    }
    let mut at = At::FieldStart;
    for c in raw.chars() {
        at = match (at, c) {
            (At::Quoted, '"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::QuoteInQuoted | At::FieldStart, '"') => At::Quoted,
            (_, ',' | '\n') => At::FieldStart,
            _ => At::Unquoted,
        };
    }
    at == At::Quoted
}

fn unterminated_quote(line: usize) -> CsvRowError {
    CsvRowError {
        line,
        column: None,
        message_zh: format!("第 {line} 行的引号没有闭合"),
        message_en: format!("the quote opened on line {line} is never closed"),
    }
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

/// Why a row is not imported: its problems, or a failure of the store itself (which ends the
/// import).
enum RowRefused {
    Errors(Vec<CsvRowError>),
    Store(StoreError),
}

impl From<StoreError> for RowRefused {
    fn from(e: StoreError) -> Self {
        RowRefused::Store(e)
    }
}

impl From<rusqlite::Error> for RowRefused {
    fn from(e: rusqlite::Error) -> Self {
        RowRefused::Store(e.into())
    }
}

fn refused(e: CsvRowError) -> RowRefused {
    RowRefused::Errors(vec![e])
}

/// The columns of an import file, from its header row.
struct Header {
    cols: Vec<Option<Col>>,
    /// Each known column and its header cell as written (for messages).
    seen: HashMap<Col, String>,
    /// Header cells that name no known column.
    ignored: Vec<String>,
}

impl Header {
    /// Refuses a repeated column or a missing name column.
    fn read(header: &CsvRecord) -> Result<Header, StoreError> {
        let mut h = Header {
            cols: Vec::new(),
            seen: HashMap::new(),
            ignored: Vec::new(),
        };
        for cell in &header.fields {
            let col = column_of(cell);
            match col {
                Some(c) => {
                    if let Some(prev) = h.seen.insert(c, cell.clone()) {
                        return Err(StoreError::CsvHeader {
                            zh: format!("列“{cell}”与“{prev}”重复"),
                            en: format!("column \"{cell}\" repeats \"{prev}\""),
                        });
                    }
                }
                None if !cell.trim().is_empty() => h.ignored.push(cell.trim().to_string()),
                None => {}
            }
            h.cols.push(col);
        }
        if !h.seen.contains_key(&Col::Name) {
            return Err(StoreError::CsvHeader {
                zh: "缺少“企业名称”（name）列".into(),
                en: "no name (企业名称) column".into(),
            });
        }
        Ok(h)
    }

    /// The header cell of `col`, as messages name the column.
    fn name_of(&self, col: Col) -> Option<&str> {
        self.seen.get(&col).map(String::as_str)
    }

    /// The profile a row gives, as written (trimmed); a row with more fields than columns
    /// is refused.
    fn profile(&self, rec: &CsvRecord) -> Result<NewFirm, RowRefused> {
        let (fields, cols) = (rec.fields.len(), self.cols.len());
        if fields > cols && rec.fields[cols..].iter().any(|f| !f.trim().is_empty()) {
            return Err(refused(row_error(
                rec.line,
                None,
                format!("有 {fields} 个字段，表头只有 {cols} 列"),
                format!("{fields} fields but the header has {cols} columns"),
            )));
        }
        let mut p = NewFirm::default();
        for (col, v) in self.cols.iter().zip(&rec.fields) {
            let Some(col) = col else { continue };
            let v = Some(v.trim().to_string()).filter(|s| !s.is_empty());
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
        Ok(p)
    }

    /// The profile cleaned as the profile form cleans it, and checked (and normalised) by
    /// `check` (region and industry codes).
    fn cleaned(
        &self,
        line: usize,
        p: &NewFirm,
        check: ProfileCheck<'_>,
    ) -> Result<NewFirm, RowRefused> {
        let mut clean = match clean_profile(p) {
            Ok(c) => c,
            Err(StoreError::InvalidCreditCode { code, error }) => {
                return Err(refused(row_error(
                    line,
                    self.name_of(Col::CreditCode),
                    format!("统一社会信用代码“{code}”无效：{}", error.zh()),
                    format!("credit code \"{code}\" is invalid: {}", error.en()),
                )));
            }
            Err(StoreError::InvalidInput { zh, en }) => {
                return Err(refused(row_error(line, self.name_of(Col::Name), zh, en)));
            }
            Err(e) => return Err(e.into()),
        };
        // The check may write the profile in its normal form (a region name as its code).
        let problems: Vec<CsvRowError> = check(&mut clean)
            .into_iter()
            .map(|pr| {
                let col = match pr.field {
                    ProfileField::Region => Col::Region,
                    ProfileField::Industry => Col::Industry,
                };
                row_error(line, self.name_of(col), pr.message_zh, pr.message_en)
            })
            .collect();
        if problems.is_empty() {
            Ok(clean)
        } else {
            Err(RowRefused::Errors(problems))
        }
    }

    /// Refuses a credit code seen on an earlier line or already in the store.
    fn not_yet_known(
        &self,
        tx: &rusqlite::Transaction<'_>,
        line: usize,
        clean: NewFirm,
        codes_in_file: &mut HashMap<String, usize>,
    ) -> Result<NewFirm, RowRefused> {
        let Some(code) = &clean.credit_code else {
            return Ok(clean);
        };
        let column = self.name_of(Col::CreditCode);
        if let Some(first) = codes_in_file.get(code) {
            return Err(refused(row_error(
                line,
                column,
                format!("统一社会信用代码与第 {first} 行重复"),
                format!("same credit code as line {first}"),
            )));
        }
        let existing: Option<FirmId> = rusqlite::OptionalExtension::optional(tx.query_row(
            "SELECT id FROM firm WHERE credit_code = ?1 LIMIT 1",
            [code],
            |r| r.get(0),
        ))?;
        if let Some(id) = existing {
            return Err(refused(row_error(
                line,
                column,
                format!("该企业已存在（编号 {id}），未重复导入"),
                format!("this firm already exists (id {id}); not imported again"),
            )));
        }
        codes_in_file.insert(code.clone(), line);
        Ok(clean)
    }
}

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
        self.firms_records_with(&records, encoding, write, check)
    }

    /// The same import from rows already read out of a file (a spreadsheet's first sheet):
    /// `records[0]` is the header, each record keeps the line (row number) it came from, and
    /// `source` is what the report names as the file's encoding (e.g. "Excel").
    pub fn firms_records_checked(
        &mut self,
        records: &[CsvRecord],
        source: &str,
        write: bool,
        check: ProfileCheck<'_>,
    ) -> Result<CsvImportReport, StoreError> {
        let r = self.firms_records_with(records, source, write, check);
        self.watch(r)
    }

    fn firms_records_with(
        &mut self,
        records: &[CsvRecord],
        encoding: &str,
        write: bool,
        check: ProfileCheck<'_>,
    ) -> Result<CsvImportReport, StoreError> {
        let Some((header, rows)) = records.split_first() else {
            return Err(StoreError::CsvHeader {
                zh: "文件是空的".into(),
                en: "the file is empty".into(),
            });
        };
        let header = Header::read(header)?;
        let now = self.now();
        let tx = self.write_tx()?;
        let mut report = CsvImportReport {
            encoding: encoding.into(),
            imported: Vec::new(),
            good_rows: 0,
            errors: Vec::new(),
            ignored_columns: header.ignored.clone(),
        };
        let mut codes_in_file: HashMap<String, usize> = HashMap::new();
        for rec in rows {
            let firm = header
                .profile(rec)
                .and_then(|p| header.cleaned(rec.line, &p, check))
                .and_then(|clean| header.not_yet_known(&tx, rec.line, clean, &mut codes_in_file));
            match firm {
                Err(RowRefused::Errors(errors)) => report.errors.extend(errors),
                Err(RowRefused::Store(e)) => return Err(e),
                Ok(clean) => {
                    report.good_rows += 1;
                    if write {
                        let id = insert_firm(&tx, &clean, &new_uid(), &now, &now)?;
                        let (line, name) = (rec.line, clean.name);
                        report.imported.push(CsvImported { line, id, name });
                    }
                }
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
        let e = parse_csv("a\r\n\r\n\r\nx,\"\"\"oops\"\"\r\n").unwrap_err();
        assert_eq!(e.line, 4);
    }

    #[test]
    fn quotes_inside_unquoted_fields_and_blank_crlf_lines() {
        let r = parse_csv("a\r\n\r\nb\"c,\"d\"\"\"\r\n").unwrap();
        assert_eq!(fields(&r), vec![vec!["a"], vec!["b\"c", "d\""]]);
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3]);
    }

    #[test]
    fn gbk_bytes_are_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("企业名称\n甲公司\n");
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, "GB18030");
        assert_eq!(text, "企业名称\n甲公司\n");
    }
}
