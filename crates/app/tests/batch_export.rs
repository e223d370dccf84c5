//! Batch results leave the app: an Excel workbook (汇总 + 明细) and a CSV, read back here.
//! The amount is clause 7 of 《济南市…工业强市…》: 10% × 1,200万元 = 120万元.

use std::io::Read;

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, NewFirmDto};

const PROJECT: &str = "jinan-gyqs-2020.project";
const AS_OF: &str = "2026-11-30";

fn firms(app: &mut App) -> (i64, i64) {
    let maker = app
        .create_firm(NewFirmDto {
            name: "济南示例机械有限公司".into(),
            region: Some("370102".into()),
            industry: Some("C34".into()),
            ..NewFirmDto::default()
        })
        .unwrap()
        .id;
    let p = app
        .add_item(maker, PROJECT, Some("数控车间改造".into()))
        .unwrap();
    for (fact, text) in [
        ("track", "ordinary"),
        ("equipment_investment", "1,200万"),
        ("completed_on", "2026-06-30"),
    ] {
        let key = AnswerKeyDto {
            fact: format!("{PROJECT}.{fact}"),
            item_kind: Some(PROJECT.into()),
            item_id: Some(p.clone()),
        };
        app.save_answer(maker, &key, text, AS_OF).unwrap();
    }
    let empty = app
        .create_firm(NewFirmDto {
            name: "=青岛乙公司".into(),
            ..NewFirmDto::default()
        })
        .unwrap()
        .id;
    (maker, empty)
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn excel_has_a_summary_and_a_detail_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open_in_memory().unwrap();
    let (maker, empty) = firms(&mut app);
    let path = dir.path().join("批量评估.xlsx");
    let saved = app
        .export_batch(&[maker, empty], (AS_OF, None), &path, "xlsx")
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(saved.bytes as usize, bytes.len());

    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"汇总\"") && workbook.contains("name=\"明细\""));
    let strings = part(&bytes, "xl/sharedStrings.xml");
    for s in [
        "济南示例机械有限公司",
        "=青岛乙公司",
        "普通技术改造项目设备投资奖补",
        "确定金额",
    ] {
        assert!(strings.contains(s), "{s} in the workbook");
    }
    // The amount is a number cell (it sums in Excel), on both sheets.
    assert!(part(&bytes, "xl/worksheets/sheet1.xml").contains("<v>1200000</v>"));
    assert!(part(&bytes, "xl/worksheets/sheet2.xml").contains("<v>1200000</v>"));
}

#[test]
fn csv_is_the_summary_and_names_cannot_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open_in_memory().unwrap();
    let (maker, empty) = firms(&mut app);
    let path = dir.path().join("批量评估.csv");
    app.export_batch(&[maker, empty], (AS_OF, None), &path, "csv")
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("企业名称,可申请措施数"));
    assert!(
        lines[1].starts_with("济南示例机械有限公司,") && lines[1].contains(",1200000.00,"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("'=青岛乙公司,"), "{}", lines[2]);

    let bad = app.export_batch(&[maker], (AS_OF, None), &path, "pdf");
    assert!(bad.unwrap_err().message_zh().contains("未知格式"));
}

/// The 日程 sheet is the firms' calendar with real date cells. Expected from the text of
/// 《沧州市推动低空经济高质量发展若干措施》: 有效期至2026年12月31日, so a Cangzhou firm still
/// answering its questions sees the document expire on that day.
#[test]
fn excel_has_the_calendar_with_date_cells() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open_in_memory().unwrap();
    let (maker, _) = firms(&mut app);
    let cangzhou = app
        .create_firm(NewFirmDto {
            name: "沧州某通用航空有限公司".into(),
            region: Some("130903".into()),
            ..NewFirmDto::default()
        })
        .unwrap()
        .id;
    let path = dir.path().join("批量评估.xlsx");
    app.export_batch(&[maker, cangzhou], (AS_OF, None), &path, "xlsx")
        .unwrap();

    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("日程").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("日期".into()));
    let dated: Vec<(chrono::NaiveDate, String, String, String)> = rows[1..]
        .iter()
        .map(|r| {
            let day = r[0]
                .as_date()
                .unwrap_or_else(|| panic!("a date cell: {r:?}"));
            (day, r[1].to_string(), r[2].to_string(), r[3].to_string())
        })
        .collect();
    let expires = (
        chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        "沧州某通用航空有限公司".to_string(),
        "政策到期".to_string(),
        "沧州 低空经济若干措施".to_string(),
    );
    assert!(dated.contains(&expires), "{dated:#?}");
    assert!(dated.windows(2).all(|w| w[0].0 <= w[1].0), "earliest first");
    assert!(
        dated
            .iter()
            .all(|d| d.0 >= chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
    );
}
