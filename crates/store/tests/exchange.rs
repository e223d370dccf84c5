//! Export / import of a firm, and CSV import of profiles.

mod common;

use common::{code, firm, opts};
use huiqi_store::{
    AnswerKey, AnswerSource, ImportMode, ManualClock, MatchReason, NewFirm, Store, StoreError,
    parse_export,
};

fn mem(start: &str) -> Store {
    Store::open_in_memory_with(opts(&ManualClock::new(start))).unwrap()
}

/// A firm exercising everything an export must carry.
fn rich_firm(s: &mut Store) -> i64 {
    let f = s
        .create_firm(&NewFirm {
            name: "济南甲科技有限公司".into(),
            credit_code: Some(code("91370100MA3C00001")),
            legal_rep: Some("张三".into()),
            contact: Some("李四".into()),
            phone: Some("0531-88888888".into()),
            region: Some("370102".into()),
            industry: Some("C39".into()),
        })
        .unwrap();
    let k = AnswerKey::firm("revenue_2024");
    s.set_answer(f, &k, Some("1200000.50"), AnswerSource::Typed)
        .unwrap();
    s.set_answer(f, &k, Some("1300000"), AnswerSource::Imported)
        .unwrap();
    s.undo_answer(f, &k).unwrap();
    s.set_answer(f, &AnswerKey::firm("high_tech"), None, AnswerSource::Typed)
        .unwrap();
    let p = s.add_item(f, "x.project", Some("项目一")).unwrap();
    s.set_answer(
        f,
        &AnswerKey::item("investment", &p.kind, &p.id),
        Some("500000"),
        AnswerSource::Typed,
    )
    .unwrap();
    let gone = s.add_item(f, "x.project", Some("作废项目")).unwrap();
    s.remove_item(f, &gone).unwrap();
    s.save_snapshot(f, "2025-01-02", "cat-1", r#"{"total":"300000.00"}"#)
        .unwrap();
    s.set_answer(
        f,
        &AnswerKey::firm("employees"),
        Some("88"),
        AnswerSource::Typed,
    )
    .unwrap();
    s.add_attachment(f, "m/1", None, "执照.pdf", b"%PDF scan")
        .unwrap();
    s.add_attachment(f, "m/2", None, "执照副本.pdf", b"%PDF scan")
        .unwrap();
    s.add_attachment(f, "m/2", Some(INVOICES), "binary.bin", &[0u8, 255, 1, 254])
        .unwrap();
    // The same file for a second line of the same measure.
    s.add_attachment(f, "m/2", Some(FILING), "binary.bin", &[0u8, 255, 1, 254])
        .unwrap();
    f
}

const INVOICES: &str = "设备购置发票";
const FILING: &str = "项目投资备案（核准）文件";

/// (measure, evidence, file name) of a firm's attachments, in list order.
fn att_keys(s: &Store, f: i64) -> Vec<(String, Option<String>, String)> {
    s.list_attachments(f, None)
        .unwrap()
        .into_iter()
        .map(|a| (a.measure, a.evidence, a.file_name))
        .collect()
}

#[test]
fn export_import_round_trip_is_lossless() {
    let mut a = mem("2025-01-01T00:00:00Z");
    let f = rich_firm(&mut a);
    let bytes = a.export_firm(f).unwrap();
    let doc_a = parse_export(&bytes).unwrap();

    let mut b = mem("2026-01-01T00:00:00Z");
    b.create_firm(&firm("先有的企业")).unwrap();
    let preview = b.inspect_import(&bytes).unwrap();
    assert_eq!(preview.existing, None);
    assert_eq!(preview.revisions, doc_a.history.len());
    assert_eq!(preview.attachments, 4);
    let g = b.import_firm(&bytes, None).unwrap();
    let mut doc_b = b.export_doc(g).unwrap();
    doc_b.exported_at = doc_a.exported_at.clone();
    assert_eq!(doc_b, doc_a);

    assert_eq!(a.current_answers(f).unwrap(), b.current_answers(g).unwrap());
    assert_eq!(b.blob_count().unwrap(), 2);
    let snap = &b.list_snapshots(g).unwrap()[0];
    let then = b.answers_at(g, snap.answers_seq).unwrap();
    let snap_a = &a.list_snapshots(f).unwrap()[0];
    assert_eq!(then, a.answers_at(f, snap_a.answers_seq).unwrap());
    let att = b.list_attachments(g, Some("m/2")).unwrap();
    let bin = att.iter().find(|x| x.file_name == "binary.bin").unwrap();
    assert_eq!(b.read_attachment(bin.id).unwrap(), vec![0u8, 255, 1, 254]);
    let lines: Vec<Option<&str>> = att.iter().map(|a| a.evidence.as_deref()).collect();
    assert_eq!(lines, vec![None, Some(INVOICES), Some(FILING)]);
    assert_eq!(att_keys(&b, g), att_keys(&a, f));
}

#[test]
fn export_without_evidence_field_still_imports() {
    let mut a = mem("2025-01-01T00:00:00Z");
    let f = rich_firm(&mut a);
    let text = String::from_utf8(a.export_firm(f).unwrap()).unwrap();
    // Whole-measure files carry no field at all: such files are unchanged
    // from the format before evidence lines.
    assert_eq!(text.matches("\"evidence\"").count(), 2);

    // A file written before evidence lines existed.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    for att in v["attachments"].as_array_mut().unwrap() {
        att.as_object_mut().unwrap().remove("evidence");
    }
    let old = serde_json::to_vec(&v).unwrap();
    assert!(!String::from_utf8_lossy(&old).contains("evidence"));
    let mut b = mem("2026-01-01T00:00:00Z");
    let g = b.import_firm(&old, None).unwrap();
    let keys = att_keys(&b, g);
    assert_eq!(keys.len(), 3, "the two lines' copies become one: {keys:?}");
    assert!(keys.iter().all(|k| k.1.is_none()), "{keys:?}");
}

