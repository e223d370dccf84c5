#!/usr/bin/env bash
# Installs what is missing, builds the UI and the app, and starts Huiqi.
set -euo pipefail
. "$(dirname "$0")/setup.sh"
cd "$REPO_ROOT"

ensure_apt_packages "${BUILD_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_npm_deps
build_ui
log "Building the app"
cargo build -p huiqi --bin huiqi-desktop
log "Starting Huiqi"
exec "$REPO_ROOT/target/debug/huiqi-desktop" "$@"
