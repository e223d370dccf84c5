//! Policy packs through the facade (issue 17): checked before anything is installed,
//! installed beside the data file, loaded again at the next start, shown in the library
//! with pending clauses, and the change for each saved firm shown before adding or removing.

use huiqi_app::App;
use huiqi_app::dto::{AnswerKeyDto, NewFirmDto};
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-30";
const MEASURE: &str = "demo-jinan-2020-3/12c";

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/pack")
}

fn champion(app: &mut App) -> i64 {
    let firm = app
        .create_firm(NewFirmDto {
            name: "济南某冠军企业".into(),
            region: Some("370112".into()),
            ..NewFirmDto::default()
        })
        .unwrap();
    for (fact, value) in [
        ("firm.single_champion", "是"),
        ("firm.single_champion_on", "2021-11-30"),
    ] {
        let key = AnswerKeyDto {
            fact: fact.into(),
            item_kind: None,
            item_id: None,
        };
        app.save_answer(firm.id, &key, value, AS_OF).unwrap();
    }
    firm.id
}

fn outcome_of(app: &App, firm: i64) -> Option<(String, Option<String>)> {
    let a = app.assess(firm, AS_OF, None).unwrap();
    a.outcomes
        .iter()
        .find(|o| o.measure == MEASURE)
        .map(|o| (o.status.clone(), o.amount.clone()))
}

#[test]
fn a_pack_is_previewed_installed_reloaded_shown_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("huiqi.db");
    let mut app = App::open(&db).unwrap();
    let firm = champion(&mut app);
    assert_eq!(outcome_of(&app, firm), None);

    let preview = app.preview_pack(&example(), AS_OF, None).unwrap();
    assert_eq!(preview.pack.id, "demo-champion");
    assert!(preview.pack.demonstration);
    assert!(app.list_packs().is_empty(), "a preview installs nothing");
    let change = &preview.changes[0].changes[0];
    assert_eq!(preview.changes[0].firm_id, firm);
    assert_eq!(change.measure, MEASURE);
    assert_eq!(change.before_status, None);
    assert_eq!(change.after_status.as_deref(), Some("eligible"));
    assert_eq!(change.after_amount.as_deref(), Some("1000000.00"));

    app.install_pack(&example().join("pack.toml")).unwrap();
    drop(app);
    // The next start loads it again, from packs/ beside the data file.
    let mut app = App::open(&db).unwrap();
    assert_eq!(app.list_packs()[0].documents, vec!["demo-jinan-2020-3"]);
    assert_eq!(
        outcome_of(&app, firm),
        Some(("eligible".into(), Some("1000000.00".into())))
    );
    // Dossiers print the assessment's catalogue version ("政策目录版本 …"): it names the pack.
    let version = app.assess(firm, AS_OF, None).unwrap().catalog_version;
    assert!(
        version.contains("政策包 demo-champion 2026.1（"),
        "{version}"
    );
    assert_eq!(app.app_info().catalog_version, version);
    let docs = app.documents(AS_OF).unwrap();
    let demo = docs.iter().find(|d| d.key == "demo-jinan-2020-3").unwrap();
    assert_eq!(demo.pack.as_deref(), Some("demo-champion"));
    assert_eq!(demo.pending_count, 12);
    let detail = app.document("demo-jinan-2020-3", AS_OF).unwrap();
    assert_eq!(detail.pending.len(), 12);
    assert_eq!(detail.non_enterprise[0].quote, "13. **加强组织领导。");

    let removal = app
        .preview_pack_removal("demo-champion", AS_OF, None)
        .unwrap();
    assert_eq!(removal[0].changes[0].after_status, None);
    app.remove_pack("demo-champion").unwrap();
    assert!(app.list_packs().is_empty());
    assert_eq!(
        outcome_of(&app, firm),
        None,
        "answers stay, the measure is gone"
    );
}

#[test]
fn a_pack_with_a_failing_case_is_refused_with_file_and_line_and_nothing_installed() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    copy_dir(&example(), &pack);
    let cases = pack.join("policies/demo/demo-jinan-2020-3/cases.toml");
    let text = std::fs::read_to_string(&cases).unwrap();
    std::fs::write(&cases, text.replacen("\"1000000\"", "\"100\"", 1)).unwrap();
    let mut app = App::open(&dir.path().join("huiqi.db")).unwrap();
    let err = app.install_pack(&pack).unwrap_err();
    assert_eq!(err.code(), "pack_invalid");
    let dto = err.to_dto();
    assert!(
        dto.message_zh
            .contains("policies/demo/demo-jinan-2020-3/cases.toml:3: case demo-12c-champion"),
        "{}",
        dto.message_zh
    );
    assert!(dto.message_en.contains("amount: expected 100, got 1000000"));
    assert!(app.list_packs().is_empty());
    assert!(!dir.path().join("packs/demo-champion").exists());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn an_installed_pack_that_no_longer_loads_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let mut app = App::open(&db).unwrap();
    app.install_pack(&example()).unwrap();
    drop(app);
    // As after an upgrade whose built-in catalogue no longer fits the pack.
    let measures = dir
        .path()
        .join("packs/demo-champion/policies/demo/demo-jinan-2020-3/measures.toml");
    let text = std::fs::read_to_string(&measures).unwrap();
    std::fs::write(&measures, text.replace("when = ", "whenn = ")).unwrap();
    let app = App::open(&db).unwrap();
    assert!(app.list_packs().is_empty());
    let warnings = app.pack_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("pack demo-champion not loaded") && warnings[0].contains("whenn"),
        "{}",
        warnings[0]
    );
}
