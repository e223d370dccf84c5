#!/usr/bin/env bash
# Installs what is missing, then runs every check and test, keeping going after a failure:
#   UI build (vue-tsc type check), cargo fmt, cargo clippy, all Rust tests, the Vitest UI
#   tests, the Python tests of scripts/dev, the stale-bindings check, and the end-to-end
#   tests of the built app under Xvfb.
# Counting: every individual test counts (cargo, Vitest and e2e tests); a check that has no
# tests of its own (UI build, fmt, clippy) counts as one; a suite that fails before running
# its tests (e.g. does not compile) counts as one failure. The last line is
# "N passed, N failed"; the exit status is non-zero when anything failed.
set -uo pipefail
. "$(dirname "$0")/setup.sh"
cd "$REPO_ROOT"
export CI="${CI:-}" NO_COLOR=1 FORCE_COLOR=0 CARGO_TERM_COLOR=never

PASSED=0
FAILED=0
SUMMARY=()
LOG_DIR="$REPO_ROOT/artifacts/test-logs"
mkdir -p "$LOG_DIR"

record() { # name passed failed
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '%-34s %4d passed, %d failed' "$1" "$2" "$3")")
}

# A check that passes or fails as a whole.
check() { # name command...
  local name="$1"; shift
  log "$name"
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; fi
}

# A suite whose own tests are counted from its output by the awk program in $COUNT.
suite() { # name count-program command...
  local name="$1" count="$2"; shift 2
  local out="$LOG_DIR/$(echo "$name" | tr ' /' '__').log"
  log "$name"
  "$@" 2>&1 | tee "$out"
  local status=${PIPESTATUS[0]}
  local p f
  read -r p f < <(awk "$count" "$out")
  p=${p:-0}; f=${f:-0}
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$status" -eq 0 ] && [ "$p" -eq 0 ]; then f=$((f + 1)); echo "no tests ran in $name" >&2; fi
  record "$name" "$p" "$f"
}

CARGO_COUNT='/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  END { print p + 0, f + 0 }'
VITEST_COUNT='/^ *Tests +[0-9]/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  END { print p + 0, f + 0 }'
NODE_COUNT='/^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 } END { print p + 0, f + 0 }'
PY_COUNT='/ \.\.\. ok$/ { p++ } / \.\.\. (FAIL|ERROR)$/ { f++ } END { print p + 0, f + 0 }'

# --- setup: without these nothing below can run, so a failure stops here ---
if ! { ensure_apt_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}" && ensure_rust &&
  ensure_rust_components && ensure_node && ensure_npm_deps && ensure_tauri_driver; }; then
  echo "setup failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# generate_context! embeds ui/dist, so the UI is built before any cargo step.
check "UI build (vue-tsc + vite)" build_ui
check "cargo fmt --check" cargo fmt --all --check
check "cargo clippy -D warnings" cargo clippy --workspace --all-targets -- -D warnings
# The bindings test runs on its own below, with its own line in the summary.
suite "Rust tests (cargo test)" "$CARGO_COUNT" \
  cargo test --workspace -- --skip committed_bindings_match_the_dtos
suite "UI unit tests (Vitest)" "$VITEST_COUNT" bash -c 'cd ui && npx vitest run'
suite "Python tests (clean_source)" "$PY_COUNT" \
  python3 -m unittest discover -s scripts/dev -p 'test_*.py' -v
# Same feature set as the run above (-p would resolve features anew and rebuild printpdf).
suite "IPC bindings up to date" "$CARGO_COUNT" \
  cargo test --workspace --test bindings -- committed_bindings_match_the_dtos

log "Building the app for the end-to-end tests"
# The app and the CLI (the e2e tests check through it what the app stored). The app is then
# rebuilt with the e2e-dialogs feature (only the root crate recompiles): the tests answer its
# native file dialogs through $HUIQI_E2E_DIALOG_FILE, which a normal build does not read.
if cargo build --workspace --bins && cargo build -p huiqi --bin huiqi-desktop --features e2e-dialogs; then
  rm -rf artifacts/e2e
  suite "End-to-end tests (tauri-driver)" "$NODE_COUNT" \
    env HUIQI_APP="$REPO_ROOT/target/debug/huiqi-desktop" HUIQI_CLI="$REPO_ROOT/target/debug/huiqi" \
    xvfb-run --auto-servernum --server-args="-screen 0 1280x900x24" \
    node --test --test-concurrency=1 --test-reporter=spec tests/e2e/app.e2e.mjs tests/e2e/journey.e2e.mjs tests/e2e/packs.e2e.mjs
else
  record "End-to-end tests (app build)" 0 1
fi

printf '\n==> Summary\n'
printf '  %s\n' "${SUMMARY[@]}"
echo "(logs in artifacts/test-logs, screenshots in artifacts/e2e)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
