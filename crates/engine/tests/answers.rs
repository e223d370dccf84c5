//! Answer parsing through `huiqi_engine::parse_answer`, against the real fact definitions of
//! the built-in catalogue: every accepted form and every rejected one, and each rejection
//! names the question (the fact's label).

use chrono::NaiveDate;
use huiqi_catalog::{Catalogue, FactDef, FactType};
use huiqi_engine::{Value, parse_answer};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::OnceLock;

fn cat() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::builtin().expect("built-in catalogue loads"))
}

fn fact(id: &str) -> &'static FactDef {
    cat()
        .fact(id)
        .unwrap_or_else(|| panic!("fact {id} in the catalogue"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ok(id: &str, text: &str) -> Value {
    match parse_answer(cat(), fact(id), text, None) {
        Ok(Some(v)) => v,
        other => panic!("{id} = {text:?}: expected a value, got {other:?}"),
    }
}

/// Rejected, and the message names the question.
fn rejected(id: &str, text: &str, as_of: Option<NaiveDate>) -> String {
    let def = fact(id);
    match parse_answer(cat(), def, text, as_of) {
        Err(e) => {
            assert_eq!(e.fact, id);
            assert_eq!(e.question, def.label);
            let shown = e.to_string();
            assert!(
                shown.contains(&def.label),
                "message {shown:?} does not name the question {:?}",
                def.label
            );
            shown
        }
        other => panic!("{id} = {text:?}: expected a rejection, got {other:?}"),
    }
}

const REVENUE: &str = "firm.revenue_last_year"; // money, unit 万元

#[test]
fn the_facts_used_here_have_the_expected_types() {
    assert_eq!(fact(REVENUE).ty, FactType::Money);
    assert_eq!(fact(REVENUE).unit.map(|u| u.label()), Some("万元"));
    assert_eq!(
        fact("jinan-2020-3.own_platform_sales")
            .unit
            .map(|u| u.label()),
        Some("亿元")
    );
    assert_eq!(
        fact("jinan-2020-3.platform_local_share").ty,
        FactType::Percent
    );
    assert_eq!(fact("firm.registered_on").ty, FactType::Date);
    assert!(fact("firm.registered_on").past_only);
    assert_eq!(fact("firm.high_tech").ty, FactType::Bool);
    assert_eq!(fact("firm.specialized_sme").ty, FactType::Choice);
    assert_eq!(fact("firm.region").ty, FactType::Region);
}

#[test]
fn money_in_every_written_form() {
    for text in [
        "1200万",
        "1,200万元",
        "0.12亿",
        "12000000元",
        "１２００万",
        "１，２００万元",
        " 1200 万元 ",
        "0.12亿元",
    ] {
        assert_eq!(ok(REVENUE, text), Value::Num(d("12000000")), "{text}");
    }
}

#[test]
fn a_bare_number_uses_the_questions_unit() {
    assert_eq!(ok(REVENUE, "1200"), Value::Num(d("12000000")));
    assert_eq!(ok(REVENUE, "1,200"), Value::Num(d("12000000")));
    assert_eq!(
        ok("jinan-2020-3.own_platform_sales", "0.12"),
        Value::Num(d("12000000"))
    );
    assert_eq!(ok(REVENUE, "0"), Value::Num(d("0")));
}

#[test]
fn bad_money_is_rejected_naming_the_question() {
    assert!(rejected(REVENUE, "-5", None).contains("负"));
    assert!(rejected(REVENUE, "-5万元", None).contains("负"));
    rejected(REVENUE, "abc", None);
    rejected(REVENUE, "1.2.3", None);
    rejected(REVENUE, "", None);
    rejected(REVENUE, "   ", None);
    rejected(REVENUE, "1e30", None);
    assert!(rejected(REVENUE, "99999999亿", None).contains("过大"));
    assert!(
        rejected(REVENUE, "99999999999999", None).contains("过大"),
        "a bare number in 万元 scaled past the limit"
    );
    rejected(REVENUE, "500美元", None);
}

#[test]
fn percentages_with_a_sign_or_as_a_fraction() {
    let id = "jinan-2020-3.platform_local_share";
    assert_eq!(ok(id, "30%"), Value::Num(d("0.3")));
    assert_eq!(ok(id, "３０％"), Value::Num(d("0.3")));
    assert_eq!(ok(id, "0.3"), Value::Num(d("0.3")));
    assert_eq!(ok(id, "100%"), Value::Num(d("1")));
    assert!(
        rejected(id, "30", None).contains("不明确"),
        "30 could be 30% or 3000%"
    );
    rejected(id, "1", None);
    rejected(id, "-30%", None);
    assert!(
        rejected(id, "130%", None).contains("不能大于"),
        "above the fact's max of 100%"
    );
    rejected(id, "30元", None);
}

#[test]
fn dates_in_both_notations() {
    let id = "firm.registered_on";
    assert_eq!(ok(id, "2026-03-15"), Value::Date(date(2026, 3, 15)));
    assert_eq!(ok(id, "2026年3月15日"), Value::Date(date(2026, 3, 15)));
    assert_eq!(
        ok(id, "２０２６年３月１５日"),
        Value::Date(date(2026, 3, 15))
    );
    rejected(id, "2026-02-30", None);
    rejected(id, "15/3/2026", None);
    rejected(id, "下个月", None);
}

#[test]
fn a_future_date_is_rejected_for_a_past_only_fact() {
    let id = "firm.registered_on";
    let as_of = Some(date(2026, 1, 1));
    assert!(rejected(id, "2026-03-15", as_of).contains("晚于评估日"));
    // The assessment day itself and earlier days are fine.
    assert_eq!(
        parse_answer(cat(), fact(id), "2026-01-01", as_of).unwrap(),
        Some(Value::Date(date(2026, 1, 1)))
    );
    assert_eq!(
        parse_answer(cat(), fact(id), "2025年12月31日", as_of).unwrap(),
        Some(Value::Date(date(2025, 12, 31)))
    );
    // Without an assessment date there is nothing to compare with.
    assert!(
        parse_answer(cat(), fact(id), "2030-01-01", None)
            .unwrap()
            .is_some()
    );
}

#[test]
fn dont_know_leaves_the_fact_unknown() {
    for id in [
        REVENUE,
        "firm.high_tech",
        "firm.registered_on",
        "firm.region",
        "firm.specialized_sme",
        "jinan-2020-3.platform_local_share",
    ] {
        assert_eq!(
            parse_answer(cat(), fact(id), "不清楚", None),
            Ok(None),
            "{id}"
        );
        assert_eq!(
            parse_answer(cat(), fact(id), " 不清楚 ", None),
            Ok(None),
            "{id}"
        );
    }
}

#[test]
fn yes_and_no() {
    let id = "firm.high_tech";
    for t in ["是", "yes", "Yes", "YES", "有", "true"] {
        assert_eq!(ok(id, t), Value::Bool(true), "{t}");
    }
    for t in ["否", "no", "No", "没有", "false"] {
        assert_eq!(ok(id, t), Value::Bool(false), "{t}");
    }
    assert!(rejected(id, "也许", None).contains("是"));
}

#[test]
fn choices_by_value_and_by_label() {
    let id = "firm.specialized_sme";
    let def = fact(id);
    assert!(!def.choices.is_empty());
    for c in &def.choices {
        assert_eq!(ok(id, &c.value), Value::Text(c.value.clone()));
        assert_eq!(ok(id, &c.label), Value::Text(c.value.clone()));
    }
    assert_eq!(
        ok(id, "省级专精特新中小企业"),
        Value::Text("province".into())
    );
    assert!(rejected(id, "部级", None).contains("可选"));
}

#[test]
fn regions_by_code_and_by_full_name() {
    let id = "firm.region";
    assert_eq!(ok(id, "370103"), Value::Text("370103".into()));
    assert_eq!(ok(id, "山东省济南市市中区"), Value::Text("370103".into()));
    assert_eq!(ok(id, "济南市"), Value::Text("370100".into()));
    rejected(id, "999999", None);
    rejected(id, "火星", None);
}

#[test]
fn expired_measures_are_asked_about_only_when_asked_for() {
    let cat = huiqi_catalog::Catalogue::builtin().expect("catalogue");
    let mut facts = huiqi_engine::Facts::default();
    facts.firm.insert(
        "firm.region".into(),
        huiqi_engine::Value::Text("370102".into()),
    );
    // 济南工业互联网 (2020) expired at the end of 2022: on 2026-11-30 nothing is asked for it…
    let only = ["jinan-iiot-2020/2.1a".to_string()];
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert!(huiqi_engine::questions(&cat, &facts, as_of, Some(&only)).is_empty());
    // …unless the firm wants to see what it missed: then the project is asked for.
    let missed =
        huiqi_engine::questions::questions_including_expired(&cat, &facts, as_of, Some(&only));
    assert!(
        missed
            .iter()
            .any(|q| q.add_item && q.fact == "jinan-iiot-2020.project"),
        "{missed:?}"
    );
}

/// A firm file answers each fact where it belongs: a firm-level fact inside an item, an
/// item's fact for the firm or in an item of another kind are refused, each naming the
/// question and where it belongs (before, the first would have shadowed the firm's own
/// answer for that item, the others were silently never read).
#[test]
fn a_firm_file_answers_each_fact_where_it_belongs() {
    let text = r#"
name = "甲"
[facts]
"firm.revenue_last_year" = "5000万元"
"jinan-gyqs-2020.project.track" = "ordinary"

[[items]]
kind = "jinan-gyqs-2020.project"
id = "p1"
[items.facts]
"firm.revenue_last_year" = "1万元"
"jinan-gyqs-2020.project.equipment_investment" = "3000万元"

[[items]]
kind = "cangzhou-lowalt-2025.passenger_route"
id = "r1"
[items.facts]
"jinan-gyqs-2020.project.equipment_investment" = "3000万元"
"#;
    let err = huiqi_engine::FirmFile::parse(text)
        .unwrap()
        .facts(cat(), None)
        .expect_err("misplaced answers are refused");
    let huiqi_engine::FirmFileError::Answers(errors) = err else {
        panic!("an answer error, not {err}");
    };
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.fact.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.contains(&(
        "jinan-gyqs-2020.project.track",
        "须属于一个条目（jinan-gyqs-2020.project） / must belong to an item (jinan-gyqs-2020.project)"
    )));
    assert!(found.contains(&(
        "firm.revenue_last_year",
        "是企业级问题，不属于条目 / a firm-level question, not an item's"
    )));
    assert!(found.iter().any(
        |(f, m)| *f == "jinan-gyqs-2020.project.equipment_investment"
            && m.contains("not cangzhou-lowalt-2025.passenger_route")
    ));
    // Each names the question as the firm sees it.
    let revenue = errors
        .iter()
        .find(|e| e.fact == "firm.revenue_last_year")
        .unwrap();
    assert_eq!(revenue.question, fact("firm.revenue_last_year").label);
}
