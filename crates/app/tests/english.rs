//! The results screen in English (issue 16 item 7): `assess_in(.., Lang::En)` explains in
//! English — reasons, hints, calculation, trace, labels, document names — and decides exactly
//! as the Chinese assessment, which stays the default (`assess`).

use huiqi_app::dto::{AnswerKeyDto, AssessmentDto, NewFirmDto};
use huiqi_app::{App, Lang};
use huiqi_catalog::render::has_han;

const PROJECT: &str = "jinan-gyqs-2020.project";
const AS_OF: &str = "2026-11-30";

fn key(fact: &str, item: Option<&str>) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: fact.into(),
        item_kind: item.map(|_| PROJECT.into()),
        item_id: item.map(str::to_string),
    }
}

/// A firm with answers of every kind: money, a choice, yes/no, a date, an item, and
/// "don't know".
fn firm(app: &mut App) -> i64 {
    let firm = app
        .create_firm(NewFirmDto {
            name: "济南示例机械有限公司".into(),
            region: Some("370102".into()),
            industry: Some("C34".into()),
            ..NewFirmDto::default()
        })
        .unwrap()
        .id;
    let item = app.add_item(firm, PROJECT, Some("Line A".into())).unwrap();
    for (fact, text, on_item) in [
        ("firm.above_scale", "是", false),
        ("firm.revenue_last_year", "3亿元", false),
        ("firm.is_sme", "不清楚", false),
        ("jinan-gyqs-2020.project.track", "ordinary", true),
        (
            "jinan-gyqs-2020.project.equipment_investment",
            "1200万",
            true,
        ),
        ("jinan-gyqs-2020.project.completed_on", "2026-06-30", true),
    ] {
        let k = key(fact, on_item.then_some(item.as_str()));
        app.save_answer(firm, &k, text, AS_OF).unwrap();
    }
    firm
}

/// Every text of the assessment a person reads that is not the firm's own or a quote.
fn texts(a: &AssessmentDto) -> Vec<String> {
    let mut out: Vec<String> = a.overrides.clone();
    out.extend(a.by_document.iter().map(|d| d.title.clone()));
    for o in &a.outcomes {
        out.push(o.document_title.clone());
        out.extend(o.title_en.clone());
        out.extend(o.validity_note.clone());
        out.extend(o.received.clone());
        out.extend(o.missing.clone());
        out.extend(o.missing_items.clone());
        out.extend(o.failed.clone());
        out.extend(o.calculation.clone());
        out.extend(o.hints.clone());
        out.extend(o.dropped.clone());
        for t in &o.trace {
            out.push(t.step.clone());
            out.push(t.detail.clone());
            for (label, value) in &t.facts {
                out.push(label.clone());
                out.push(value.clone());
            }
        }
        for i in &o.items {
            out.extend(i.calculation.clone());
            out.extend(i.failed.clone());
            out.extend(i.missing.clone());
        }
    }
    out
}

#[test]
fn the_english_assessment_has_no_chinese_and_decides_as_the_chinese() {
    let mut app = App::open_in_memory().unwrap();
    let firm = firm(&mut app);
    let zh = app.assess(firm, AS_OF, None).unwrap();
    let en = app.assess_in(firm, AS_OF, None, Lang::En).unwrap();
    assert_eq!(zh.totals, en.totals);
    let decisions = |a: &AssessmentDto| {
        a.outcomes
            .iter()
            .map(|o| (o.measure.clone(), o.status.clone(), o.amount.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(decisions(&zh), decisions(&en));
    let chinese: Vec<String> = texts(&en).into_iter().filter(|t| has_han(t)).collect();
    assert_eq!(chinese, Vec::<String>::new());
    // The firm answered money, and its equipment award computes in yuan.
    let award = en
        .outcomes
        .iter()
        .find(|o| o.measure == "jinan-gyqs-2020/7a")
        .unwrap();
    assert_eq!(award.status, "eligible");
    assert!(
        award
            .calculation
            .iter()
            .any(|l| l.contains("12,000,000.00 yuan × 10% = 1,200,000.00 yuan")),
        "{:?}",
        award.calculation
    );
    // "Not answered" is told from "don't know" in English too.
    let read: Vec<&str> = en
        .outcomes
        .iter()
        .flat_map(|o| &o.trace)
        .flat_map(|t| &t.facts)
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(
        read.contains(&"not answered") && read.contains(&"unknown"),
        "{read:?}"
    );
    // The Chinese assessment is still Chinese.
    assert!(texts(&zh).iter().any(|t| t.contains("元")));
}
