//! Imports go through the questionnaire's own validation; errors cross IPC with stable codes
//! and languages that stay apart whatever the user typed.

use std::sync::atomic::AtomicBool;

use huiqi_app::dto::{AnswerKeyDto, ImportModeDto, NewFirmDto};
use huiqi_app::{App, AppError};
use huiqi_store::{AnswerKey, AnswerSource, NewFirm, Store};

/// An export file whose history holds one good answer, an amount typed as `abc`, and an
/// answer to a question the catalogue does not have; its region code is unknown too.
fn export_with_bad_answers(dir: &std::path::Path) -> std::path::PathBuf {
    let mut s = Store::open_in_memory().unwrap();
    let firm = s
        .create_firm(&NewFirm {
            name: "导入测试企业".into(),
            region: Some("999999".into()),
            ..NewFirm::default()
        })
        .unwrap();
    for (fact, value) in [
        ("firm.is_industrial", "是"),
        ("firm.revenue_last_year", "abc"),
        ("no.such.fact", "1"),
    ] {
        s.set_answer(
            firm,
            &AnswerKey::firm(fact),
            Some(value),
            AnswerSource::Typed,
        )
        .unwrap();
    }
    let file = dir.join("firm.json");
    std::fs::write(&file, s.export_firm(firm).unwrap()).unwrap();
    file
}

#[test]
fn an_import_with_refused_answers_is_refused_whole_unless_they_are_left_unset() {
    let dir = tempfile::tempdir().unwrap();
    let file = export_with_bad_answers(dir.path());
    let mut app = App::open_in_memory().unwrap();

    let preview = app.inspect_import(&file).unwrap();
    let fields: Vec<&str> = preview
        .bad_answers
        .iter()
        .map(|b| b.field.as_str())
        .collect();
    assert_eq!(
        fields,
        ["history[1]", "history[2]", "firm.profile.region"],
        "{:?}",
        preview.bad_answers
    );
    assert!(
        preview.bad_answers[0]
            .message_zh
            .contains("上一年度营业收入")
    );

    let err = app.import_firm(&file, None, false).unwrap_err();
    assert_eq!(err.code(), "import_invalid");
    assert!(
        err.message_en().contains("history[1]"),
        "{}",
        err.message_en()
    );
    assert!(app.list_firms().unwrap().is_empty(), "nothing half-written");

    let firm = app.import_firm(&file, None, true).unwrap();
    let answers = app.store().current_answers(firm.id).unwrap();
    let facts: Vec<&str> = answers.iter().map(|a| a.key.fact.as_str()).collect();
    assert_eq!(facts, ["firm.is_industrial"]);
    assert_eq!(firm.profile.region, None);
    // The imported firm can be assessed: nothing left that its questions refuse.
    app.assess(firm.id, "2026-11-30", None).unwrap();
    // The history keeps its shape: the refused entries are there, unset.
    assert_eq!(app.store().answer_history(firm.id).unwrap().len(), 3);
    let again = app.import_firm(&file, Some(ImportModeDto::KeepBoth), true);
    assert!(again.is_ok());
}

#[test]
fn csv_import_checks_region_and_industry_codes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("firms.csv");
    std::fs::write(
        &csv,
        "企业名称,所在地区,所属行业\n甲公司,370102,C34\n乙公司,999999,\n丙公司,,不是行业\n",
    )
    .unwrap();
    let mut app = App::open_in_memory().unwrap();
    let report = app.import_firms_csv(&csv, true).unwrap();
    assert_eq!(report.imported_names, ["甲公司"]);
    let lines: Vec<(u32, Option<&str>)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_deref()))
        .collect();
    assert_eq!(lines, [(3, Some("所在地区")), (4, Some("所属行业"))]);
}

#[test]
fn csv_import_resolves_region_and_industry_text_to_codes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("firms.csv");
    std::fs::write(
        &csv,
        "企业名称,所在地区,所属行业\n\
         甲公司,长清区,C14 食品制造业\n\
         乙公司,济南市长清区,食品制造业\n\
         丙公司,山东省济南市长清区,C34\n\
         丁公司,370113,C14 通用设备制造业\n",
    )
    .unwrap();
    let mut app = App::open_in_memory().unwrap();
    // The dry run already flags the row whose code and name disagree (C14 is 食品制造业).
    let dry = app.import_firms_csv(&csv, false).unwrap();
    assert_eq!(dry.good_rows, 3);
    assert_eq!(dry.errors.len(), 1);
    assert_eq!(dry.errors[0].line, 5);
    assert_eq!(dry.errors[0].column.as_deref(), Some("所属行业"));
    assert!(
        dry.errors[0].message_zh.contains("食品制造业"),
        "{:?}",
        dry.errors[0]
    );

    let report = app.import_firms_csv(&csv, true).unwrap();
    assert_eq!(report.imported_names, ["甲公司", "乙公司", "丙公司"]);
    let mut firms: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for f in app.list_firms().unwrap() {
        let p = app.get_firm(f.id).unwrap().profile;
        firms.push((p.name, p.region, p.industry));
    }
    firms.sort();
    // 长清区 is 370113 (GB/T 2260); every spelling is stored as the codes.
    let code = |s: &str| Some(s.to_string());
    assert_eq!(
        firms,
        [
            ("丙公司".into(), code("370113"), code("C34")),
            ("乙公司".into(), code("370113"), code("C14")),
            ("甲公司".into(), code("370113"), code("C14")),
        ]
    );
}

