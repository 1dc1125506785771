"""Test-wide settings: Qt offscreen, no real keyring, non-native dialogs, a fresh temp data dir."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")


import pytest
from hypothesis import settings

from memory_keyring import memory_keyring  # noqa: F401 (a fixture for the whole suite)

#: ``--hypothesis-profile mutation`` (benchmarks/mutation.py): a mutant's verdict must not depend on
#: luck — the same examples on every run (derandomised), no example database (a failure found under one
#: mutant is not replayed under the next, nor kept), no deadline (a nice-19 run is slow), and 25
#: examples for the tests that do not set their own number (those that do keep it).
settings.register_profile("mutation", derandomize=True, database=None, deadline=None, max_examples=25)


@pytest.fixture(autouse=True)
def _logging_closed_after_each_test():
    """A test that set up the log file (the app's entry points do) must not leave it to the next: the
    sync command logs to its own data folder only when no log file is open yet."""
    yield
    from reviewdesk.logs import close_logging, current_log_file

    if current_log_file() is not None:
        close_logging()
