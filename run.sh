#!/usr/bin/env bash
# Set up (Debian, Python >= 3.11) and start City Diplomacy Explorer on
# http://${ADDRESS:-localhost}:${PORT:-8501}. The first run creates and seeds the embedded
# SQLite store (var/diplomacy.sqlite) unless DIPLOMACY_DB_URL points elsewhere, and keeps
# the slow pages' first results in var/results.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/setup.sh
.venv/bin/python -m graph init
# What Statistics, the Map and Opportunities show first, kept per store content (about a
# minute after the data changed, a few seconds otherwise).
.venv/bin/python -m graph precompute
exec .venv/bin/streamlit run app.py \
    --server.port "${PORT:-8501}" \
    --server.address "${ADDRESS:-localhost}"
