#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::sync::Arc;

use huiqi_store::{BackupPolicy, ManualClock, NewFirm, OpenOptions, check_char};

/// A valid credit code built from a 17-character prefix.
pub fn code(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

pub fn firm(name: &str) -> NewFirm {
    NewFirm {
        name: name.into(),
        ..NewFirm::default()
    }
}

pub fn opts(clock: &ManualClock) -> OpenOptions {
    OpenOptions {
        clock: Arc::new(clock.clone()),
        backup: BackupPolicy::default(),
        ..OpenOptions::default()
    }
}
