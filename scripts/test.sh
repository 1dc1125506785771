#!/usr/bin/env bash
# Installs reviewdesk with its test tools into .venv and runs the whole test suite (offscreen Qt), then
# the server's tests once more against a scratch PostgreSQL (scripts/with_postgres.sh).
# Arguments go to pytest (e.g. `bash scripts/test.sh tests/domain -x`); with arguments the PostgreSQL pass
# runs only when REVIEWDESK_TEST_POSTGRES=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system_parts.sh
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,postgres]'
export QT_QPA_PLATFORM=offscreen
export PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring
.venv/bin/python -m ruff check src tests benchmarks
.venv/bin/python -m pytest --durations=20 "$@"  # the slowest tests, to keep the whole run well inside CI's limit
if [[ $# -eq 0 || "${REVIEWDESK_TEST_POSTGRES:-0}" == 1 ]]; then
    bash scripts/with_postgres.sh .venv/bin/python -m pytest -q -p no:cacheprovider --durations=10 tests/server
fi
