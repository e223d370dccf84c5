//! The catalogue built into this binary: its files as written (for the loader when packs are
//! merged with them, and for comparison in tests) and its compiled form (`compiled.rs`),
//! both produced by `build.rs`. Not part of the build script's own copy of the loader.

use crate::load::{Catalogue, Issue, Issues};
use crate::pack::Pack;

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The built-in files as the loader takes them (path under `assets/`, text).
pub(crate) fn files() -> Vec<(String, String)> {
    BUILTIN_FILES
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

impl Catalogue {
    /// The catalogue compiled into this binary. `build.rs` ran the strict loader on it, so
    /// this only reads the result back: no parsing, no checks.
    pub fn builtin() -> Result<Catalogue, Issues> {
        crate::compiled::decode(BUILTIN_COMPILED).map_err(|message| {
            Issues(vec![Issue {
                file: "(compiled catalogue)".into(),
                line: 0,
                field: "-".into(),
                message,
            }])
        })
    }

    /// The built-in files through the strict loader, as `build.rs` loaded them: what the
    /// compiled form must equal (tests and benchmarks compare the two).
    pub fn builtin_loaded() -> Result<Catalogue, Issues> {
        Catalogue::from_files(&files())
    }

    /// The built-in catalogue with packs loaded beside it, through the same loader.
    /// Without packs this is the compiled catalogue; with packs the built-in files and the
    /// packs' are loaded together (a pack may replace a document or name built-in facts), so
    /// a start with packs still parses and checks the whole catalogue.
    pub fn builtin_with_packs(packs: &[Pack]) -> Result<Catalogue, Issues> {
        if packs.is_empty() {
            return Catalogue::builtin();
        }
        Catalogue::with_packs(&files(), packs)
    }
}
