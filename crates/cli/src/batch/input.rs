//! Where `huiqi batch` reads firms from: a folder of firm files, a CSV, or the first sheet of
//! an `.xlsx` workbook (one firm per row: `name` and firm-level fact ids as headers). Each is
//! read one firm at a time, so memory does not grow with the number of firms.

use calamine::{DataRef, DataType, Reader, Xlsx, open_workbook};
use huiqi_engine::FirmFile;
use huiqi_engine::firm_file::AnswerText;
use std::path::{Path, PathBuf};

/// A firm to assess, or why its file or row was rejected, labelled with where it came from
/// (a file name, or `path:line`).
pub type LoadedFirm = (String, Result<FirmFile, String>);

/// Calls `run` with the firms at `path`, read lazily in input order.
pub fn with_firms<T>(
    path: &Path,
    run: impl FnOnce(&mut dyn Iterator<Item = LoadedFirm>) -> Result<T, String>,
) -> Result<T, String> {
    if path.is_dir() {
        return run(&mut firm_files(path)?);
    }
    if has_extension(path, "xlsx") {
        let mut book: Xlsx<_> = open_workbook(path)
            .map_err(|e| format!("无法读取 {} / cannot read it: {e}", path.display()))?;
        return run(&mut xlsx_rows(&mut book, path)?);
    }
    run(&mut csv_rows(path)?)
}

pub fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The firm files (`.toml`, `.json`) of a folder in name order; each is read when its turn comes.
fn firm_files(dir: &Path) -> Result<impl Iterator<Item = LoadedFirm>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "无法读取目录 / cannot read the folder {}: {e}",
                dir.display()
            )
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| has_extension(p, "toml") || has_extension(p, "json"))
        .collect();
    paths.sort();
    Ok(paths.into_iter().map(|p| {
        let label = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let firm = std::fs::read_to_string(&p)
            .map_err(|e| e.to_string())
            .and_then(|t| FirmFile::parse(&t).map_err(|e| e.to_string()));
        (label, firm)
    }))
}

/// The columns of a firm table, from its header row.
struct Columns {
    source: String,
    header: Vec<String>,
}

impl Columns {
    fn new(source: &Path, header: Vec<String>) -> Result<Columns, String> {
        if !header.iter().any(|h| is_name(h)) {
            return Err(format!(
                "{}: 缺少 name（企业名称）列 / no name column",
                source.display()
            ));
        }
        Ok(Columns {
            source: source.display().to_string(),
            header,
        })
    }

    /// The firm of one row; `line` is the row's line (CSV) or row number (sheet).
    fn firm(&self, line: u64, cells: &[String]) -> LoadedFirm {
        let label = format!("{}:{line}", self.source);
        if cells.len() != self.header.len() {
            let e = format!(
                "列数 {} 与表头 {} 不符 / wrong number of columns",
                cells.len(),
                self.header.len()
            );
            return (label, Err(e));
        }
        let mut firm = FirmFile::default();
        for (h, v) in self.header.iter().zip(cells) {
            match h.as_str() {
                _ if is_name(h) => firm.name = v.clone(),
                "credit_code" | "统一社会信用代码" => {
                    firm.credit_code = Some(v.clone()).filter(|s| !s.is_empty())
                }
                _ if v.trim().is_empty() => {}
                fact => {
                    firm.facts
                        .insert(fact.to_string(), AnswerText::Text(v.clone()));
                }
            }
        }
        if firm.name.trim().is_empty() {
            return (label, Err("企业名称为空 / empty name".into()));
        }
        (label, Ok(firm))
    }
}

fn is_name(header: &str) -> bool {
    header == "name" || header == "企业名称"
}

/// The rows of a CSV file (UTF-8, with or without BOM, LF or CRLF), labelled with the line
/// they start on.
fn csv_rows(path: &Path) -> Result<impl Iterator<Item = LoadedFirm>, String> {
    let cannot_read =
        |e: &dyn std::fmt::Display| format!("无法读取 / cannot read {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(|e| cannot_read(&e))?;
    let unterminated_end = unterminated_end(&file).map_err(|e| cannot_read(&e))?;
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        // Only LF ends a record: a CR before it stays in the last field and is taken off
        // there, so that every record ends by consuming its line break (see `next_row`).
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(std::io::BufReader::new(file));
    let mut rows = CsvRows {
        reader,
        record: csv::StringRecord::new(),
        unterminated_end,
    };
    let header = match rows.next_row() {
        None => return Err(format!("{}: CSV 为空 / empty CSV", path.display())),
        Some(Err(e)) => return Err(cannot_read(&e)),
        Some(Ok((_, header))) => header,
    };
    let columns = Columns::new(path, header)?;
    Ok(
        std::iter::from_fn(move || rows.next_row()).map(move |row| match row {
            Ok((line, cells)) => columns.firm(line, &cells),
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                (format!("{}:{line}", columns.source), Err(e.to_string()))
            }
        }),
    )
}

/// The file's length when its last line has no line break.
fn unterminated_end(mut file: &std::fs::File) -> std::io::Result<Option<u64>> {
    use std::io::{Read, Seek, SeekFrom};
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut byte = [0];
    file.read_exact(&mut byte)?;
    file.seek(SeekFrom::Start(0))?;
    Ok((byte[0] != b'\n').then_some(len))
}

struct CsvRows {
    reader: csv::Reader<std::io::BufReader<std::fs::File>>,
    record: csv::StringRecord,
    /// The file's length when its last record has no line break after it.
    unterminated_end: Option<u64>,
}

