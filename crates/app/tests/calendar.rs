//! The firm calendar, on a Cangzhou route whose 2026 year is still open. Expected dates come
//! from the document: in force to 2026-12-31 (有效期至2026年12月31日), claims the year after
//! (次年申报, read as to 2027-12-31), and route subsidies per year (200元/架次 for 市内交通).

use chrono::NaiveDate;
use huiqi_app::calendar::{self, EntryKind};
use huiqi_catalog::Catalogue;
use huiqi_engine::{FirmFile, Period, assess};
use rust_decimal::Decimal;

const FIRM: &str = r#"
name = "沧州某通用航空有限公司"
[facts]
"firm.region" = "130903"
"cangzhou-lowalt-2025.is_lowalt_firm" = "是"
[[items]]
kind = "cangzhou-lowalt-2025.passenger_route"
id = "r1"
[items.facts]
"cangzhou-lowalt-2025.passenger_route.category" = "urban"
"cangzhou-lowalt-2025.passenger_route.approved_new" = "是"
"cangzhou-lowalt-2025.passenger_route.public_ticketing" = "是"
"cangzhou-lowalt-2025.passenger_route.sorties@2025" = "1200"
"cangzhou-lowalt-2025.passenger_route.sorties@2026" = "850"
"cangzhou-lowalt-2025.passenger_route.opened_on" = "2025-03-01"
"cangzhou-lowalt-2025.passenger_route.county_rewarded" = "否"
"#;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn calendar_for(extra: &str, as_of: &str, year: i32) -> Vec<calendar::Entry> {
    let cat = Catalogue::builtin().unwrap();
    let file = FirmFile::parse(&format!("{FIRM}{extra}")).unwrap();
    let facts = file.facts(&cat, Some(date(as_of))).unwrap();
    let period = Period::new(date(as_of), year);
    let a = assess(&cat, &facts, period.clone(), None);
    calendar::entries(&cat, &facts, &a, &period)
}

fn find(entries: &[calendar::Entry], kind: EntryKind, measure: Option<&str>) -> calendar::Entry {
    entries
        .iter()
        .find(|e| {
            e.kind == kind
                && e.document == "cangzhou-lowalt-2025"
                && e.measure.as_deref() == measure
        })
        .unwrap_or_else(|| panic!("no {kind:?} for {measure:?} in {entries:#?}"))
        .clone()
}

#[test]
fn open_year_lists_claimable_date_expiry_and_claim_window_in_order() {
    let entries = calendar_for("", "2026-11-30", 2026);
    let route = find(
        &entries,
        EntryKind::BecomesClaimable,
        Some("cangzhou-lowalt-2025/1.3"),
    );
    assert_eq!(route.date, Some(date("2027-01-01")));
    assert_eq!(route.amount, Some(Decimal::from(170_000)));
    let expires = find(&entries, EntryKind::DocumentExpires, None);
    assert_eq!(expires.date, Some(date("2026-12-31")));
    let closes = find(&entries, EntryKind::ClaimWindowCloses, None);
    assert_eq!(closes.date, Some(date("2027-12-31")));
    let dates: Vec<_> = entries.iter().map(|e| e.date).collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| (d.is_none(), *d));
    assert_eq!(dates, sorted, "earliest first");
    assert!(
        entries
            .iter()
            .all(|e| e.date.is_none_or(|d| d >= date("2026-11-30")))
    );
}

#[test]
fn after_expiry_only_the_claim_window_remains_and_a_draft_is_dated_by_it() {
    let draft = r#"
[[received]]
measure = "cangzhou-lowalt-2025/1.3"
year = 2026
amount = "17万元"
state = "draft"
"#;
    let entries = calendar_for(draft, "2027-02-01", 2026);
    assert!(
        entries.iter().all(|e| e.kind != EntryKind::DocumentExpires),
        "the document ended before the assessment date: {entries:#?}"
    );
    let closes = find(&entries, EntryKind::ClaimWindowCloses, None);
    assert_eq!(closes.date, Some(date("2027-12-31")));
    let d = find(
        &entries,
        EntryKind::DraftNotSubmitted,
        Some("cangzhou-lowalt-2025/1.3"),
    );
    assert_eq!(d.date, Some(date("2027-12-31")));
    assert_eq!(d.amount, Some(Decimal::from(170_000)));
}

#[test]
fn a_firm_without_a_region_sees_no_region_s_documents() {
    let cat = Catalogue::builtin().unwrap();
    let facts = FirmFile::parse("name = \"某公司\"\n[facts]\n\"firm.industry\" = \"C34\"\n")
        .unwrap()
        .facts(&cat, Some(date("2026-11-30")))
        .unwrap();
    let period = Period::new(date("2026-11-30"), 2026);
    let a = assess(&cat, &facts, period.clone(), None);
    let entries = calendar::entries(&cat, &facts, &a, &period);
    assert!(entries.is_empty(), "{entries:#?}");
}

