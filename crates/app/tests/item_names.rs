//! Names, not ids: an item created in the app carries the name the user typed, or
//! "技术改造项目 1" when none was typed, and every text a person reads — results, explanations,
//! the printed dossier — names it so; the item's hash id never shows.

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, DossierRequestDto, NewFirmDto};

const MEASURE: &str = "jinan-gyqs-2020/7a";
const PROJECT: &str = "jinan-gyqs-2020.project";
const AS_OF: &str = "2026-11-30";

fn item_key(fact: &str, id: &str) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: format!("{PROJECT}.{fact}"),
        item_kind: Some(PROJECT.into()),
        item_id: Some(id.into()),
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

fn ordinary_project(app: &mut App, firm: i64, id: &str, investment: &str) {
    for (fact, text) in [
        ("track", "ordinary"),
        ("equipment_investment", investment),
        ("completed_on", "2026-06-30"),
    ] {
        app.save_answer(firm, &item_key(fact, id), text, AS_OF)
            .unwrap();
    }
}

#[test]
fn items_without_a_typed_name_are_numbered_by_their_kind() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    let first = app.add_item(firm, PROJECT, None).unwrap();
    let second = app.add_item(firm, PROJECT, Some("  ".into())).unwrap();
    let q = app
        .questionnaire(firm, &[MEASURE.into()], AS_OF, None, false)
        .unwrap();
    let mut labels: Vec<(&str, Option<&str>)> = q.item_groups[0]
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.label.as_deref()))
        .collect();
    // Items created within the same millisecond list in id order; the names say which is which.
    labels.sort_by_key(|(_, l)| *l);
    assert_eq!(
        labels,
        [
            (first.as_str(), Some("技术改造项目 1")),
            (second.as_str(), Some("技术改造项目 2"))
        ]
    );
    // Removing the first and adding again does not repeat a name still in use (the removed
    // item may come back with undo, so its name is not handed out again either).
    app.remove_item(firm, PROJECT, &first).unwrap();
    let third = app.add_item(firm, PROJECT, None).unwrap();
    let q = app
        .questionnaire(firm, &[MEASURE.into()], AS_OF, None, false)
        .unwrap();
    let third_label = q.item_groups[0]
        .items
        .iter()
        .find(|i| i.id == third)
        .and_then(|i| i.label.clone());
    assert_eq!(third_label.as_deref(), Some("技术改造项目 3"));
}

#[test]
fn results_and_dossier_name_items_as_typed() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    app.save_answer(
        firm,
        &AnswerKeyDto {
            fact: "firm.is_industrial".into(),
            item_kind: None,
            item_id: None,
        },
        "是",
        AS_OF,
    )
    .unwrap();
    let a = app
        .add_item(firm, PROJECT, Some("数控车间改造".into()))
        .unwrap();
    let b = app.add_item(firm, PROJECT, None).unwrap();
    ordinary_project(&mut app, firm, &a, "1,200万");
    ordinary_project(&mut app, firm, &b, "300万");

    let result = app.assess(firm, AS_OF, None).unwrap();
    let o = result
        .outcomes
        .iter()
        .find(|o| o.measure == MEASURE)
        .unwrap();
    // 10% of 1200万 and of 300万: 120万 + 30万 (clause 7, under the 1000万 cap).
    assert_eq!(o.amount.as_deref(), Some("1500000.00"));
    let item_texts: Vec<_> = o
        .items
        .iter()
        .map(|i| (&i.label, &i.calculation, &i.failed))
        .collect();
    let text = format!("{:?}", (&o.calculation, &o.trace, &o.hints, item_texts));
    assert!(text.contains("〔数控车间改造〕"), "{text}");
    assert!(text.contains("〔技术改造项目 2〕"), "{text}");
    assert!(
        !text.contains(&a) && !text.contains(&b),
        "no id shows: {text}"
    );

    let req = DossierRequestDto {
        firm_id: firm,
        as_of: AS_OF.into(),
        year: None,
        measures: vec![MEASURE.into()],
        appendix: false,
    };
    let pages = app.dossier_preview(&req).unwrap().pages.concat();
    assert!(pages.contains("数控车间改造"));
    assert!(pages.contains("技术改造项目 2"));
    assert!(
        !pages.contains(&a) && !pages.contains(&b),
        "no id is printed"
    );
}

#[test]
fn a_lower_tier_names_the_tier_that_pays_and_gives_no_advice() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    let p = app
        .add_item(firm, PROJECT, Some("整线改造".into()))
        .unwrap();
    for (fact, text) in [
        ("track", "line"),
        ("equipment_investment", "1000万"),
        ("software_investment", "0"),
        ("completed_on", "2026-06-30"),
    ] {
        app.save_answer(firm, &item_key(fact, &p), text, AS_OF)
            .unwrap();
    }
    let a = app.assess(firm, AS_OF, None).unwrap();
    let line = a
        .outcomes
        .iter()
        .find(|o| o.measure == "jinan-gyqs-2020/7b")
        .unwrap();
    // 整生产线智能化改造: 12% × 1000万 = 120万 (clause 7).
    assert_eq!(line.amount.as_deref(), Some("1200000.00"), "{line:#?}");
    let ordinary = a.outcomes.iter().find(|o| o.measure == MEASURE).unwrap();
    assert_eq!(ordinary.status, "not_eligible");
    assert_eq!(ordinary.superseded_by, ["jinan-gyqs-2020/7b"]);
    assert!(ordinary.hints.is_empty(), "{:?}", ordinary.hints);
}

#[test]
fn unanswered_facts_read_unanswered_and_dont_know_stays() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    let a = app.assess(firm, AS_OF, None).unwrap();
    let facts_of = |a: &huiqi_app::dto::AssessmentDto, label: &str| -> Vec<String> {
        a.outcomes
            .iter()
            .flat_map(|o| &o.trace)
            .flat_map(|s| &s.facts)
            .filter(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let sme = "是否为中小企业（按工业和信息化部等部门中小企业划型标准）";
    let before = facts_of(&a, sme);
    assert!(
        !before.is_empty() && before.iter().all(|v| v == "未回答"),
        "{before:?}"
    );
    app.save_answer(
        firm,
        &AnswerKeyDto {
            fact: "firm.is_sme".into(),
            item_kind: None,
            item_id: None,
        },
        "不清楚",
        AS_OF,
    )
    .unwrap();
    let after = facts_of(&app.assess(firm, AS_OF, None).unwrap(), sme);
    assert!(after.iter().all(|v| v == "不清楚"), "{after:?}");
}

#[test]
fn the_claims_ledger_names_the_item() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    let p = app
        .add_item(firm, PROJECT, Some("数控车间改造".into()))
        .unwrap();
    app.add_claim(
        firm,
        &huiqi_app::dto::ClaimInputDto {
            measure: MEASURE.into(),
            item: Some(p.clone()),
            year: 2025,
            amount: Some("120万元".into()),
            state: None,
            submitted_on: None,
            decided_on: None,
            paid_on: None,
            reference: None,
            note: None,
        },
    )
    .unwrap();
    let c = &app.claims(firm).unwrap()[0];
    assert_eq!(c.item.as_deref(), Some(p.as_str()));
    assert_eq!(c.item_name.as_deref(), Some("数控车间改造"));
}
