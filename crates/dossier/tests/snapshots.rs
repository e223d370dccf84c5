//! Text snapshots of the dossier model. `UPDATE_SNAPSHOTS=1 cargo test -p huiqi-dossier`
//! rewrites them; otherwise they must match exactly.

use std::path::PathBuf;

use huiqi_dossier::{RenderOptions, render_text, render_text_with, sample_model};

fn check_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "snapshot {} unreadable ({e}); run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {name} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n(UPDATE_SNAPSHOTS=1 to accept)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

#[test]
fn sample_dossier_text() {
    check_snapshot("sample", &render_text(&sample_model()));
}

#[test]
fn sample_without_appendix_or_unknown_fields() {
    let mut m = sample_model();
    m.firm.legal_rep = None;
    m.firm.credit_code = None;
    let opts = RenderOptions {
        include_appendix: false,
        ..Default::default()
    };
    check_snapshot("sample_blanks_no_appendix", &render_text_with(&m, &opts));
}

#[test]
fn model_round_trips_through_json() {
    let m = sample_model();
    let json = serde_json::to_string(&m).unwrap();
    // Decimal crosses JSON as a string (workspace feature serde-str).
    assert!(json.contains("\"amount_yuan\":\"2000000\""), "{json}");
    assert!(json.contains("\"amount_class\":\"cap_only\""));
    let back: huiqi_dossier::DossierModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back, m);
}
