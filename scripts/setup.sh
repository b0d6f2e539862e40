#!/usr/bin/env bash
# Set up City Diplomacy Explorer on a Debian machine: a Python >= 3.11 virtualenv in .venv
# with the pinned requirements and the Debian packages the app's exports drive: chromium
# (map, network and deck pictures; the bundled Vazirmatn font needs nothing from Debian).
# With --test also what the test suite drives: postgresql for the store tests,
# fonts-noto-core as a Persian glyph fallback, poppler-utils to read the PDFs back, gdal-bin
# (ogrinfo) to read the GeoPackage export back, and npm ci in tests/js (graphology-gexf).
#
#   scripts/setup.sh           runtime: .venv + requirements.txt + chromium
#   scripts/setup.sh --test    tests:   .venv + requirements-dev.txt + the packages above
#
# Idempotent and quick when everything is present: pip runs only when the sha256 of the
# requirements files differs from the stamp in .venv; apt runs only for missing packages.
# Without root (or sudo) or apt-get, runtime setup says what is missing and goes on: the
# app starts, and its PNG, PDF and PowerPoint buttons say what they need. A failed apt
# run is not retried until the missing packages change (stamp .venv/.apt-failed); delete
# that file to try again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE=runtime
for arg in "$@"; do
    case "$arg" in
        --test) MODE=test ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg' (use --test or nothing)" >&2; exit 2 ;;
    esac
done

VENV="$ROOT/.venv"
say() { echo "setup: $*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi  # no password prompt unattended
    else
        echo "setup.sh: need root (or sudo) to run: $*" >&2
        return 1
    fi
}

APT_UPDATED=0
apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup.sh: apt-get not found; install these packages yourself: $*" >&2
        return 1
    fi
    say "apt-get install $*"
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@" || return 1
}

# --- 1. a Python >= 3.11 --------------------------------------------------------------
PYTHON=""
for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
        "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        PYTHON="$(command -v "$cand")"
        break
    fi
done
if [ -z "$PYTHON" ]; then
    echo "setup.sh: no Python >= 3.11 found (tried python3.11, python3);" \
        "on Debian 12: apt-get install python3" >&2
    exit 1
fi

# --- 2. the virtualenv ----------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    say "creating .venv with $PYTHON"
    if ! "$PYTHON" -m venv "$VENV"; then
        # Debian splits ensurepip out of the interpreter package.
        rm -rf "$VENV"
        pyver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        apt_install python3-venv "python${pyver}-venv"
        "$PYTHON" -m venv "$VENV"
    fi
fi

# --- 3. the pinned requirements (skipped when the stamp matches) ------------------------
if [ "$MODE" = test ]; then
    REQ=requirements-dev.txt
    REQ_FILES=(requirements.txt requirements-dev.txt)
else
    REQ=requirements.txt
    REQ_FILES=(requirements.txt)
fi
req_hash() {
    # the requirement files plus the interpreter version: a rebuilt .venv reinstalls
    { "$VENV/bin/python" -VV; cat "$@"; } | sha256sum | cut -d' ' -f1
}
HASH_RUNTIME="$(req_hash requirements.txt)"
HASH_TEST="$(req_hash requirements.txt requirements-dev.txt)"
STAMP_RUNTIME="$VENV/.requirements-runtime.sha256"
STAMP_TEST="$VENV/.requirements-test.sha256"
stamp_is() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

if [ "$MODE" = test ]; then
    up_to_date() { stamp_is "$STAMP_TEST" "$HASH_TEST"; }
else
    # a test install contains the runtime one
    up_to_date() { stamp_is "$STAMP_RUNTIME" "$HASH_RUNTIME" || stamp_is "$STAMP_TEST" "$HASH_TEST"; }
fi
if up_to_date; then
    say "python packages up to date (${REQ_FILES[*]})"
