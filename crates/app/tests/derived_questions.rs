//! A questionnaire that ends: facts the other answers decide are not asked. 工业企业 follows
//! from the GB/T 4754 section of the industry (facts.toml: "从事采矿业、制造业或电力、热力、燃气
//! 及水生产和供应业的企业为工业企业" — sections B, C, D), and the audiovisual follow-ups wait for
//! 是否为广电视听企业 and are not asked after 否.

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, NewFirmDto, QuestionnaireDto};

const AS_OF: &str = "2026-11-30";
const AV: &str = "shandong-av-2025.is_av_firm";
/// Follow-ups of 是否为广电视听企业 that only an audiovisual firm can be.
const AV_FOLLOW_UPS: [&str; 3] = [
    "shandong-av-2025.named_base",
    "shandong-av-2025.is_film_producer",
    "shandong-av-2025.returnee_founded",
];

fn firm(app: &mut App, region: &str, industry: &str) -> i64 {
    app.create_firm(NewFirmDto {
        name: "测试企业".into(),
        region: Some(region.into()),
        industry: Some(industry.into()),
        ..NewFirmDto::default()
    })
    .unwrap()
    .id
}

fn asked(q: &QuestionnaireDto) -> Vec<String> {
    q.firm_questions
        .iter()
        .filter(|q| q.open)
        .map(|q| q.key.fact.clone())
        .collect()
}

fn answer(app: &mut App, firm: i64, fact: &str, text: &str) {
    let key = AnswerKeyDto {
        fact: fact.into(),
        item_kind: None,
        item_id: None,
    };
    app.save_answer(firm, &key, text, AS_OF).unwrap();
}

#[test]
fn industrial_follows_from_the_industry_section() {
    let mut app = App::open_in_memory().unwrap();
    // C35 专用设备制造业: a manufacturer is an industrial firm without being asked.
    let maker = firm(&mut app, "370113", "C35");
    let q = app.questionnaire(maker, &[], AS_OF, None, false).unwrap();
    assert!(!asked(&q).contains(&"firm.is_industrial".to_string()));
    let a = app.assess(maker, AS_OF, None).unwrap();
    let scope = a
        .outcomes
        .iter()
        .find(|o| o.measure == "jinan-gyqs-2020/7a")
        .unwrap()
        .trace
        .iter()
        .find(|t| t.step == "适用对象")
        .unwrap()
        .clone();
    assert_eq!(scope.result, "true", "{scope:?}");

    // F51 批发业: not industrial, so the measures for industrial firms do not apply.
    let trader = firm(&mut app, "370113", "F51");
    let q = app.questionnaire(trader, &[], AS_OF, None, false).unwrap();
    assert!(!asked(&q).contains(&"firm.is_industrial".to_string()));
    let a = app.assess(trader, AS_OF, None).unwrap();
    let o = a
        .outcomes
        .iter()
        .find(|o| o.measure == "jinan-gyqs-2020/7a")
        .unwrap();
    assert_eq!(o.status, "out_of_scope");
}

#[test]
fn an_answer_given_wins_over_the_derived_one() {
    let mut app = App::open_in_memory().unwrap();
    let trader = firm(&mut app, "370113", "F51");
    answer(&mut app, trader, "firm.is_industrial", "是");
    let a = app.assess(trader, AS_OF, None).unwrap();
    let o = a
        .outcomes
        .iter()
        .find(|o| o.measure == "jinan-gyqs-2020/7a")
        .unwrap();
    assert_ne!(o.status, "out_of_scope");
}

#[test]
fn audiovisual_follow_ups_wait_for_the_screening_question() {
    let mut app = App::open_in_memory().unwrap();
    // 青岛市: the provincial audiovisual measures apply there.
    let f = firm(&mut app, "370202", "C35");
    let only: Vec<String> = vec![
        "shandong-av-2025/5a".into(),
        "shandong-av-2025/15a".into(),
        "shandong-av-2025/27a".into(),
    ];
    let q = app.questionnaire(f, &only, AS_OF, None, false).unwrap();
    assert_eq!(asked(&q), [AV], "the screening question first, alone");

    answer(&mut app, f, AV, "否");
    let q = app.questionnaire(f, &only, AS_OF, None, false).unwrap();
    assert!(asked(&q).is_empty(), "{:?}", asked(&q));
    assert_eq!(q.open, 0);
    let a = app.assess(f, AS_OF, None).unwrap();
    for m in &only {
        let o = a.outcomes.iter().find(|o| &o.measure == m).unwrap();
        assert_ne!(o.status, "undecided", "{m} is settled by 否");
    }

    answer(&mut app, f, AV, "是");
    let q = app.questionnaire(f, &only, AS_OF, None, false).unwrap();
    let now = asked(&q);
    for fact in AV_FOLLOW_UPS {
        assert!(
            now.contains(&fact.to_string()),
            "{fact} asked after 是: {now:?}"
        );
    }
}
