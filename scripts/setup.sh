# Installs whatever Huiqi needs that is missing; sourced by run.sh and test.sh.
# Safe to re-run: each step checks first, so a second run costs seconds.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TAURI_DRIVER_VERSION="2.1.0"

# Build: Tauri's webview and tray libraries. Test: a virtual display, the WebDriver
# server for WebKitGTK, CJK fonts and poppler for the PDF checks.
BUILD_PACKAGES=(build-essential pkg-config curl wget file libwebkit2gtk-4.1-dev libxdo-dev
  libssl-dev libayatana-appindicator3-dev librsvg2-dev)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver fonts-noto-cjk poppler-utils python3)

log() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages (${missing[*]}) and no apt-get: install them by hand." >&2
    return 1
  fi
  log "Installing system packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

ensure_rust() {
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if command -v cargo >/dev/null; then return 0; fi
  log "Installing Rust with rustup"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy -c rustfmt
  . "$HOME/.cargo/env"
}

ensure_rust_components() {
  # rustup-managed toolchains may lack these; a distro toolchain has them or cannot add them.
  if command -v rustup >/dev/null; then
    cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
    cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  fi
}

ensure_node() {
  # Vite 7 needs Node 20.19+ (or 22.12+).
  if command -v node >/dev/null &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    return 0
  fi
  echo "Node.js 20.19 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from your distribution or https://nodejs.org, then run this again." >&2
  return 1
}

ensure_npm_deps() {
  # npm ci wipes node_modules, so only run it when package-lock.json changed.
  local stamp="$REPO_ROOT/ui/node_modules/.huiqi-lock.sha256"
  local want
  want="$(sha256sum "$REPO_ROOT/ui/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "Installing UI dependencies (npm ci)"
  (cd "$REPO_ROOT/ui" && npm ci --no-audit --no-fund) && echo "$want" >"$stamp"
}

ensure_tauri_driver() {
  if cargo install --list | grep -q "^tauri-driver v${TAURI_DRIVER_VERSION}:"; then return 0; fi
  log "Installing tauri-driver ${TAURI_DRIVER_VERSION}"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
}

build_ui() {
  log "Building the UI (vue-tsc + vite)"
  (cd "$REPO_ROOT/ui" && npm run build)
}
