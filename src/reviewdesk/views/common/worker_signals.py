"""Answers from worker threads to a page that may be gone by the time they arrive.

Why: a worker (a ``QRunnable`` on a thread pool) hands its answer to the GUI thread by emitting a signal
of a small relay ``QObject`` the page owns. When the page was closed meanwhile — or the process is ending
— the relay is deleted and the emit raises ``RuntimeError`` in the worker thread, where nobody can
handle it: the crash log recorded it as an uncaught exception. The answer has nobody to go to, so it is
dropped, and the worker says whether it went.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import SignalInstance

log = logging.getLogger(__name__)


def emit_unless_gone(signal: SignalInstance, *args: Any) -> bool:
    """Emit ``signal`` with ``args``; False (and nothing raised) when its object was deleted meanwhile."""
    try:
        signal.emit(*args)
    except RuntimeError as error:  # "Signal source has been deleted": the page is gone
        log.debug("a worker's answer was dropped: %s", error)
        return False
    return True
