//! The desktop journey through the facade, as the UI drives it: a Jinan manufacturer answers
//! the questionnaire of 《济南市工业强市…》 clause 7 (普通技改: 10% of equipment investment,
//! at most 1000万元 per firm), sees the amount, attaches evidence and saves the dossier.
//! Expected figures are read from the clause, not from the engine.

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, DossierRequestDto, NewFirmDto, QuestionDto};

const MEASURE: &str = "jinan-gyqs-2020/7a";
const PROJECT: &str = "jinan-gyqs-2020.project";
const AS_OF: &str = "2026-11-30";

fn firm_key(fact: &str) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: fact.into(),
        item_kind: None,
        item_id: None,
    }
}

fn item_key(fact: &str, id: &str) -> AnswerKeyDto {
    AnswerKeyDto {
        fact: format!("{PROJECT}.{fact}"),
        item_kind: Some(PROJECT.into()),
        item_id: Some(id.into()),
    }
}

fn jinan_firm(app: &mut App) -> i64 {
    app.create_firm(NewFirmDto {
        name: "济南示例机械有限公司".into(),
        credit_code: Some("91350100M000100Y43".into()),
        region: Some("370102".into()),
        industry: Some("C34".into()),
        ..NewFirmDto::default()
    })
    .unwrap()
    .id
}

fn open_facts(qs: &[QuestionDto]) -> Vec<String> {
    qs.iter()
        .filter(|q| q.open)
        .map(|q| q.key.fact.clone())
        .collect()
}

#[test]
fn questionnaire_to_amount_to_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::open(&dir.path().join("huiqi.db")).unwrap();
    let firm = jinan_firm(&mut app);
    let only = [MEASURE.to_string()];

    // Region comes from the profile and 工业企业 from the industry (C34 is manufacturing), so
    // nothing is asked about the firm; the measure pays per project, so a project must be added.
    let q = app.questionnaire(firm, &only, AS_OF, None, false).unwrap();
    assert!(open_facts(&q.firm_questions).is_empty());
    let group = q.item_groups.iter().find(|g| g.kind == PROJECT).unwrap();
    assert!(group.needs_item && group.items.is_empty());
    let project = app
        .add_item(firm, PROJECT, Some("数控车间改造".into()))
        .unwrap();
    let q = app.questionnaire(firm, &only, AS_OF, None, false).unwrap();
    let item = &q.item_groups[0].items[0];
    assert_eq!(item.label.as_deref(), Some("数控车间改造"));
    let asked: Vec<&str> = item.questions.iter().map(|q| q.key.fact.as_str()).collect();
    assert!(
        asked.contains(&"jinan-gyqs-2020.project.track"),
        "{asked:?}"
    );

    // Bad answers are refused with the question named, and nothing is stored.
    let bad = app.save_answer(
        firm,
        &item_key("equipment_investment", &project),
        "-5",
        AS_OF,
    );
    assert!(bad.unwrap_err().message_zh().contains("项目实际设备投资额"));
    let future = app.save_answer(
        firm,
        &item_key("completed_on", &project),
        "2027-01-01",
        AS_OF,
    );
    assert!(
        future.is_err(),
        "a completion date after the assessment date is refused"
    );
    assert!(
        app.answer_history(firm, &item_key("equipment_investment", &project))
            .unwrap()
            .is_empty()
    );

    // The live preview reads 1,200万 as 12,000,000 元.
    let p = app.preview_answer(
        "jinan-gyqs-2020.project.equipment_investment",
        "1,200万",
        AS_OF,
    );
    assert!(p.ok);
    assert!(p.display.unwrap().contains("12,000,000"));

    for (fact, text) in [
        ("track", "ordinary"),
        ("equipment_investment", "1,200万"),
        ("completed_on", "2026年6月30日"),
    ] {
        app.save_answer(firm, &item_key(fact, &project), text, AS_OF)
            .unwrap();
    }
    let q = app.questionnaire(firm, &only, AS_OF, None, false).unwrap();
    assert_eq!(q.open, 0, "nothing left to ask: {q:#?}");
    assert!(q.answered >= 3);

    // 10% × 1200万 = 120万元, under the 1000万 cap.
    let a = app.assess(firm, AS_OF, None).unwrap();
    let o = a.outcomes.iter().find(|o| o.measure == MEASURE).unwrap();
    assert_eq!(o.status, "eligible");
    assert_eq!(o.amount.as_deref(), Some("1200000.00"));
    assert_eq!(o.items[0].label.as_deref(), Some("数控车间改造"));
    assert!(
        a.by_document
            .iter()
            .any(|d| d.document == "jinan-gyqs-2020" && d.exact == "1200000.00")
    );

    // Evidence on one checklist line, then the dossier.
    let evidence_file = dir.path().join("设备发票.pdf");
    std::fs::write(&evidence_file, b"%PDF-1.4 invoice").unwrap();
    let att = app
        .attach_file(firm, MEASURE, Some("设备清单".into()), &evidence_file)
        .unwrap();
    assert_eq!(att.evidence.as_deref(), Some("设备清单"));
    assert_eq!(app.attachments(firm).unwrap().len(), 1);

    let req = DossierRequestDto {
        firm_id: firm,
        as_of: AS_OF.into(),
        year: None,
        measures: vec![MEASURE.into()],
        appendix: false,
    };
    let preview = app.dossier_preview(&req).unwrap();
    assert!(preview.pages.len() >= 4, "cover, 目录, 承诺书, measure");
    assert!(preview.pages[0].contains("济南示例机械有限公司"));
    let all = preview.pages.concat();
    assert!(
        all.contains("设备发票.pdf"),
        "the attached file is in the checklist"
    );
    let out = dir.path().join("申报材料.pdf");
    let saved = app.save_dossier(&req, &out).unwrap();
    assert_eq!(saved.page_count as usize, preview.pages.len());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(saved.bytes as usize, bytes.len());
}

