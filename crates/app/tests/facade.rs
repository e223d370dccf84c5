//! The facade on a real database file: what the shell and the CLI rely on.

use huiqi_app::App;
use huiqi_app::dto::NewFirmDto;

const VALID_CODE: &str = "91350100M000100Y43";

fn firm(name: &str, code: Option<&str>) -> NewFirmDto {
    NewFirmDto {
        name: name.to_string(),
        credit_code: code.map(str::to_string),
        region: Some("370102".to_string()),
        ..NewFirmDto::default()
    }
}

#[test]
fn app_info_reports_the_builtin_catalogue() {
    let app = App::open_in_memory().unwrap();
    let info = app.app_info();
    assert_eq!(info.app_version, env!("CARGO_PKG_VERSION"));
    assert!(!info.catalog_version.is_empty());
    assert!(
        info.document_count > 0,
        "the built-in catalogue has documents"
    );
    assert!(info.measure_count >= info.document_count);
}

#[test]
fn a_created_firm_is_listed_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    // A nested path: the per-user data folder does not exist on first launch.
    let db = dir.path().join("data").join("huiqi.db");
    let created = {
        let mut app = App::open(&db).unwrap();
        assert!(app.list_firms().unwrap().is_empty());
        app.create_firm(firm("  济南示例科技有限公司 ", Some(VALID_CODE)))
            .unwrap()
    };
    assert_eq!(created.profile.name, "济南示例科技有限公司");

    let app = App::open(&db).unwrap();
    let list = app.list_firms().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, created.id);
    assert_eq!(list[0].credit_code.as_deref(), Some(VALID_CODE));
    // The list names the region itself (GB/T 2260: 370102 is 历下区 of 济南市, 山东省).
    assert_eq!(list[0].region_name.as_deref(), Some("山东省济南市历下区"));
    assert_eq!(app.get_firm(created.id).unwrap(), created);
}

#[test]
fn blank_optional_fields_are_stored_as_absent() {
    let mut app = App::open_in_memory().unwrap();
    let mut new = firm("某公司", Some("  "));
    new.phone = Some(String::new());
    let created = app.create_firm(new).unwrap();
    assert_eq!(created.profile.credit_code, None);
    assert_eq!(created.profile.phone, None);
}

#[test]
fn an_invalid_credit_code_is_refused_with_a_message_in_both_languages() {
    let mut app = App::open_in_memory().unwrap();
    let err = app
        .create_firm(firm("某公司", Some("91350100M000100Y44")))
        .unwrap_err();
    assert!(err.message_zh().contains("校验码"), "{}", err.message_zh());
    assert!(
        err.message_en().contains("check character"),
        "{}",
        err.message_en()
    );
    assert!(app.list_firms().unwrap().is_empty());
}

#[test]
fn an_empty_name_is_refused() {
    let mut app = App::open_in_memory().unwrap();
    let err = app.create_firm(firm("   ", None)).unwrap_err();
    assert_eq!(err.message_en(), "The firm name must not be empty");
    assert_eq!(err.message_zh(), "企业名称不能为空");
}

#[test]
fn an_unknown_firm_id_is_an_error() {
    let app = App::open_in_memory().unwrap();
    let err = app.get_firm(4242).unwrap_err();
    assert!(err.message_zh().contains("4242"));
}

#[test]
fn credit_code_check_explains_what_is_wrong() {
    let app = App::open_in_memory().unwrap();
    assert!(app.check_credit_code(VALID_CODE).valid);
    // Lower case is accepted: the store normalises before checking.
    assert!(app.check_credit_code(&VALID_CODE.to_lowercase()).valid);
    let short = app.check_credit_code("9135");
    assert!(!short.valid);
    assert!(short.message_zh.unwrap().contains("18"));
    assert!(short.message_en.unwrap().contains("18"));
}
