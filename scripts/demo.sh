#!/usr/bin/env bash
# Installs reviewdesk into .venv and starts the demo: the workstation with an embedded local server
# and generated data. Extra arguments go to reviewdesk.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/reviewdesk --demo "$@"
