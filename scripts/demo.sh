#!/usr/bin/env bash
# Installs reviewdesk into .venv and starts the demo: the workstation with an embedded local server
# and generated data. Extra arguments go to reviewdesk.
#
# pip runs only when the install is missing or pyproject.toml/setup.py (the dependencies) changed since
# the last install (a stamp in .venv): reviewdesk is installed in editable mode, so code changes need
# no reinstall. On Linux with a display, the system libraries Qt's window needs are checked (and
# installed when allowed) by scripts/qt_libs.py first; without a display the demo runs offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.reviewdesk-install
wanted="$(python3 --version 2>&1) $(cat pyproject.toml setup.py | python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
if [[ ! -x .venv/bin/reviewdesk || ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
    printf '%s' "$wanted" > "$stamp"
fi
if [[ "$(uname -s)" == Linux && -z "${QT_QPA_PLATFORM:-}" ]]; then
    if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        echo "No display: the demo runs offscreen (QT_QPA_PLATFORM=offscreen)." >&2
        export QT_QPA_PLATFORM=offscreen
    elif [[ -n "${DISPLAY:-}" ]]; then
        .venv/bin/python scripts/qt_libs.py --install
    fi
fi
exec .venv/bin/reviewdesk --demo "$@"
