# Shared by scripts/demo and scripts/test: installs what a fresh Debian/Ubuntu machine lacks.
# Source it; it defines functions only.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages for building and testing the Tauri app (WebKitGTK), Xvfb and
# WebKitWebDriver, and LibreOffice Calc + poppler-utils (the settings workbook is converted
# to PDF in a test). Installed only when missing.
APT_PACKAGES=(
  build-essential pkg-config curl ca-certificates
  libwebkit2gtk-4.1-dev libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  libdbus-1-dev
  xvfb xauth webkit2gtk-driver
  libreoffice-calc poppler-utils
)

ensure_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "error: no Rust toolchain (cargo). Install one with rustup, then run this again." >&2
    exit 2
  fi
}

# npm packages of a folder with a package-lock.json, when node_modules is missing or stale.
ensure_npm() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
}

build_ui() {
  ensure_npm "$ROOT/ui"
  say "building the UI"
  (cd "$ROOT/ui" && npm run build --silent)
}

# Python's aiosmtpd for the mail notification tests (crates/api/tests/mail.rs), in
# tests/smtp/.venv: the tests start it as a real SMTP server on loopback.
ensure_smtp_test_server() {
  local dir="$ROOT/tests/smtp"
  if [[ ! -x "$dir/.venv/bin/python" || "$dir/requirements.txt" -nt "$dir/.venv/installed" ]]; then
    if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
      say "installing Debian packages: python3-venv"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
    fi
    say "installing the Python packages in tests/smtp/.venv"
    python3 -m venv "$dir/.venv"
    "$dir/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements.txt"
    touch "$dir/.venv/installed"
  fi
}