/// The same firm list kept as an Excel workbook: the first sheet is read, rows are numbered
/// as in Excel, a phone typed as a number keeps its digits, and a credit code typed as a
/// number (Excel keeps 15 digits of 18) is refused at its cell rather than imported wrong.
#[test]
fn excel_import_reads_the_first_sheet_like_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("客户名单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("客户").unwrap();
    for (col, h) in [
        "企业名称",
        "统一社会信用代码",
        "所在地区",
        "所属行业",
        "联系电话",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "甲公司").unwrap();
    ws.write_string(1, 2, "长清区").unwrap();
    ws.write_string(1, 3, "C14 食品制造业").unwrap();
    ws.write_number(1, 4, 13_800_138_000.0).unwrap();
    ws.write_string(2, 0, "乙公司").unwrap();
    ws.write_number(2, 1, 913_701_001_234_567_890.0).unwrap();
    ws.write_string(3, 0, "丙公司").unwrap();
    ws.write_string(3, 3, "C14 通用设备制造业").unwrap();
    book.save(&path).unwrap();

    let mut app = App::open_in_memory().unwrap();
    let dry = app.import_firms_csv(&path, false).unwrap();
    assert_eq!(
        (dry.encoding.as_str(), dry.sheet.as_deref()),
        ("Excel", Some("客户"))
    );
    assert_eq!(dry.good_rows, 1);
    let at: Vec<(u32, Option<&str>)> = dry
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_deref()))
        .collect();
    assert_eq!(
        at,
        [(3, Some("B3")), (4, Some("所属行业"))],
        "{:?}",
        dry.errors
    );
    assert!(
        dry.errors[0].message_zh.contains("15 位"),
        "{:?}",
        dry.errors[0]
    );

    let done = app.import_firms_csv(&path, true).unwrap();
    assert_eq!(done.imported_names, ["甲公司"]);
    let id = app.list_firms().unwrap()[0].id;
    let p = app.get_firm(id).unwrap().profile;
    assert_eq!(
        (
            p.region.as_deref(),
            p.industry.as_deref(),
            p.phone.as_deref()
        ),
        (Some("370113"), Some("C14"), Some("13800138000"))
    );
}

#[test]
fn errors_carry_stable_codes_across_ipc() {
    let app = App::open_in_memory().unwrap();
    let missing = app.get_firm(4242).unwrap_err().to_dto();
    assert_eq!(missing.code, "not_found");
    assert_eq!(
        app.assess(1, "2026-13-40", None).unwrap_err().code(),
        "bad_date"
    );

    // A cancelled job is told by its code (the UI no longer compares the text).
    let cancel = AtomicBool::new(true);
    let mut app = app;
    app.create_firm(NewFirmDto {
        name: "甲".into(),
        ..NewFirmDto::default()
    })
    .unwrap();
    let dto = app
        .assess_firms(&[], ("2026-11-30", None), &mut |_| {}, &cancel)
        .unwrap_err()
        .to_dto();
    assert_eq!(dto.code, "cancelled");
}

#[test]
fn a_user_typing_the_separator_does_not_split_a_message() {
    let mut app = App::open_in_memory().unwrap();
    let firm = app
        .create_firm(NewFirmDto {
            name: "甲".into(),
            ..NewFirmDto::default()
        })
        .unwrap();
    let key = AnswerKeyDto {
        fact: "firm.is_industrial".into(),
        item_kind: None,
        item_id: None,
    };
    let err = app
        .save_answer(firm.id, &key, "a / b", "2026-11-30")
        .unwrap_err();
    let dto = err.to_dto();
    assert!(dto.message_zh.contains("a / b"), "{}", dto.message_zh);
    assert!(!dto.message_en.contains("a /"), "{}", dto.message_en);
    assert!(dto.message_en.contains("yes or no"), "{}", dto.message_en);
    assert!(matches!(err, AppError::Message(_)));
}

/// An answer stored where the catalogue does not read it — an item's fact for the firm, a
/// firm-level fact inside an item, as a catalogue update moving a fact would leave — stays in
/// the store and does not stop the firm from being assessed: it is left out, as an answer to
/// a fact the catalogue no longer has is.
#[test]
fn answers_stored_out_of_place_are_left_out_not_fatal() {
    let cat = huiqi_catalog::Catalogue::builtin().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let firm = store
        .create_firm(&NewFirm {
            name: "错位答案企业".into(),
            region: Some("370112".into()),
            ..NewFirm::default()
        })
        .unwrap();
    let item = store
        .add_item(firm, "jinan-gyqs-2020.project", None)
        .unwrap();
    let misplaced = [
        (AnswerKey::firm("jinan-gyqs-2020.project.track"), "ordinary"),
        (
            AnswerKey {
                fact: "firm.revenue_last_year".into(),
                item: Some(item.clone()),
            },
            "1万元",
        ),
        (AnswerKey::firm("firm.revenue_last_year"), "5000万元"),
    ];
    for (key, value) in &misplaced {
        store
            .set_answer(firm, key, Some(value), AnswerSource::Typed)
            .unwrap();
    }
    let (_, facts) = huiqi_app::firm_facts::load_firm(&cat, &store, firm).expect("the firm loads");
    assert!(!facts.firm.contains_key("jinan-gyqs-2020.project.track"));
    assert_eq!(facts.items.len(), 1);
    assert!(facts.items[0].facts.is_empty(), "{:?}", facts.items[0]);
    assert!(facts.firm.contains_key("firm.revenue_last_year"));
    // Still in the store.
    assert_eq!(store.current_answers(firm).unwrap().len(), 3);
}
