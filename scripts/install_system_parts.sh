#!/usr/bin/env bash
# System packages the tests need beyond Python's: Debian's Chromium and its WebDriver (the candidates'
# phone pages are tested in a real browser, tests/server/candidate_web), a CJK font (screenshots and
# the specimen ID-card photos draw Chinese) and the libraries OpenCV loads (the server's OCR). Installs only what is missing; needs root (CI is).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
# OpenCV (under the server's OCR, RapidOCR) loads these at import.
ldconfig -p 2>/dev/null | grep -q "libGL.so.1" || missing+=(libgl1)
ldconfig -p 2>/dev/null | grep -q "libgthread-2.0.so.0" || missing+=(libglib2.0-0)
if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# dpkg's lock may be held by another install for a while: wait for it rather than fail.
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
        exit 0
    fi
    echo "apt-get failed (attempt $attempt), retrying in 20 s" >&2
    sleep 20
done
exit 1
