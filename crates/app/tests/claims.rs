//! The claims ledger through the facade: what the form sends is checked, the ledger becomes
//! the engine's `Facts.received`, and saving a dossier records its measures as submitted.

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, ClaimInputDto, ClaimStateDto, DossierRequestDto, NewFirmDto};
use huiqi_engine::ClaimState;
use rust_decimal::Decimal;

const MEASURE: &str = "jinan-gyqs-2020/7a";
const PROJECT: &str = "jinan-gyqs-2020.project";
const AS_OF: &str = "2026-11-30";

fn key(fact: &str, item: Option<&str>) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: fact.into(),
        item_kind: item.map(|_| PROJECT.into()),
        item_id: item.map(str::to_string),
    }
}

fn firm(app: &mut App) -> i64 {
    app.create_firm(NewFirmDto {
        name: "济南示例机械有限公司".into(),
        region: Some("370102".into()),
        industry: Some("C34".into()),
        ..NewFirmDto::default()
    })
    .unwrap()
    .id
}

/// A firm eligible for clause 7a in the 2026 support year: one ordinary renovation project
/// completed in 2026, 1,200万 of equipment.
fn eligible_firm(app: &mut App) -> i64 {
    let f = firm(app);
    app.save_answer(f, &key("firm.is_industrial", None), "是", AS_OF)
        .unwrap();
    let p = app
        .add_item(f, PROJECT, Some("数控车间改造".into()))
        .unwrap();
    for (fact, text) in [
        ("track", "ordinary"),
        ("equipment_investment", "1,200万"),
        ("completed_on", "2026年6月30日"),
    ] {
        let k = key(&format!("{PROJECT}.{fact}"), Some(&p));
        app.save_answer(f, &k, text, AS_OF).unwrap();
    }
    f
}

fn input(amount: Option<&str>, state: Option<ClaimStateDto>) -> ClaimInputDto {
    ClaimInputDto {
        measure: MEASURE.into(),
        year: 2025,
        amount: amount.map(str::to_string),
        state,
        submitted_on: Some("2025年3月1日".into()),
        reference: Some("济工信〔2025〕12号".into()),
        ..ClaimInputDto::default()
    }
}

#[test]
fn the_form_is_checked_and_resolved() {
    let mut app = App::open_in_memory().unwrap();
    let f = firm(&mut app);
    let c = app.add_claim(f, &input(Some("300万"), None)).unwrap();
    assert_eq!(
        c.state,
        ClaimStateDto::Submitted,
        "a claim is submitted by default"
    );
    assert_eq!(c.amount.as_deref(), Some("3000000"));
    assert_eq!(c.amount_display.as_deref(), Some("3,000,000.00 元"));
    assert_eq!(c.submitted_on.as_deref(), Some("2025-03-01"));
    assert_eq!(
        c.measure_title.as_deref(),
        Some("普通技术改造项目设备投资奖补")
    );
    assert_eq!(
        c.next_states,
        vec![
            ClaimStateDto::Approved,
            ClaimStateDto::Paid,
            ClaimStateDto::Rejected
        ]
    );

    for (bad, want) in [
        (
            ClaimInputDto {
                measure: "no-such/1".into(),
                ..input(None, None)
            },
            "未知措施",
        ),
        (input(Some("300"), None), "缺少单位"),
        (
            ClaimInputDto {
                paid_on: Some("去年".into()),
                ..input(None, None)
            },
            "拨付日期",
        ),
    ] {
        let e = app.add_claim(f, &bad).unwrap_err();
        assert!(e.message_zh().contains(want), "{}", e.message_zh());
        assert!(!e.message_en().is_empty());
    }
    assert_eq!(
        app.claims(f).unwrap().len(),
        1,
        "refused forms save nothing"
    );

    let paid = app
        .set_claim_state(
            f,
            c.id,
            ClaimStateDto::Paid,
            Some("2025-09-01".into()),
            None,
        )
        .unwrap();
    assert_eq!(paid.paid_on.as_deref(), Some("2025-09-01"));
    assert!(paid.next_states.is_empty());
    let e = app
        .set_claim_state(f, c.id, ClaimStateDto::Draft, None, None)
        .unwrap_err();
    assert!(
        e.message_zh().contains("已是最终状态"),
        "{}",
        e.message_zh()
    );

    // Another firm's claim is not reachable through this firm.
    let g = firm(&mut app);
    assert!(app.remove_claim(g, c.id).is_err());
    assert!(app.claim_history(g, c.id).is_err());
    app.remove_claim(f, c.id).unwrap();
    assert!(app.claims(f).unwrap().is_empty());
    let back = app.undo_claim(f, c.id).unwrap();
    assert_eq!(back[0].state, ClaimStateDto::Paid);
    let sources: Vec<String> = app
        .claim_history(f, c.id)
        .unwrap()
        .into_iter()
        .map(|r| r.source)
        .collect();
    assert_eq!(sources, ["typed", "typed", "typed", "undo"]);
}