#[test]
fn merge_dedupes_attachments_by_evidence_line() {
    let cc = code("91370100MA3C00003");
    let with_code = |name: &str| NewFirm {
        name: name.into(),
        credit_code: Some(cc.clone()),
        ..NewFirm::default()
    };
    let bytes = b"invoice scan";
    let mut other = mem("2025-01-01T00:00:00Z");
    let src = other.create_firm(&with_code("甲公司（对方）")).unwrap();
    other
        .add_attachment(src, "m/1", None, "发票.pdf", bytes)
        .unwrap();
    other
        .add_attachment(src, "m/1", Some(INVOICES), "发票.pdf", bytes)
        .unwrap();
    let file = other.export_firm(src).unwrap();

    let mut s = mem("2025-02-01T00:00:00Z");
    let mine = s.create_firm(&with_code("甲公司")).unwrap();
    let here = s
        .add_attachment(mine, "m/1", None, "发票.pdf", bytes)
        .unwrap();
    s.import_firm(&file, Some(ImportMode::Merge)).unwrap();
    let want = vec![
        ("m/1".to_string(), None, "发票.pdf".to_string()),
        (
            "m/1".to_string(),
            Some(INVOICES.to_string()),
            "发票.pdf".to_string(),
        ),
    ];
    assert_eq!(att_keys(&s, mine), want);
    assert_eq!(s.list_attachments(mine, None).unwrap()[0], here);
    // Merging the same file again adds nothing.
    s.import_firm(&file, Some(ImportMode::Merge)).unwrap();
    assert_eq!(att_keys(&s, mine), want);
    assert_eq!(s.blob_count().unwrap(), 1);
}