#[test]
fn ics_has_one_all_day_event_per_dated_entry_and_no_clock() {
    let entries = calendar_for("", "2026-11-30", 2026);
    let a = calendar::to_ics(
        "沧州某通用航空有限公司",
        "firm-1",
        &entries,
        date("2026-11-30"),
    );
    let b = calendar::to_ics(
        "沧州某通用航空有限公司",
        "firm-1",
        &entries,
        date("2026-11-30"),
    );
    assert_eq!(a, b, "same input, same bytes");
    assert_eq!(a.matches("BEGIN:VEVENT").count(), entries.len());
    // Lines longer than 75 octets are folded (CRLF + space); read them unfolded.
    let a = a.replace("\r\n ", "");
    assert!(a.contains("DTSTART;VALUE=DATE:20270101\r\n"), "{a}");
    assert!(a.contains("DTEND;VALUE=DATE:20270102\r\n"), "{a}");
    assert!(a.contains("DTSTAMP:20261130T000000Z"), "{a}");
    assert!(
        a.contains("170\\,000.00"),
        "commas are escaped in TEXT values: {a}"
    );
}

// ---------------------------------------------------------------- through the facade

mod facade {
    use huiqi_app::App;
    use huiqi_app::dto::{AnswerKeyDto, NewFirmDto};

    const KIND: &str = "cangzhou-lowalt-2025.passenger_route";

    fn key(fact: &str, item: Option<&str>) -> AnswerKeyDto {
        AnswerKeyDto {
            fact: fact.to_string(),
            item_kind: item.map(|_| KIND.to_string()),
            item_id: item.map(str::to_string),
        }
    }

    fn cangzhou_firm(app: &mut App, name: &str) -> i64 {
        let id = app
            .create_firm(NewFirmDto {
                name: name.to_string(),
                credit_code: None,
                legal_rep: None,
                contact: None,
                phone: None,
                region: Some("130903".into()),
                industry: None,
            })
            .unwrap()
            .id;
        let as_of = "2026-11-30";
        app.save_answer(
            id,
            &key("cangzhou-lowalt-2025.is_lowalt_firm", None),
            "是",
            as_of,
        )
        .unwrap();
        let item = app.add_item(id, KIND, Some("市内航线".into())).unwrap();
        let p = "cangzhou-lowalt-2025.passenger_route";
        for (fact, text) in [
            ("category", "urban"),
            ("approved_new", "是"),
            ("public_ticketing", "是"),
            ("sorties@2026", "850"),
            ("opened_on", "2025-03-01"),
            ("county_rewarded", "否"),
        ] {
            app.save_answer(id, &key(&format!("{p}.{fact}"), Some(&item)), text, as_of)
                .unwrap();
        }
        id
    }

    #[test]
    fn the_firm_list_overview_has_open_questions_totals_and_the_next_date() {
        let mut app = App::open_in_memory().unwrap();
        let a = cangzhou_firm(&mut app, "沧州甲航空有限公司");
        let o = app.firm_overviews(&[a], "2026-11-30", Some(2026)).unwrap();
        assert_eq!(o.len(), 1);
        // The 2026 route year is accruing (17万 from 2027-01-01): in neither total.
        assert_eq!(o[0].exact, "0.00");
        // In force to 2026-12-31: the first date from 2026-11-30 on.
        assert_eq!(o[0].next_date.as_deref(), Some("2026-12-31"));
        assert_eq!(o[0].next_kind_zh.as_deref(), Some("政策到期"));
        assert!(
            o[0].open_questions > 0,
            "the other Cangzhou measures still ask"
        );
        let q = app
            .questionnaire(a, &[], "2026-11-30", Some(2026), false)
            .unwrap();
        assert_eq!(o[0].open_questions, q.open, "the questionnaire's own count");
        assert!(o[0].error.is_none());
        assert!(app.firm_overviews(&[a + 99], "2026-11-30", None).is_err());
    }

    #[test]
    fn every_firm_merged_by_date_and_saved_as_ics() {
        let mut app = App::open_in_memory().unwrap();
        let a = cangzhou_firm(&mut app, "沧州甲航空有限公司");
        let b = cangzhou_firm(&mut app, "沧州乙航空有限公司");
        let one = app.calendar(Some(a), "2026-11-30", Some(2026)).unwrap();
        assert!(one.iter().all(|e| e.firm_id == a));
        let claimable = one
            .iter()
            .find(|e| e.kind == "becomes_claimable")
            .expect("the open 2026 route year");
        assert_eq!(claimable.date.as_deref(), Some("2027-01-01"));
        assert_eq!(claimable.amount.as_deref(), Some("170000.00"));
        assert_eq!(claimable.title, "低空载客航线运营补贴");
        let expires = one
            .iter()
            .find(|e| e.kind == "document_expires")
            .expect("the document the route is paid under ends 2026-12-31");
        assert_eq!(expires.date.as_deref(), Some("2026-12-31"));

        let all = app.calendar(None, "2026-11-30", Some(2026)).unwrap();
        assert_eq!(all.len(), 2 * one.len());
        assert!(all.iter().any(|e| e.firm_id == b));
        let dates: Vec<_> = all.iter().map(|e| e.date.clone()).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted);

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("all.ics");
        app.save_calendar_ics(None, ("2026-11-30", Some(2026)), &path)
            .unwrap();
        let ics = std::fs::read_to_string(&path).unwrap().replace("\r\n ", "");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), all.len());
        assert!(
            ics.contains("SUMMARY:沧州乙航空有限公司 · 可开始申报"),
            "{ics}"
        );
    }
}
