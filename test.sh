#!/usr/bin/env bash
# Set up everything the tests need (.venv with requirements-dev.txt; Debian chromium,
# postgresql and fonts-noto-core via apt when missing), lint, then run the whole suite.
# Arguments go to pytest, e.g. ./test.sh tests/graph -q   or   ./test.sh -m "not browser"
# With CI set, a browser or PostgreSQL test that cannot run fails instead of skipping.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/setup.sh --test
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
