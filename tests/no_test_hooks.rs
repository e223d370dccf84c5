//! The end-to-end dialog hook (answers file dialogs from a file named in the environment) is
//! compiled only with the `e2e-dialogs` feature; a default (and so a release) build must not
//! contain it. `cargo test --release` checks the release binary the same way.

#[test]
fn the_default_binary_has_no_dialog_hook() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_huiqi-desktop")).unwrap();
    let needle = concat!("HUIQI_E2E_", "DIALOG_FILE").as_bytes();
    let found = binary.windows(needle.len()).any(|w| w == needle);
    assert_eq!(
        found,
        cfg!(feature = "e2e-dialogs"),
        "the dialog hook must be in the binary exactly when built for end-to-end tests"
    );
}