#[test]
fn history_undo_and_profile_stay_in_step() {
    let mut app = App::open_in_memory().unwrap();
    let firm = jinan_firm(&mut app);
    let key = firm_key("firm.region");
    // Moving the firm in the questionnaire moves its profile too, and undo moves it back.
    app.save_answer(firm, &key, "370103", AS_OF).unwrap();
    assert_eq!(
        app.get_firm(firm).unwrap().profile.region.as_deref(),
        Some("370103")
    );
    let undone = app.undo_answer(firm, &key).unwrap().unwrap();
    assert_eq!(undone.source, "undo");
    let detail = app.firm_detail(firm).unwrap();
    assert_eq!(detail.firm.profile.region.as_deref(), Some("370102"));
    assert_eq!(detail.region_name.as_deref(), Some("山东省济南市历下区"));
    assert_eq!(app.answer_history(firm, &key).unwrap().len(), 3);

    // A profile edit with an unknown region code is refused and changes nothing.
    let mut p = detail.firm.profile.clone();
    p.region = Some("999999".into());
    assert!(app.update_firm(firm, p).is_err());
    assert_eq!(
        app.get_firm(firm).unwrap().profile.region.as_deref(),
        Some("370102")
    );
}

#[test]
fn two_firms_keep_their_own_answers_and_copies_are_independent() {
    let mut app = App::open_in_memory().unwrap();
    let a = jinan_firm(&mut app);
    let b = jinan_firm(&mut app);
    app.save_answer(a, &firm_key("firm.is_industrial"), "是", AS_OF)
        .unwrap();
    app.save_answer(b, &firm_key("firm.is_industrial"), "否", AS_OF)
        .unwrap();
    let answer = |app: &App, firm| {
        app.questionnaire(firm, &[MEASURE.to_string()], AS_OF, None, false)
            .unwrap()
            .firm_questions
            .iter()
            .find(|q| q.key.fact == "firm.is_industrial")
            .and_then(|q| q.answer.clone())
    };
    assert_eq!(answer(&app, a).as_deref(), Some("是"));
    assert_eq!(answer(&app, b).as_deref(), Some("否"));

    let copy = app.duplicate_firm(a).unwrap();
    assert!(copy.profile.name.ends_with("（副本）"));
    assert_eq!(answer(&app, copy.id).as_deref(), Some("是"));
    app.save_answer(copy.id, &firm_key("firm.is_industrial"), "否", AS_OF)
        .unwrap();
    assert_eq!(
        answer(&app, a).as_deref(),
        Some("是"),
        "the original is untouched"
    );
    app.delete_firm(copy.id).unwrap();
    assert_eq!(app.list_firms().unwrap().len(), 2);
}

#[test]
fn batch_reports_progress_and_stops_when_cancelled() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut app = App::open_in_memory().unwrap();
    for _ in 0..3 {
        jinan_firm(&mut app);
    }
    let mut seen = Vec::new();
    let rows = app
        .assess_firms(
            &[],
            (AS_OF, None),
            &mut |p| seen.push(p.done),
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(seen, [0, 1, 2, 3]);

    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let result = app.assess_firms(
        &[],
        (AS_OF, None),
        &mut |_| {
            calls += 1;
            cancel.store(true, Ordering::Relaxed);
        },
        &cancel,
    );
    assert!(matches!(result, Err(huiqi_app::AppError::Cancelled)));
    assert_eq!(calls, 1, "stopped before the second firm");
}

#[test]
fn library_lists_documents_with_their_standing() {
    let app = App::open_in_memory().unwrap();
    let docs = app.documents(AS_OF).unwrap();
    assert_eq!(docs.len(), 20);
    let d = docs.iter().find(|d| d.key == "jinan-gyqs-2020").unwrap();
    assert_eq!(d.region_names, ["山东省济南市"]);
    let detail = app.document("jinan-gyqs-2020", AS_OF).unwrap();
    let seven: String = detail
        .source
        .iter()
        .filter(|s| s.measures.iter().any(|m| m == MEASURE))
        .map(|s| s.text.as_str())
        .collect();
    assert!(seven.contains("实际设备投资额 10% 的奖补"));
    assert!(app.document("no-such-doc", AS_OF).is_err());
    assert!(
        app.documents("2026-13-01").is_err(),
        "a bad date is refused"
    );
}