else
    say "pip install -r $REQ"
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ"
    echo "$HASH_RUNTIME" >"$STAMP_RUNTIME"
    if [ "$MODE" = test ]; then
        echo "$HASH_TEST" >"$STAMP_TEST"
    fi
fi

# --- 4. Debian packages: chromium for the exports; with --test the suite's too ----------
missing=()
# where graph/exports/chromium.py looks: BROWSER_PATH, /usr/bin/chromium, the PATH
if ! { [ -n "${BROWSER_PATH:-}" ] && [ -x "$BROWSER_PATH" ]; } && [ ! -x /usr/bin/chromium ] &&
    ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    missing+=(chromium)  # map PNG/PDF (kaleido), network PNG/PDF and the deck (Playwright)
fi
if [ "$MODE" = test ]; then
    if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null &&
        ! command -v initdb >/dev/null 2>&1; then
        missing+=(postgresql)
    fi
    if ! dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null | grep -q "ok installed"; then
        missing+=(fonts-noto-core)
    fi
    if ! command -v pdftoppm >/dev/null 2>&1; then
        missing+=(poppler-utils)  # presenter exports: PDF pages and fonts checked
    fi
    if ! command -v ogrinfo >/dev/null 2>&1; then
        missing+=(gdal-bin)  # the GeoPackage export read back by GDAL's ogrinfo
    fi
    if ! command -v eot2ttf >/dev/null 2>&1; then
        missing+=(eot2ttf)  # the deck's embedded font read back by libeot
    fi
fi
APT_FAILED="$VENV/.apt-failed"
if [ "${#missing[@]}" -eq 0 ]; then
    rm -f "$APT_FAILED"
    if [ "$MODE" = test ]; then
        say "chromium, postgresql, fonts-noto-core, poppler-utils, gdal-bin and eot2ttf present"
    else
        say "chromium present"
    fi
elif [ "$MODE" = runtime ] && stamp_is "$APT_FAILED" "${missing[*]}"; then
    echo "setup.sh: still missing ${missing[*]} (apt failed before; rm $APT_FAILED to retry):" \
        "the PNG, PDF and PowerPoint exports say so; HTML exports work" >&2
elif ! apt_install "${missing[@]}"; then
    if [ "$MODE" = test ]; then
        echo "setup.sh: could not install ${missing[*]}; the browser, store or export tests" \
            "will skip (or fail when CI is set)" >&2
        if [ -n "${CI:-}" ]; then exit 1; fi
    else
        echo "${missing[*]}" >"$APT_FAILED"
        echo "setup.sh: could not install ${missing[*]}: the app starts, but its PNG, PDF" \
            "and PowerPoint exports need it (they say so); HTML exports work." \
            "Install it as root: apt-get install ${missing[*]}" >&2
    fi
else
    rm -f "$APT_FAILED"
fi

# --- 5. with --test: the GEXF export's JavaScript reader (graphology-gexf, as Gephi Lite) --
if [ "$MODE" = test ]; then
    JS_DIR="$ROOT/tests/js"
    JS_STAMP="$JS_DIR/node_modules/.package-lock.sha256"
    if ! command -v npm >/dev/null 2>&1; then
        echo "setup.sh: npm not found; the GEXF reading test will skip (or fail when CI is set)" >&2
    elif [ "$(cat "$JS_STAMP" 2>/dev/null)" != "$(sha256sum "$JS_DIR/package-lock.json" | cut -d' ' -f1)" ]; then
        say "npm ci in tests/js"
        if (cd "$JS_DIR" && npm ci --no-audit --no-fund --ignore-scripts --prefer-offline -q); then
            sha256sum "$JS_DIR/package-lock.json" | cut -d' ' -f1 >"$JS_STAMP"
        else
            echo "setup.sh: npm ci failed in tests/js; the GEXF reading test will skip" \
                "(or fail when CI is set)" >&2
            if [ -n "${CI:-}" ]; then exit 1; fi
        fi
    fi
fi

say "ready ($MODE)"
