//! State per firm: the questionnaire's measure filter and the dossier's selection are kept
//! with the data file for each firm, survive closing and opening the file, and never pass
//! from one firm to another.

use huiqi_app::App;
use huiqi_app::dto::{FirmViewDto, NewFirmDto};

fn firm(app: &mut App, name: &str) -> i64 {
    app.create_firm(NewFirmDto {
        name: name.into(),
        ..NewFirmDto::default()
    })
    .unwrap()
    .id
}

#[test]
fn filter_and_selection_stay_with_their_firm_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huiqi.db");
    let (jinan, qingdao) = {
        let mut app = App::open(&db).unwrap();
        let jinan = firm(&mut app, "济南甲公司");
        let qingdao = firm(&mut app, "青岛乙公司");
        app.set_measure_filter(jinan, &["jinan-gyqs-2020/7a".into()])
            .unwrap();
        app.set_dossier_selection(jinan, Some(&["jinan-gyqs-2020/7b".into()]))
            .unwrap();
        (jinan, qingdao)
    };
    let mut app = App::open(&db).unwrap();
    assert_eq!(
        app.firm_view(jinan).unwrap(),
        FirmViewDto {
            measure_filter: vec!["jinan-gyqs-2020/7a".into()],
            dossier_selection: Some(vec!["jinan-gyqs-2020/7b".into()]),
        }
    );
    assert_eq!(app.firm_view(qingdao).unwrap(), FirmViewDto::default());

    // An empty filter is no filter; forgetting the selection goes back to the default.
    app.set_measure_filter(jinan, &[]).unwrap();
    app.set_dossier_selection(jinan, None).unwrap();
    assert_eq!(app.firm_view(jinan).unwrap(), FirmViewDto::default());
    // An empty selection is a choice too (nothing ticked), not the default.
    app.set_dossier_selection(jinan, Some(&[])).unwrap();
    assert_eq!(
        app.firm_view(jinan).unwrap().dossier_selection,
        Some(vec![])
    );
}

#[test]
fn unknown_measures_and_firms_are_refused() {
    let mut app = App::open_in_memory().unwrap();
    let a = firm(&mut app, "甲公司");
    let err = app
        .set_measure_filter(a, &["no-such/1".into()])
        .unwrap_err();
    assert!(
        err.message_zh().contains("未知措施"),
        "{}",
        err.message_zh()
    );
    assert_eq!(app.firm_view(a).unwrap(), FirmViewDto::default());
    assert_eq!(app.firm_view(999).unwrap_err().code(), "not_found");
}
