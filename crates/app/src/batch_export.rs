//! Batch results leave the app: an Excel workbook with a summary sheet (one row per firm,
//! as the 批量评估 table shows it), a detail sheet (one row per firm and measure that pays
//! or could pay) and a calendar sheet (the firms' dates to act on, earliest first, as the 日程
//! screen lists them), or the summary alone as CSV. Amounts are 元 with two decimals, written as
//! numbers in Excel (so they sum) and as the same decimal strings in CSV.

use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::calendar::CalendarEntryDto;
use crate::dto::BatchRowDto;

/// One measure of one firm in the detail sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailRow {
    pub firm: String,
    pub document: String,
    pub clause: String,
    pub measure: String,
    /// e.g. 可申请, 累计中.
    pub status: String,
    /// 元; `None` when the measure states no amount.
    pub amount: Option<Decimal>,
    /// e.g. 确定金额, 最高金额.
    pub amount_class: String,
}

pub const SUMMARY_HEADERS: [&str; 8] = [
    "企业名称",
    "可申请措施数",
    "待补充信息措施数",
    "确定金额（元）",
    "最高可达（元）",
    "累计中（元）",
    "如未过期可获（元）",
    "无法评估的原因",
];

const DETAIL_HEADERS: [&str; 7] = [
    "企业名称",
    "政策文件",
    "条款",
    "措施",
    "结论",
    "金额（元）",
    "金额类型",
];

const CALENDAR_HEADERS: [&str; 6] = [
    "日期",
    "企业名称",
    "事项",
    "政策文件",
    "措施",
    "涉及金额（元）",
];

/// The amount class as the results screen words it.
pub fn class_zh(c: huiqi_catalog::AmountClass) -> &'static str {
    use huiqi_catalog::AmountClass as C;
    match c {
        C::Exact => "确定金额",
        C::Maximum => "最高金额",
        C::CapOnly => "原文仅规定上限",
        C::Unquantified => "原文未规定金额",
        C::NonMonetary => "非资金支持",
    }
}

fn money(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

fn header(ws: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *t, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook as bytes: sheets 汇总 (summary), 明细 (detail) and 日程 (calendar).
pub fn xlsx(
    summary: &[BatchRowDto],
    detail: &[DetailRow],
    calendar: &[CalendarEntryDto],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    summary_sheet(wb.add_worksheet(), summary)?;
    detail_sheet(wb.add_worksheet(), detail)?;
    calendar_sheet(wb.add_worksheet(), calendar)?;
    wb.save_to_buffer()
}

fn yuan_format() -> Format {
    Format::new().set_num_format("#,##0.00")
}

fn summary_sheet(ws: &mut Worksheet, summary: &[BatchRowDto]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let yuan = yuan_format();
    ws.set_name("汇总")?;
    header(ws, &SUMMARY_HEADERS, &bold)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(7, 40)?;
    for (i, r) in summary.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.name)?;
        ws.write_number(row, 1, r.eligible)?;
        ws.write_number(row, 2, r.undecided)?;
        for (col, v) in [
            (3, &r.exact),
            (4, &r.upper_bound),
            (5, &r.accruing),
            (6, &r.would_have_paid),
        ] {
            ws.write_with_format(row, col, money(v), &yuan)?;
            ws.set_column_width(col, 16)?;
        }
        if let Some(e) = &r.error {
            ws.write_string(row, 7, e)?;
        }
    }
    Ok(())
}

fn detail_sheet(ws: &mut Worksheet, detail: &[DetailRow]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let yuan = yuan_format();
    ws.set_name("明细")?;
    header(ws, &DETAIL_HEADERS, &bold)?;
    for (col, width) in [(0, 30), (1, 30), (3, 40), (5, 16)] {
        ws.set_column_width(col, width)?;
    }
    for (i, d) in detail.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &d.firm)?;
        ws.write_string(row, 1, &d.document)?;
        ws.write_string(row, 2, &d.clause)?;
        ws.write_string(row, 3, &d.measure)?;
        ws.write_string(row, 4, &d.status)?;
        if let Some(a) = d.amount {
            ws.write_with_format(row, 5, a, &yuan)?;
        }
        ws.write_string(row, 6, &d.amount_class)?;
    }
    Ok(())
}

/// Dates are date cells (so the sheet sorts and filters by date); a draft whose document
/// states no last day has an empty date and comes last, as on the 日程 screen.
fn calendar_sheet(ws: &mut Worksheet, entries: &[CalendarEntryDto]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let yuan = yuan_format();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    ws.set_name("日程")?;
    header(ws, &CALENDAR_HEADERS, &bold)?;
    for (col, width) in [(0, 12), (1, 30), (2, 12), (3, 30), (4, 40), (5, 16)] {
        ws.set_column_width(col, width)?;
    }
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        if let Some(d) = &e.date {
            ws.write_datetime_with_format(row, 0, ExcelDateTime::parse_from_str(d)?, &day)?;
        }
        ws.write_string(row, 1, &e.firm_name)?;
        ws.write_string(row, 2, &e.kind_zh)?;
        ws.write_string(row, 3, &e.document_title)?;
        ws.write_string(row, 4, &e.title)?;
        if let Some(a) = &e.amount {
            ws.write_with_format(row, 5, money(a), &yuan)?;
        }
    }
    Ok(())
}

/// The summary as CSV (UTF-8 with a byte-order mark, so Excel opens the Chinese correctly).
pub fn csv(summary: &[BatchRowDto]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&SUMMARY_HEADERS.join(","));
    out.push_str("\r\n");
    for r in summary {
        let fields = [
            r.name.clone(),
            r.eligible.to_string(),
            r.undecided.to_string(),
            r.exact.clone(),
            r.upper_bound.clone(),
            r.accruing.clone(),
            r.would_have_paid.clone(),
            r.error.clone().unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a
/// firm's name as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<Decimal>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("甲,乙"), "\"甲,乙\"");
        assert_eq!(csv_field("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-12.50"), "-12.50");
    }
}
