"""Test-wide settings: Qt offscreen, no real keyring, non-native dialogs, a fresh temp data dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