#[test]
fn existing_firm_needs_a_choice() {
    let mut s = mem("2025-01-01T00:00:00Z");
    let f = rich_firm(&mut s);
    let bytes = s.export_firm(f).unwrap();

    let p = s.inspect_import(&bytes).unwrap();
    assert_eq!(p.existing, Some(f));
    assert_eq!(p.reason, Some(MatchReason::SameExport));
    let e = s.import_firm(&bytes, None).unwrap_err();
    assert!(matches!(e, StoreError::ImportConflict { existing } if existing == f));

    let g = s.import_firm(&bytes, Some(ImportMode::KeepBoth)).unwrap();
    assert_ne!(f, g);
    assert_ne!(s.firm_uid(f).unwrap(), s.firm_uid(g).unwrap());
    assert_eq!(s.current_answers(f).unwrap(), s.current_answers(g).unwrap());
    assert_eq!(s.list_firms().unwrap().len(), 2);
}

#[test]
fn merge_keeps_local_profile_and_records_imported_answers() {
    let mut other = mem("2025-01-01T00:00:00Z");
    let src = other
        .create_firm(&NewFirm {
            name: "甲公司（对方）".into(),
            credit_code: Some(code("91370100MA3C00002")),
            phone: Some("13800000000".into()),
            ..NewFirm::default()
        })
        .unwrap();
    other
        .set_answer(
            src,
            &AnswerKey::firm("a"),
            Some("from-file"),
            AnswerSource::Typed,
        )
        .unwrap();
    other
        .set_answer(
            src,
            &AnswerKey::firm("b"),
            Some("same"),
            AnswerSource::Typed,
        )
        .unwrap();
    let bytes = other.export_firm(src).unwrap();

    let mut s = mem("2025-02-01T00:00:00Z");
    let mine = s
        .create_firm(&NewFirm {
            name: "甲公司".into(),
            credit_code: Some(code("91370100MA3C00002")),
            ..NewFirm::default()
        })
        .unwrap();
    s.set_answer(
        mine,
        &AnswerKey::firm("a"),
        Some("local"),
        AnswerSource::Typed,
    )
    .unwrap();
    s.set_answer(
        mine,
        &AnswerKey::firm("b"),
        Some("same"),
        AnswerSource::Typed,
    )
    .unwrap();
    let p = s.inspect_import(&bytes).unwrap();
    assert_eq!(p.existing, Some(mine));
    assert_eq!(p.reason, Some(MatchReason::SameCreditCode));

    assert_eq!(
        s.import_firm(&bytes, Some(ImportMode::Merge)).unwrap(),
        mine
    );
    let rec = s.get_firm(mine).unwrap().unwrap();
    assert_eq!(rec.profile.name, "甲公司");
    assert_eq!(rec.profile.phone.as_deref(), Some("13800000000"));
    let h = s.answer_history(mine).unwrap();
    assert_eq!(h.len(), 3, "only the differing answer is added");
    assert_eq!(h[2].source, AnswerSource::Imported);
    assert_eq!(h[2].value.as_deref(), Some("from-file"));
    // And it can be undone back to the local value.
    s.undo_answer(mine, &AnswerKey::firm("a")).unwrap();
    assert_eq!(
        s.current_answer(mine, &AnswerKey::firm("a"))
            .unwrap()
            .unwrap()
            .value
            .as_deref(),
        Some("local")
    );
}

#[test]
fn foreign_files_are_refused_clearly() {
    let mut s = mem("2025-01-01T00:00:00Z");
    for bad in [
        &b"PK\x03\x04 zip"[..],
        br#"{"hello": 1}"#,
        br#"{"format": "huiqi-firm-export", "version": 99}"#,
        br#"{"format": "huiqi-firm-export", "version": 1, "firm": 3}"#,
    ] {
        let e = s.import_firm(bad, None).unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::NotAnExport { .. } | StoreError::ExportTooNew { .. }
            ),
            "{e:?}"
        );
        assert!(s.inspect_import(bad).is_err());
    }
    let e = s.import_firm(b"{}", None).unwrap_err();
    assert!(e.message_zh().contains("不是惠企导出文件"));
    // A tampered attachment is caught before anything is written.
    let f = rich_firm(&mut s);
    let text = String::from_utf8(s.export_firm(f).unwrap()).unwrap();
    let tampered = text.replacen("\"size\": 9", "\"size\": 10", 1);
    assert_ne!(text, tampered);
    assert!(matches!(
        s.import_firm(tampered.as_bytes(), Some(ImportMode::KeepBoth)),
        Err(StoreError::NotAnExport { .. })
    ));
    assert_eq!(s.list_firms().unwrap().len(), 1);
}

