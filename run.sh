#!/usr/bin/env bash
# Set up (Debian, Python >= 3.11) and start City Diplomacy Explorer on
# http://${ADDRESS:-localhost}:${PORT:-8501}. The first run creates and seeds the embedded
# SQLite store (var/diplomacy.sqlite) unless DIPLOMACY_DB_URL points elsewhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash scripts/setup.sh
.venv/bin/python -m graph init
exec .venv/bin/streamlit run app.py \
    --server.port "${PORT:-8501}" \
    --server.address "${ADDRESS:-localhost}"