#[test]
fn the_ledger_becomes_facts_received_with_every_state() {
    let mut app = App::open_in_memory().unwrap();
    let f = firm(&mut app);
    app.add_claim(f, &input(Some("300万"), Some(ClaimStateDto::Paid)))
        .unwrap();
    app.add_claim(f, &input(None, Some(ClaimStateDto::Rejected)))
        .unwrap();
    let (_, facts) = huiqi_app::firm_facts::load_firm(app.catalogue(), app.store(), f).unwrap();
    let got: Vec<(ClaimState, Option<Decimal>, i32)> = facts
        .received
        .iter()
        .map(|r| (r.state, r.amount, r.year))
        .collect();
    assert_eq!(
        got,
        vec![
            (ClaimState::Paid, Some(Decimal::from(3_000_000)), 2025),
            (ClaimState::Rejected, None, 2025),
        ]
    );
    assert!(facts.received.iter().all(|r| r.measure == MEASURE));
}

#[test]
fn saving_a_dossier_records_its_measures_as_submitted_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(&dir.path().join("huiqi.db")).unwrap();
    let f = eligible_firm(&mut app);
    // An earlier draft for the same measure and year is taken up, not duplicated.
    let draft = app
        .add_claim(
            f,
            &ClaimInputDto {
                year: 2026,
                note: Some("准备中".into()),
                ..input(None, Some(ClaimStateDto::Draft))
            },
        )
        .unwrap();
    let req = DossierRequestDto {
        firm_id: f,
        as_of: AS_OF.into(),
        year: None,
        measures: vec![MEASURE.into()],
        appendix: false,
    };
    let out = dir.path().join("申报材料.pdf");
    app.save_dossier(&req, &out).unwrap();
    let claims = app.claims(f).unwrap();
    assert_eq!(claims.len(), 1, "{claims:?}");
    let c = &claims[0];
    assert_eq!(c.id, draft.id);
    assert_eq!(c.state, ClaimStateDto::Submitted);
    assert_eq!((c.year, c.submitted_on.as_deref()), (2026, Some(AS_OF)));
    // 10% × 1,200万 = 120万元 (clause 7a: exact).
    assert_eq!(c.amount.as_deref(), Some("1200000"));
    assert_eq!(c.note.as_deref(), Some("准备中"));
    let h = app.claim_history(f, c.id).unwrap();
    assert_eq!(h.last().unwrap().source, "dossier");

    // Saving again records nothing new.
    app.save_dossier(&req, &out).unwrap();
    assert_eq!(app.claims(f).unwrap(), claims);
    assert_eq!(app.claim_history(f, c.id).unwrap().len(), 2);
}

#[test]
fn a_rejected_claim_does_not_stop_a_new_submission() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(&dir.path().join("huiqi.db")).unwrap();
    let f = eligible_firm(&mut app);
    let old = app
        .add_claim(
            f,
            &ClaimInputDto {
                year: 2026,
                ..input(None, Some(ClaimStateDto::Rejected))
            },
        )
        .unwrap();
    let req = DossierRequestDto {
        firm_id: f,
        as_of: AS_OF.into(),
        year: None,
        measures: vec![MEASURE.into()],
        appendix: false,
    };
    app.save_dossier(&req, &dir.path().join("d.pdf")).unwrap();
    let states: Vec<(i64, ClaimStateDto)> = app
        .claims(f)
        .unwrap()
        .iter()
        .map(|c| (c.id, c.state))
        .collect();
    assert_eq!(states.len(), 2);
    assert!(states.contains(&(old.id, ClaimStateDto::Rejected)));
    assert!(
        states
            .iter()
            .any(|(id, s)| *id != old.id && *s == ClaimStateDto::Submitted)
    );
}
