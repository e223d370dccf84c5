//! The claims ledger: history, undo, state moves, validation, and its trip
//! through export/import.

mod common;

use common::{code, firm, opts};
use huiqi_store::{
    ClaimFields, ClaimSource, ClaimState, EXPORT_VERSION, ImportMode, ManualClock, NewFirm, Store,
    StoreError, parse_export,
};

fn mem(start: &str) -> Store {
    Store::open_in_memory_with(opts(&ManualClock::new(start))).unwrap()
}

const M: &str = "jinan-gyqs-2020/7a";

fn submitted(amount: &str) -> ClaimFields {
    ClaimFields {
        amount: Some(amount.into()),
        submitted_on: Some("2026-03-01".into()),
        reference: Some("济工信受理〔2026〕12号".into()),
        ..ClaimFields::new(M, 2026, ClaimState::Submitted)
    }
}

#[test]
fn every_change_is_a_revision_and_current_is_the_latest() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let c = s
        .add_claim(f, &submitted("3000000"), ClaimSource::Typed)
        .unwrap();
    assert_eq!(c.fields.state, ClaimState::Submitted);
    assert_eq!(c.fields.amount.as_deref(), Some("3000000"));

    s.set_claim_state(c.id, ClaimState::Approved, Some("2026-06-01"), None)
        .unwrap();
    let paid = s
        .set_claim_state(
            c.id,
            ClaimState::Paid,
            Some("2026-07-15"),
            Some("济财拨〔2026〕8号"),
        )
        .unwrap();
    // Setting what it already is records nothing.
    let again = s
        .set_claim_state(c.id, ClaimState::Paid, Some("2026-07-15"), None)
        .unwrap();
    assert_eq!(again.seq, paid.seq);

    let now = s.claim(c.id).unwrap().unwrap();
    assert_eq!(now.fields.state, ClaimState::Paid);
    assert_eq!(now.fields.submitted_on.as_deref(), Some("2026-03-01"));
    assert_eq!(now.fields.decided_on.as_deref(), Some("2026-06-01"));
    assert_eq!(now.fields.paid_on.as_deref(), Some("2026-07-15"));
    assert_eq!(now.fields.reference.as_deref(), Some("济财拨〔2026〕8号"));
    let h = s.claim_history(c.id).unwrap();
    let states: Vec<_> = h.iter().map(|r| r.fields.state).collect();
    assert_eq!(
        states,
        vec![
            ClaimState::Submitted,
            ClaimState::Approved,
            ClaimState::Paid
        ]
    );
    assert!(
        h.windows(2)
            .all(|w| w[0].seq < w[1].seq && w[0].at < w[1].at)
    );
    assert_eq!(s.claims(f).unwrap(), vec![now]);
}

#[test]
fn undo_walks_back_and_past_creation_takes_the_claim_off() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let c = s
        .add_claim(f, &submitted("100"), ClaimSource::Typed)
        .unwrap();
    let mut edited = submitted("200");
    edited.note = Some("补正后金额".into());
    s.update_claim(c.id, &edited, ClaimSource::Typed).unwrap();
    s.set_claim_state(c.id, ClaimState::Rejected, Some("2026-05-01"), None)
        .unwrap();

    let u1 = s.undo_claim(c.id).unwrap().unwrap();
    assert_eq!(u1.fields, edited);
    assert_eq!(s.claim(c.id).unwrap().unwrap().fields, edited);
    s.undo_claim(c.id).unwrap().unwrap();
    assert_eq!(
        s.claim(c.id).unwrap().unwrap().fields.amount.as_deref(),
        Some("100")
    );
    let gone = s.undo_claim(c.id).unwrap().unwrap();
    assert!(gone.removed);
    assert_eq!(s.claim(c.id).unwrap(), None);
    assert!(s.claims(f).unwrap().is_empty());
    assert_eq!(s.undo_claim(c.id).unwrap(), None, "nothing left to undo");

    // Nothing was erased: 3 changes and 3 undos, each pointing at its change.
    let h = s.claim_history(c.id).unwrap();
    assert_eq!(h.len(), 6);
    let undone: Vec<_> = h[3..].iter().map(|r| r.undoes.unwrap()).collect();
    assert_eq!(undone, vec![h[2].seq, h[1].seq, h[0].seq]);
}

