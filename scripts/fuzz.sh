#!/usr/bin/env bash
# Longer property ("fuzz") runs of the parsers a user's input reaches: firm files, answers,
# CSV import, export (JSON) import and the catalogue loader (crates/cli/tests/fuzz_parsers.rs).
# The normal test command runs a few dozen cases of each; this runs many more, in release.
#
#   scripts/fuzz.sh            # 20000 cases per property (catalogue loader: a tenth)
#   scripts/fuzz.sh 200000     # more
#
# A failure prints the smallest input found and saves it under
# crates/cli/tests/proptest-regressions/, where every later run replays it first; a panic in
# crates/engine or crates/catalog goes to their owners with that input.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-20000}"
HUIQI_FUZZ_CASES="$cases" cargo test --release -p huiqi-cli --test fuzz_parsers -- --test-threads=2
