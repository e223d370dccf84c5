mod common;

use std::sync::Arc;

use common::{code, firm, opts};
use huiqi_store::{
    Answer, AnswerKey, AnswerSource, ItemRef, ManualClock, NewFirm, SETTING_LANGUAGE,
    SETTING_LAST_FIRM, Store, StoreError,
};

fn mem() -> Store {
    let clock = ManualClock::new("2025-01-02T08:00:00Z");
    Store::open_in_memory_with(opts(&clock)).unwrap()
}

#[test]
fn firm_crud() {
    let mut s = mem();
    let cc = code("91370100MA3C00001");
    let a = s
        .create_firm(&NewFirm {
            name: "  济南甲科技有限公司 ".into(),
            credit_code: Some(cc.to_lowercase()),
            region: Some("370102".into()),
            phone: Some("  ".into()),
            ..NewFirm::default()
        })
        .unwrap();
    let b = s.create_firm(&firm("乙公司")).unwrap();
    let rec = s.get_firm(a).unwrap().unwrap();
    assert_eq!(rec.profile.name, "济南甲科技有限公司");
    assert_eq!(rec.profile.credit_code.as_deref(), Some(cc.as_str()));
    assert_eq!(rec.profile.phone, None, "blank becomes None");
    assert_eq!(rec.created_at, "2025-01-02T08:00:00.000Z");

    let list = s.list_firms().unwrap();
    assert_eq!(list.iter().map(|f| f.id).collect::<Vec<_>>(), vec![b, a]);

    let mut p = rec.profile.clone();
    p.legal_rep = Some("张三".into());
    s.update_firm_profile(a, &p).unwrap();
    assert_eq!(
        s.get_firm(a).unwrap().unwrap().profile.legal_rep.as_deref(),
        Some("张三")
    );
    assert_eq!(s.list_firms().unwrap()[0].id, a, "recently changed first");
    assert_eq!(s.find_firms_by_credit_code(&cc).unwrap(), vec![a]);

    s.set_setting(SETTING_LAST_FIRM, Some(&a.to_string()))
        .unwrap();
    s.delete_firm(a).unwrap();
    assert_eq!(s.get_firm(a).unwrap(), None);
    assert_eq!(s.get_setting(SETTING_LAST_FIRM).unwrap(), None);
    assert!(matches!(s.delete_firm(a), Err(StoreError::NotFound { .. })));
    assert!(matches!(
        s.update_firm_profile(a, &p),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn invalid_profiles_are_refused() {
    let mut s = mem();
    let e = s.create_firm(&firm("   ")).unwrap_err();
    assert!(matches!(e, StoreError::InvalidInput { .. }));
    let e = s
        .create_firm(&NewFirm {
            name: "甲".into(),
            credit_code: Some("91350100M000100Y44".into()),
            ..NewFirm::default()
        })
        .unwrap_err();
    assert!(matches!(e, StoreError::InvalidCreditCode { .. }));
    assert!(e.message_zh().contains("第 18 位"), "{}", e.message_zh());
    assert!(e.to_string().contains("check character 18"));
    assert!(s.list_firms().unwrap().is_empty());
}

#[test]
fn answers_history_and_undo_stack() {
    let mut s = mem();
    let f = s.create_firm(&firm("甲")).unwrap();
    let k = AnswerKey::firm("revenue_2024");
    let r1 = s
        .set_answer(f, &k, Some("1200000.50"), AnswerSource::Typed)
        .unwrap();
    let r2 = s.set_answer(f, &k, None, AnswerSource::Typed).unwrap();
    let r3 = s
        .set_answer(f, &k, Some("1300000"), AnswerSource::Imported)
        .unwrap();
    assert!(r1.seq < r2.seq && r2.seq < r3.seq);
    // Same value again records nothing.
    let again = s
        .set_answer(f, &k, Some("1300000"), AnswerSource::Typed)
        .unwrap();
    assert_eq!(again, r3);
    assert_eq!(s.answer_history(f).unwrap().len(), 3);

    let cur = |s: &Store| s.current_answers(f).unwrap();
    assert_eq!(
        cur(&s),
        vec![Answer {
            key: k.clone(),
            value: Some("1300000".into())
        }]
    );

    // Undo walks back: 1300000 -> 不清楚 -> 1200000.50 -> no answer.
    let u = s.undo_answer(f, &k).unwrap().unwrap();
    assert_eq!(u.source, AnswerSource::Undo);
    assert_eq!(u.undoes, Some(r3.seq));
    assert_eq!(cur(&s)[0].value, None);
    s.undo_answer(f, &k).unwrap().unwrap();
    assert_eq!(cur(&s)[0].value.as_deref(), Some("1200000.50"));
    let last = s.undo_answer(f, &k).unwrap().unwrap();
    assert!(last.unset);
    assert!(cur(&s).is_empty());
    assert_eq!(s.current_answer(f, &k).unwrap(), None);
    assert_eq!(s.undo_answer(f, &k).unwrap(), None);

    // Nothing was erased: 3 changes + 3 undos.
    let h = s.answer_history(f).unwrap();
    assert_eq!(h.len(), 6);
    assert_eq!(
        h.iter().map(|r| r.source).collect::<Vec<_>>(),
        vec![
            AnswerSource::Typed,
            AnswerSource::Typed,
            AnswerSource::Imported,
            AnswerSource::Undo,
            AnswerSource::Undo,
            AnswerSource::Undo
        ]
    );
    // answers_at rebuilds an earlier state.
    assert_eq!(
        s.answers_at(f, r1.seq).unwrap()[0].value.as_deref(),
        Some("1200000.50")
    );
    assert!(matches!(
        s.set_answer(f, &k, Some("x"), AnswerSource::Undo),
        Err(StoreError::InvalidInput { .. })
    ));
    assert!(matches!(
        s.set_answer(999, &k, Some("x"), AnswerSource::Typed),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn items_and_their_answers() {
    let mut s = mem();
    let f = s.create_firm(&firm("甲")).unwrap();
    let kind = "jinan-gyqs-2020.project";
    let p1 = s.add_item(f, kind, Some("技改项目一")).unwrap();
    let p2 = ItemRef {
        kind: kind.into(),
        id: "2".into(),
    };
    // Answering for an unknown item creates it.
    s.set_answer(
        f,
        &AnswerKey::item("investment", kind, "2"),
        Some("5000000"),
        AnswerSource::Typed,
    )
    .unwrap();
    s.set_answer(
        f,
        &AnswerKey::item("investment", kind, &p1.id),
        Some("800000"),
        AnswerSource::Typed,
    )
    .unwrap();
    s.set_answer(
        f,
        &AnswerKey::firm("employees"),
        Some("120"),
        AnswerSource::Typed,
    )
    .unwrap();
    let items = s.list_items(f, Some(kind)).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].item, p1);
    assert_eq!(items[0].label.as_deref(), Some("技改项目一"));
    assert_eq!(s.current_answers(f).unwrap().len(), 3);

    s.remove_item(f, &p2).unwrap();
    assert_eq!(s.list_items(f, None).unwrap().len(), 1);
    let cur = s.current_answers(f).unwrap();
    assert_eq!(cur.len(), 2);
    assert!(cur.iter().all(|a| a.key.item.as_ref() != Some(&p2)));
    assert_eq!(
        s.current_answer(f, &AnswerKey::item("investment", kind, "2"))
            .unwrap(),
        None
    );
    s.restore_item(f, &p2).unwrap();
    assert_eq!(s.current_answers(f).unwrap().len(), 3);
    assert!(matches!(
        s.remove_item(
            f,
            &ItemRef {
                kind: kind.into(),
                id: "nope".into()
            }
        ),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn snapshots_keep_outcome_and_answer_point() {
    let mut s = mem();
    let f = s.create_firm(&firm("甲")).unwrap();
    let k = AnswerKey::firm("rd_ratio");
    s.set_answer(f, &k, Some("0.05"), AnswerSource::Typed)
        .unwrap();
    let outcome = r#"{"measures":[{"id":"jinan-2020-3/5a","amount":"300000.00"}]}"#;
    let id = s
        .save_snapshot(f, "2025-01-02", "cat-abc123", outcome)
        .unwrap();
    s.set_answer(f, &k, Some("0.02"), AnswerSource::Typed)
        .unwrap();
    let snap = s.get_snapshot(id).unwrap().unwrap();
    assert_eq!(snap.outcome_json, outcome);
    assert_eq!(snap.summary.as_of, "2025-01-02");
    assert_eq!(snap.summary.catalog_version, "cat-abc123");
    let then = s.answers_at(f, snap.summary.answers_seq).unwrap();
    assert_eq!(then[0].value.as_deref(), Some("0.05"));
    assert_eq!(s.list_snapshots(f).unwrap().len(), 1);
    assert!(matches!(
        s.save_snapshot(f, "2025-01-02", "c", "not json"),
        Err(StoreError::Json(_))
    ));
    s.delete_snapshot(id).unwrap();
    assert_eq!(s.get_snapshot(id).unwrap(), None);
}

#[test]
fn attachments_are_content_addressed_and_limited() {
    let mut s = mem();
    s.set_attachment_limit(1024);
    let f = s.create_firm(&firm("甲")).unwrap();
    let g = s.create_firm(&firm("乙")).unwrap();
    let pdf = b"%PDF-1.4 licence scan".to_vec();
    let a = s
        .add_attachment(f, "m/1", None, "营业执照.pdf", &pdf)
        .unwrap();
    let b = s
        .add_attachment(g, "m/2", None, "licence.pdf", &pdf)
        .unwrap();
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.size, pdf.len() as u64);
    assert_eq!(s.blob_count().unwrap(), 1, "same bytes stored once");
    // The same file to the same measure twice is one attachment.
    let a2 = s
        .add_attachment(f, "m/1", None, "营业执照.pdf", &pdf)
        .unwrap();
    assert_eq!(a2.id, a.id);
    assert_eq!(s.read_attachment(b.id).unwrap(), pdf);
    assert_eq!(s.list_attachments(f, Some("m/1")).unwrap(), vec![a.clone()]);
    assert!(s.list_attachments(f, Some("m/2")).unwrap().is_empty());

    let big = vec![0u8; 1025];
    let e = s
        .add_attachment(f, "m/1", None, "big.bin", &big)
        .unwrap_err();
    assert!(matches!(
        e,
        StoreError::AttachmentTooLarge {
            size: 1025,
            limit: 1024
        }
    ));
    assert!(e.message_zh().contains("附件过大"));

    s.remove_attachment(a.id).unwrap();
    assert_eq!(s.blob_count().unwrap(), 1, "still used by the other firm");
    s.delete_firm(g).unwrap();
    assert_eq!(s.blob_count().unwrap(), 0, "unused bytes collected");
    assert!(matches!(
        s.read_attachment(a.id),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn attachments_per_evidence_line() {
    let mut s = mem();
    let f = s.create_firm(&firm("甲")).unwrap();
    let inv = b"invoice scan".to_vec();
    let line = "设备购置发票";
    let whole = s.add_attachment(f, "m/1", None, "发票.pdf", &inv).unwrap();
    let lined = s
        .add_attachment(f, "m/1", Some(line), "发票.pdf", &inv)
        .unwrap();
    assert_ne!(whole.id, lined.id, "another evidence line is another row");
    assert_eq!(whole.evidence, None);
    assert_eq!(lined.evidence.as_deref(), Some(line));
    assert_eq!(s.blob_count().unwrap(), 1);

    // Dedupe includes the line; surrounding blanks are not a new line.
    let again = s
        .add_attachment(f, "m/1", Some(&format!(" {line} ")), "发票.pdf", &inv)
        .unwrap();
    assert_eq!(again, lined);
    // Blank evidence is the whole measure.
    let blank = s
        .add_attachment(f, "m/1", Some("  "), "发票.pdf", &inv)
        .unwrap();
    assert_eq!(blank, whole);
    assert_eq!(s.get_attachment(lined.id).unwrap(), Some(lined.clone()));

    // Ordered by measure, then line with whole-measure files first, then id.
    let filing = s
        .add_attachment(f, "m/1", Some("项目投资备案（核准）文件"), "备案.pdf", b"f")
        .unwrap();
    let late_whole = s
        .add_attachment(f, "m/1", None, "说明.pdf", b"note")
        .unwrap();
    let other = s
        .add_attachment(f, "m/0", Some(line), "x.pdf", b"x")
        .unwrap();
    let ids = |v: Vec<huiqi_store::AttachmentInfo>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
    // "设" (U+8BBE) sorts before "项" (U+9879) by code point.
    assert_eq!(
        ids(s.list_attachments(f, Some("m/1")).unwrap()),
        vec![whole.id, late_whole.id, lined.id, filing.id]
    );
    assert_eq!(
        ids(s.list_attachments(f, None).unwrap()),
        vec![other.id, whole.id, late_whole.id, lined.id, filing.id]
    );
}

#[test]
fn default_limit_is_20_mib() {
    let s = mem();
    assert_eq!(s.attachment_limit(), 20 * 1024 * 1024);
}

#[test]
fn settings_round_trip() {
    let mut s = mem();
    assert_eq!(s.get_setting(SETTING_LANGUAGE).unwrap(), None);
    s.set_setting(SETTING_LANGUAGE, Some("zh-CN")).unwrap();
    s.set_setting(SETTING_LANGUAGE, Some("en")).unwrap();
    assert_eq!(
        s.get_setting(SETTING_LANGUAGE).unwrap().as_deref(),
        Some("en")
    );
    s.set_setting(SETTING_LANGUAGE, None).unwrap();
    assert_eq!(s.settings().unwrap(), vec![]);
}

#[test]
fn data_survives_reopen_and_clock_is_injected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiqi.db");
    let clock = ManualClock::new("2025-06-01T00:00:00Z");
    let mut s = Store::open_with(&path, opts(&clock)).unwrap();
    let f = s.create_firm(&firm("甲")).unwrap();
    let r = s
        .set_answer(f, &AnswerKey::firm("x"), Some("1"), AnswerSource::Typed)
        .unwrap();
    // The manual clock ticks 1 ms per reading; open reads it too.
    assert!(r.at.starts_with("2025-06-01T00:00:00.00"), "{}", r.at);
    drop(s);
    let mut s = Store::open(&path).unwrap();
    s.set_clock(Arc::new(ManualClock::new("2030-01-01T00:00:00Z")));
    assert_eq!(s.current_answers(f).unwrap().len(), 1);
    let r = s
        .set_answer(f, &AnswerKey::firm("x"), Some("2"), AnswerSource::Typed)
        .unwrap();
    assert_eq!(r.at, "2030-01-01T00:00:00.000Z");
    s.integrity_check().unwrap();
}

#[test]
fn batch_answers_are_one_transaction() {
    let mut s = mem();
    let f = s.create_firm(&firm("甲")).unwrap();
    let ok = vec![
        (AnswerKey::firm("a"), Some("1".to_string())),
        (AnswerKey::item("b", "k", "0"), None),
    ];
    assert_eq!(s.set_answers(f, &ok, AnswerSource::Typed).unwrap().len(), 2);
    let bad = vec![
        (AnswerKey::firm("c"), Some("1".to_string())),
        (AnswerKey::firm(""), Some("2".to_string())),
    ];
    assert!(s.set_answers(f, &bad, AnswerSource::Typed).is_err());
    assert_eq!(
        s.current_answers(f).unwrap().len(),
        2,
        "nothing half-written"
    );
}

#[test]
fn firm_settings_belong_to_their_firm_and_go_with_it() {
    let mut s = mem();
    let a = s.create_firm(&firm("甲公司")).unwrap();
    let b = s.create_firm(&firm("乙公司")).unwrap();
    s.set_firm_setting(a, "measure_filter", Some("[\"x/1\"]"))
        .unwrap();
    assert_eq!(
        s.firm_setting(a, "measure_filter").unwrap().as_deref(),
        Some("[\"x/1\"]")
    );
    assert_eq!(s.firm_setting(b, "measure_filter").unwrap(), None);

    // Deleting the firm deletes its settings; a firm created next (which may get the same
    // row id) starts without them.
    s.delete_firm(a).unwrap();
    assert!(
        s.settings()
            .unwrap()
            .iter()
            .all(|(k, _)| !k.starts_with("firm:"))
    );
    let c = s.create_firm(&firm("丙公司")).unwrap();
    assert_eq!(s.firm_setting(c, "measure_filter").unwrap(), None);
    assert!(s.firm_setting(a, "measure_filter").is_err(), "unknown firm");

    s.set_firm_setting(b, "measure_filter", None).unwrap();
    assert_eq!(s.firm_setting(b, "measure_filter").unwrap(), None);
}