#[test]
fn removal_is_a_revision_and_undo_brings_it_back() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let c = s
        .add_claim(f, &submitted("100"), ClaimSource::Typed)
        .unwrap();
    s.remove_claim(c.id).unwrap();
    assert!(s.claims(f).unwrap().is_empty());
    assert!(matches!(
        s.set_claim_state(c.id, ClaimState::Paid, None, None),
        Err(StoreError::NotFound { .. })
    ));
    s.undo_claim(c.id).unwrap().unwrap();
    assert_eq!(s.claims(f).unwrap()[0].fields, submitted("100"));
}

#[test]
fn nonsense_moves_and_bad_fields_are_refused_and_save_nothing() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let draft = s
        .add_claim(
            f,
            &ClaimFields::new(M, 2026, ClaimState::Draft),
            ClaimSource::Typed,
        )
        .unwrap();
    let e = s
        .set_claim_state(draft.id, ClaimState::Paid, None, None)
        .unwrap_err();
    assert!(
        e.message_zh().contains("不能从「草稿」改为「已拨付」"),
        "{e}"
    );
    assert!(e.message_zh().contains("只能改为已申报"), "{e}");
    assert!(e.message_en().contains("from draft to paid"), "{e}");

    let paid = s
        .add_claim(
            f,
            &ClaimFields::new(M, 2024, ClaimState::Paid),
            ClaimSource::Typed,
        )
        .unwrap();
    let e = s
        .set_claim_state(paid.id, ClaimState::Submitted, None, None)
        .unwrap_err();
    assert!(e.message_zh().contains("已是最终状态"), "{e}");

    let bad = |f: fn(&mut ClaimFields)| {
        let mut c = submitted("100");
        f(&mut c);
        c
    };
    for (fields, want) in [
        (bad(|c| c.amount = Some("300万".into())), "金额"),
        (bad(|c| c.amount = Some("-5".into())), "金额"),
        (
            bad(|c| c.submitted_on = Some("2026-02-30".into())),
            "申报日期",
        ),
        (bad(|c| c.year = 26), "申报年度"),
        (bad(|c| c.measure = "  ".into()), "措施编号"),
    ] {
        let e = s.add_claim(f, &fields, ClaimSource::Typed).unwrap_err();
        assert!(e.message_zh().contains(want), "{e}");
    }
    let e = s
        .set_claim_state(draft.id, ClaimState::Submitted, Some("3月1日"), None)
        .unwrap_err();
    assert!(e.message_zh().contains("YYYY-MM-DD"), "{e}");
    assert_eq!(s.claims(f).unwrap().len(), 2);
    assert_eq!(s.claim_history(draft.id).unwrap().len(), 1);
    assert!(matches!(
        s.add_claim(999, &submitted("1"), ClaimSource::Typed),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn claims_list_newest_year_first_and_die_with_their_firm() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = s.create_firm(&firm("甲公司")).unwrap();
    let g = s.create_firm(&firm("乙公司")).unwrap();
    for y in [2024, 2026, 2025] {
        let mut c = submitted("1");
        c.year = y;
        s.add_claim(f, &c, ClaimSource::Typed).unwrap();
    }
    let other = s.add_claim(g, &submitted("2"), ClaimSource::Typed).unwrap();
    let years: Vec<i32> = s.claims(f).unwrap().iter().map(|c| c.fields.year).collect();
    assert_eq!(years, vec![2026, 2025, 2024]);
    s.delete_firm(g).unwrap();
    assert!(matches!(
        s.claim_history(other.id),
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(s.claims(f).unwrap().len(), 3);
}

/// A firm whose ledger holds every kind of revision.
fn firm_with_ledger(s: &mut Store) -> i64 {
    let f = s
        .create_firm(&NewFirm {
            name: "济南甲科技有限公司".into(),
            credit_code: Some(code("91370100MA3C00021")),
            ..NewFirm::default()
        })
        .unwrap();
    let a = s
        .add_claim(f, &submitted("3000000"), ClaimSource::Dossier)
        .unwrap();
    s.set_claim_state(a.id, ClaimState::Approved, Some("2026-06-01"), None)
        .unwrap();
    s.set_claim_state(a.id, ClaimState::Paid, Some("2026-07-01"), None)
        .unwrap();
    s.undo_claim(a.id).unwrap();
    let mut old = ClaimFields::new("jinan-gyqs-2020/9", 2024, ClaimState::Paid);
    old.item = Some("p1".into());
    old.note = Some("往年已获".into());
    s.add_claim(f, &old, ClaimSource::Typed).unwrap();
    let gone = s
        .add_claim(
            f,
            &ClaimFields::new(M, 2025, ClaimState::Draft),
            ClaimSource::Typed,
        )
        .unwrap();
    s.remove_claim(gone.id).unwrap();
    f
}

fn ledger(s: &Store, f: i64) -> Vec<ClaimFields> {
    s.claims(f).unwrap().into_iter().map(|c| c.fields).collect()
}

#[test]
fn export_import_carries_the_ledger_with_its_history() {
    let mut a = mem("2026-01-01T00:00:00Z");
    let f = firm_with_ledger(&mut a);
    let bytes = a.export_firm(f).unwrap();
    let doc_a = parse_export(&bytes).unwrap();
    assert_eq!(doc_a.version, EXPORT_VERSION);
    assert_eq!(doc_a.version, 2);
    assert_eq!(doc_a.claims.len(), 3);
    assert_eq!(doc_a.claims[0].history.len(), 4);
    assert_eq!(doc_a.claims[0].history[3].undoes, Some(2));

    let mut b = mem("2027-01-01T00:00:00Z");
    b.create_firm(&firm("先有的企业")).unwrap();
    assert_eq!(b.inspect_import(&bytes).unwrap().claims, 2);
    let g = b.import_firm(&bytes, None).unwrap();
    let mut doc_b = b.export_doc(g).unwrap();
    doc_b.exported_at = doc_a.exported_at.clone();
    assert_eq!(doc_b, doc_a);
    assert_eq!(ledger(&b, g), ledger(&a, f));
    assert_eq!(b.claims(g).unwrap()[0].fields.state, ClaimState::Approved);

    // The imported history still undoes: back past approval to submitted.
    let c = b.claims(g).unwrap()[0].id;
    b.undo_claim(c).unwrap();
    assert_eq!(
        b.claim(c).unwrap().unwrap().fields.state,
        ClaimState::Submitted
    );
}

#[test]
fn merge_adds_new_claims_and_records_changed_ones_as_imported() {
    let mut s = mem("2026-01-01T00:00:00Z");
    let f = firm_with_ledger(&mut s);
    let bytes = s.export_firm(f).unwrap();
    // Merging an unchanged file changes nothing.
    s.import_firm(&bytes, Some(ImportMode::Merge)).unwrap();
    let first = s.claims(f).unwrap()[0].clone();
    assert_eq!(s.claim_history(first.id).unwrap().len(), 4);

    // Here the claim is paid; the file (older) still says approved.
    s.set_claim_state(first.id, ClaimState::Paid, Some("2026-07-02"), None)
        .unwrap();
    s.add_claim(f, &submitted("5"), ClaimSource::Typed).unwrap();
    let mut other = mem("2026-02-01T00:00:00Z");
    let o = other.import_firm(&bytes, None).unwrap();
    other
        .add_claim(o, &submitted("7"), ClaimSource::Typed)
        .unwrap();
    let file = other.export_firm(o).unwrap();

    s.import_firm(&file, Some(ImportMode::Merge)).unwrap();
    let h = s.claim_history(first.id).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.source, ClaimSource::Imported);
    assert_eq!(last.fields.state, ClaimState::Approved);
    // …and can be undone back to what was here.
    s.undo_claim(first.id).unwrap();
    assert_eq!(
        s.claim(first.id).unwrap().unwrap().fields.state,
        ClaimState::Paid
    );
    let amounts: Vec<_> = ledger(&s, f).into_iter().filter_map(|c| c.amount).collect();
    assert_eq!(amounts, vec!["3000000", "5", "7"]);
}

#[test]
fn version_1_files_import_with_an_empty_ledger() {
    let mut a = mem("2026-01-01T00:00:00Z");
    let f = a.create_firm(&firm("甲公司")).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&a.export_firm(f).unwrap()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("claims").unwrap();
    o.insert("version".into(), 1.into());
    let old = serde_json::to_vec(&v).unwrap();
    let mut b = mem("2026-01-01T00:00:00Z");
    let g = b.import_firm(&old, None).unwrap();
    assert!(b.claims(g).unwrap().is_empty());
    assert_eq!(b.get_firm(g).unwrap().unwrap().profile.name, "甲公司");
}

#[test]
fn a_bad_claim_in_a_file_is_refused_before_anything_is_written() {
    let mut a = mem("2026-01-01T00:00:00Z");
    let f = firm_with_ledger(&mut a);
    let text = String::from_utf8(a.export_firm(f).unwrap()).unwrap();
    let tampered = text.replacen("\"3000000\"", "\"300万\"", 1);
    assert_ne!(text, tampered);
    let mut b = mem("2026-01-01T00:00:00Z");
    let e = b.import_firm(tampered.as_bytes(), None).unwrap_err();
    assert!(e.message_zh().contains("金额"), "{e}");
    assert!(b.list_firms().unwrap().is_empty());
}