#[test]
fn csv_import_reports_bad_rows_and_keeps_good_ones() {
    let mut s = mem("2025-01-01T00:00:00Z");
    let existing = code("91370100MA3C00009");
    s.create_firm(&NewFirm {
        name: "已有企业".into(),
        credit_code: Some(existing.clone()),
        ..NewFirm::default()
    })
    .unwrap();
    let good1 = code("91370100MA3C00010");
    let good2 = code("91370100MA3C00011");
    let mut bad_check = code("91370100MA3C00012");
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '0' { '1' } else { '0' });
    let csv = format!(
        "\u{FEFF}企业名称,统一社会信用代码,法定代表人,联系人,联系电话,所在地区,行业,备注\r\n\
         \"甲科技有限公司, 济南\",{good1},张三,李四,0531-1,370102,C39,ok\r\n\
         ,{good2},,,,,,没有名字\r\n\
         乙公司,{bad_check},,,,,,\r\n\
         丙公司,91370100MO3C00013X,,,,,,\r\n\
         丁公司,{good1},,,,,,重复\r\n\
         戊公司,{existing},,,,,,\r\n\
         \r\n\
         \"己公司\n（分部）\",{},,,,,,\r\n",
        good2.to_lowercase()
    );
    let dry = s.check_firms_csv(csv.as_bytes()).unwrap();
    assert_eq!(dry.good_rows, 2);
    assert!(dry.imported.is_empty());
    assert_eq!(s.list_firms().unwrap().len(), 1, "a dry run writes nothing");

    let r = s.import_firms_csv(csv.as_bytes()).unwrap();
    assert_eq!(r.encoding, "UTF-8");
    assert_eq!(r.ignored_columns, vec!["备注".to_string()]);
    assert_eq!(
        r.imported.iter().map(|i| i.line).collect::<Vec<_>>(),
        vec![2, 9]
    );
    assert_eq!(r.imported[0].name, "甲科技有限公司, 济南");
    assert_eq!(r.imported[1].name, "己公司\n（分部）");
    let lines: Vec<usize> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 6, 7]);
    assert!(
        r.errors[1].message_zh.contains("第 18 位"),
        "{:?}",
        r.errors[1]
    );
    assert!(
        r.errors[2].message_zh.contains("第 10 位"),
        "{:?}",
        r.errors[2]
    );
    assert!(
        r.errors[3].message_zh.contains("第 2 行"),
        "{:?}",
        r.errors[3]
    );
    assert!(r.errors[4].message_en.contains("already exists"));
    assert_eq!(r.errors[1].column.as_deref(), Some("统一社会信用代码"));
    assert_eq!(s.list_firms().unwrap().len(), 3);
    let rec = s.get_firm(r.imported[0].id).unwrap().unwrap();
    assert_eq!(rec.profile.credit_code, Some(good1));
    assert_eq!(rec.profile.region.as_deref(), Some("370102"));
}

#[test]
fn csv_import_english_headers_and_gbk() {
    let mut s = mem("2025-01-01T00:00:00Z");
    let r = s
        .import_firms_csv(b"name,region\nAcme,370100\nBeta,\n")
        .unwrap();
    assert_eq!(r.imported.len(), 2);
    let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,行业\n庚公司,C39\n");
    let r = s.import_firms_csv(&gbk).unwrap();
    assert_eq!(r.encoding, "GB18030");
    assert_eq!(r.imported[0].name, "庚公司");

    for (bad, what) in [
        ("region,industry\nx,y\n", "缺少"),
        ("name,企业名称\nx,y\n", "重复"),
        ("", "空"),
    ] {
        let e = s.import_firms_csv(bad.as_bytes()).unwrap_err();
        assert!(matches!(e, StoreError::CsvHeader { .. }));
        assert!(e.message_zh().contains(what), "{}", e.message_zh());
    }
}