impl CsvRows {
    /// The next record and the line it starts on. The csv crate dates a record from the blank
    /// lines before it, so the line is counted back from where the record ends instead.
    /// Rows with no text at all (blank lines, a spreadsheet's empty rows) are passed over.
    fn next_row(&mut self) -> Option<Result<(u64, Vec<String>), csv::Error>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Err(e) => return Some(Err(e)),
                Ok(false) => return None,
                Ok(true) if self.record.iter().all(|c| c.trim().is_empty()) => {}
                Ok(true) => break,
            }
        }
        let after = self.reader.position();
        let at_end = self.unterminated_end == Some(after.byte());
        let mut cells: Vec<String> = self.record.iter().map(str::to_string).collect();
        if let Some(last) = cells.last_mut().filter(|c| c.ends_with('\r')) {
            last.pop();
        }
        let breaks_inside: usize = cells.iter().map(|c| c.matches('\n').count()).sum();
        let end_line = if at_end {
            after.line()
        } else {
            after.line() - 1
        };
        Some(Ok((end_line - breaks_inside as u64, cells)))
    }
}

/// The rows of the first sheet of a workbook, labelled with their row number. Cells are
/// streamed from the sheet's XML rather than loaded as one range.
fn xlsx_rows<'a>(
    book: &'a mut Xlsx<std::io::BufReader<std::fs::File>>,
    path: &Path,
) -> Result<impl Iterator<Item = LoadedFirm> + 'a, String> {
    let cannot_read =
        |e: calamine::XlsxError| format!("无法读取 / cannot read {}: {e}", path.display());
    let first = book.sheet_names().into_iter().next();
    let first = first.ok_or_else(|| format!("{}: 工作簿没有工作表 / no sheet", path.display()))?;
    let mut rows = SheetRows {
        cells: book.worksheet_cells_reader(&first).map_err(cannot_read)?,
        next: None,
        done: false,
    };
    let header = match rows.next() {
        None => return Err(format!("{}: 工作表为空 / empty sheet", path.display())),
        Some(header) => header.map_err(cannot_read)?.1,
    };
    let width = header.len();
    let columns = Columns::new(path, header)?;
    // A row of empty (perhaps formatted) cells is passed over, as a blank CSV line is.
    let blank = |row: &Result<(u64, Vec<String>), _>| matches!(row, Ok((_, cells)) if cells.iter().all(|c| c.trim().is_empty()));
    Ok(rows
        .filter(move |row| !blank(row))
        .map(move |row| match row {
            Ok((line, mut cells)) => {
                // Empty cells at the end of a row are not stored in the sheet.
                if cells.len() < width {
                    cells.resize(width, String::new());
                }
                columns.firm(line, &cells)
            }
            Err(e) => (columns.source.clone(), Err(e.to_string())),
        }))
}

/// Groups a sheet's cells (streamed in row order) into rows of text.
struct SheetRows<'a> {
    cells: calamine::XlsxCellReader<'a, std::io::BufReader<std::fs::File>>,
    /// The first cell of the next row, read while looking for the end of this one.
    next: Option<calamine::Cell<DataRef<'a>>>,
    /// A read failed: the rest of the sheet cannot be trusted.
    done: bool,
}

impl Iterator for SheetRows<'_> {
    /// The row number (1-based, as Excel shows it) and its cells.
    type Item = Result<(u64, Vec<String>), calamine::XlsxError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut cells = Vec::new();
        let mut row = None;
        loop {
            let cell = match self.next.take().map(Ok).or_else(|| self.read()) {
                None => break,
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Some(Ok(cell)) => cell,
            };
            let (r, c) = cell.get_position();
            if row.is_some_and(|row| row != r) {
                self.next = Some(cell);
                break;
            }
            row = Some(r);
            let text = cell_text(cell.get_value());
            if !text.is_empty() {
                let c = c as usize;
                if cells.len() <= c {
                    cells.resize(c + 1, String::new());
                }
                cells[c] = text;
            }
        }
        row.map(|r| Ok((u64::from(r) + 1, cells)))
    }
}

impl<'a> SheetRows<'a> {
    fn read(&mut self) -> Option<Result<calamine::Cell<DataRef<'a>>, calamine::XlsxError>> {
        if self.done {
            return None;
        }
        self.cells.next_cell().transpose()
    }
}

/// A cell as the text a firm file would hold: numbers as written (`5000`, not `5000.0`),
/// booleans as 是/否, dates as `YYYY-MM-DD`.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => x.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => value
            .as_date()
            .map_or_else(|| d.to_string(), |d| d.format("%Y-%m-%d").to_string()),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let rows: Vec<_> = csv_rows(&path).unwrap().collect();
        rows.into_iter()
            .map(|(label, firm)| {
                let line = label.rsplit(':').next().unwrap().to_string();
                match firm {
                    Ok(f) => format!("{line} {}", f.name),
                    Err(_) => format!("{line} error"),
                }
            })
            .collect()
    }

    #[test]
    fn csv_rows_are_labelled_with_the_line_they_start_on() {
        let text = "\u{feff}name,x\n\"A, \"\"B\"\"\",1\n\n\nC,2\n\"D\nE\",3\nF\n";
        assert_eq!(labels(text), ["2 A, \"B\"", "5 C", "6 D\nE", "8 error"]);
        assert_eq!(
            labels(&text.replace('\n', "\r\n")),
            ["2 A, \"B\"", "5 C", "6 D\r\nE", "8 error"]
        );
        assert_eq!(labels("name\nA\n\nB"), ["2 A", "4 B"]);
        assert_eq!(labels("name,x\nA,1\n,\n,,\nB,2"), ["2 A", "5 B"]);
    }
}
