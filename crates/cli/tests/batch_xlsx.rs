//! `huiqi batch` with spreadsheets: an `.xlsx` firm list gives the same results as the same
//! list as CSV, and the `.xlsx` report (read back with calamine) holds the CSV's rows on its
//! detail sheet and each firm's totals — those of `assess --json` — on its summary sheet.

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value as Json;
use std::path::Path;
use std::process::Command;

fn huiqi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_huiqi"))
}

const HEADER: [&str; 9] = [
    "name",
    "firm.region",
    "firm.is_industrial",
    "firm.revenue_last_year",
    "firm.revenue_prev_year",
    "firm.registered_on",
    "jinan-gyqs-2020.revenue_peak_earlier",
    "firm.green_factory_level",
    "jinan-gyqs-2020.green_factory_recognized_on",
];

/// The firms as text, by the columns of `HEADER` (revenues in 万元, their default unit: the
/// first passes 100亿元 and gets an exact amount). The second is refused (negative revenue).
const FIRMS: [[&str; 9]; 3] = [
    [
        "济南甲公司",
        "370112",
        "是",
        "1050000",
        "950000",
        "2015-03-01",
        "800000",
        "province",
        "2025-12-10",
    ],
    [
        "坏行公司",
        "370112",
        "是",
        "-5",
        "10",
        "2020-01-01",
        "",
        "",
        "",
    ],
    [
        "北京乙公司",
        "110108",
        "否",
        "3000",
        "2000",
        "2019-07-15",
        "",
        "",
        "",
    ],
];

fn write_csv(path: &Path) {
    let mut text = HEADER.join(",") + "\n";
    for (n, firm) in FIRMS.iter().enumerate() {
        if n == 1 {
            text.push('\n'); // a blank line: the rows after it keep their own line numbers
        }
        text += &(firm.join(",") + "\n");
    }
    std::fs::write(path, text).unwrap();
}

/// The same firms as a spreadsheet would hold them: numbers as number cells, dates as date
/// cells, and the same blank row (Excel's row 3).
fn write_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (col, h) in (0u16..).zip(HEADER) {
        sheet.write_string(0, col, h).unwrap();
    }
    // The blank row holds a cell with only a space, as an edited sheet may.
    sheet.write_string(2, 1, " ").unwrap();
    for (n, firm) in FIRMS.iter().enumerate() {
        let row = if n == 0 { 1 } else { n as u32 + 2 };
        for (col, cell) in (0u16..).zip(firm) {
            match col {
                3 | 4 | 6 if !cell.is_empty() => {
                    sheet
                        .write_number(row, col, cell.parse::<f64>().unwrap())
                        .unwrap();
                }
                5 | 8 if !cell.is_empty() => {
                    let d: Vec<u16> = cell.split('-').map(|p| p.parse().unwrap()).collect();
                    let d = ExcelDateTime::from_ymd(d[0], d[1] as u8, d[2] as u8).unwrap();
                    sheet
                        .write_datetime_with_format(row, col, &d, &date)
                        .unwrap();
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(row, col, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn batch(firms: &Path, out: &Path) -> String {
    let o = huiqi()
        .args([
            "batch",
            "--as-of",
            "2026-11-30",
            "--skip-out-of-scope",
            "--firms",
        ])
        .arg(firms)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(3), "one row is refused: {stderr}");
    stderr
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::Float(x) => format!("{x:.2}"),
        other => other.to_string(),
    }
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, n: usize) -> Vec<Vec<String>> {
    let range = book.worksheet_range_at(n).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect()
}

/// `assess --json` for one firm of the list, through a firm file.
fn assess_json(dir: &Path, firm: &[&str; 9]) -> Json {
    let mut toml = format!("name = \"{}\"\n[facts]\n", firm[0]);
    for (h, v) in HEADER.iter().zip(firm).skip(1) {
        if !v.is_empty() {
            toml += &format!("\"{h}\" = \"{v}\"\n");
        }
    }
    let path = dir.join("firm.toml");
    std::fs::write(&path, toml).unwrap();
    let o = huiqi()
        .args(["assess", "--json", "--as-of", "2026-11-30", "--firm"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn xlsx_firm_list_and_report_agree_with_csv_and_assess() {
    let tmp = tempfile::tempdir().unwrap();
    let (csv_in, xlsx_in) = (tmp.path().join("firms.csv"), tmp.path().join("firms.xlsx"));
    write_csv(&csv_in);
    write_xlsx(&xlsx_in);
    let (csv_out, xlsx_out) = (tmp.path().join("out.csv"), tmp.path().join("out.xlsx"));
    let csv_stderr = batch(&csv_in, &csv_out);
    let xlsx_stderr = batch(&xlsx_in, &xlsx_out);
    assert!(csv_stderr.contains("firms.csv:4"), "{csv_stderr}");
    assert!(xlsx_stderr.contains("firms.xlsx:4"), "{xlsx_stderr}");
    assert!(xlsx_stderr.contains("上一年度营业收入"), "{xlsx_stderr}");
    assert!(
        !xlsx_stderr.contains("firms.xlsx:3"),
        "blank row passed over: {xlsx_stderr}"
    );

    // The detail sheet holds the CSV's rows (sources differ only by the file name).
    let mut csv_rows: Vec<Vec<String>> = csv::Reader::from_path(&csv_out)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for r in &mut csv_rows {
        r[1] = r[1].replace("firms.csv", "firms.xlsx");
    }
    let mut book: Xlsx<_> = open_workbook(&xlsx_out).unwrap();
    assert_eq!(book.sheet_names(), ["汇总 summary", "明细 detail"]);
    let detail = sheet(&mut book, 1);
    let detail_rows: Vec<Vec<String>> = detail[1..]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r[1] = r[1].rsplit('/').next().unwrap().to_string();
            r
        })
        .collect();
    let csv_rows: Vec<Vec<String>> = csv_rows
        .into_iter()
        .map(|mut r| {
            r[1] = r[1].rsplit('/').next().unwrap().to_string();
            r
        })
        .collect();
    assert!(!csv_rows.is_empty());
    assert_eq!(detail_rows, csv_rows);
    assert!(csv_rows.iter().all(|r| r[3] != "out_of_scope"));
    assert!(
        csv_rows.iter().any(|r| !r[4].is_empty()),
        "no amount compared"
    );

    // The summary: one row per firm assessed, with the totals of `assess --json`.
    let summary = sheet(&mut book, 0);
    assert_eq!(summary.len(), 1 + 2, "{summary:?}");
    let measures = assess_json(tmp.path(), &FIRMS[0])["measures"]
        .as_array()
        .unwrap()
        .len();
    for (row, firm) in summary[1..].iter().zip([&FIRMS[0], &FIRMS[2]]) {
        let totals = &assess_json(tmp.path(), firm)["totals"];
        assert_eq!(row[0], firm[0]);
        let count = |k: &str| format!("{}.00", totals[k].as_u64().unwrap());
        let yuan = |k: &str| totals[k].as_str().unwrap().to_string();
        assert_eq!(
            row[2..4],
            [yuan("exact"), yuan("upper_bound")],
            "{}",
            firm[0]
        );
        let counts = [
            "eligible",
            "eligible_unquantified",
            "undecided",
            "not_eligible",
            "expired",
            "out_of_scope",
        ];
        assert_eq!(row[4..10], counts.map(count), "{}", firm[0]);
        // Without the rows of other regions' measures, the firm has one row per other measure.
        let rows = detail_rows.iter().filter(|r| r[0] == firm[0]).count();
        assert_eq!(
            rows + totals["out_of_scope"].as_u64().unwrap() as usize,
            measures
        );
    }
}
