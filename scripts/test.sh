#!/usr/bin/env bash
# Installs reviewdesk with its test tools into .venv and runs the whole test suite (offscreen Qt).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
export QT_QPA_PLATFORM=offscreen
export PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
.venv/bin/python -m ruff check src tests benchmarks
.venv/bin/python -m pytest "$@"
