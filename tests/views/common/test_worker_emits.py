"""A worker finishing after the page that asked for its answer is gone (a window closed, or the process
ending on an error) drops the answer quietly: its emit on a deleted relay must not raise in the worker
thread, which the crash log then recorded as an uncaught exception (seen on the demo)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QImage

from reviewdesk.views.common.worker_signals import emit_unless_gone
from reviewdesk.views.identity.page import _SyncJob, _SyncSignals
from reviewdesk.views.images.loading import _DecodeTask, _Relay
from reviewdesk.views.special.confirmation_code import _ApiCall, _CallRelay
from reviewdesk.views.special.thumbnail_provider import _ThumbRelay, _ThumbTask


def _run_after_deleting(relay: Any, task_of: Any) -> list[BaseException]:
    """Start the worker, delete its relay while it works, let it finish; the exceptions it raised."""
    release = threading.Event()
    raised: list[BaseException] = []
    task = task_of(release)
    run = task.run

    def guarded() -> None:
        try:
            run()
        except BaseException as error:  # what the thread's excepthook (the crash log) would get
            raised.append(error)

    task.run = guarded  # type: ignore[method-assign]
    pool = QThreadPool()
    pool.start(task)
    shiboken6.delete(relay)
    release.set()
    assert pool.waitForDone(10_000)
    return raised


def _waiting(release: threading.Event, value: Any) -> Any:
    release.wait(10)
    return value


def test_a_confirmation_code_call_answering_a_closed_page_drops_its_answer(qapp: Any) -> None:
    relay = _CallRelay()
    answers: list[Any] = []
    relay.done.connect(lambda *args: answers.append(args))

    raised = _run_after_deleting(relay, lambda release: _ApiCall(relay, 1, lambda: _waiting(release, {})))

    assert raised == [] and answers == []


def test_an_identity_sync_finishing_after_its_page_drops_its_report(qapp: Any) -> None:
    signals = _SyncSignals()

    raised = _run_after_deleting(
        signals, lambda release: _SyncJob(lambda: _waiting(release, "report"), signals)
    )

    assert raised == []


def test_an_image_decoded_after_its_viewer_closed_is_dropped(qapp: Any, tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    QImage(40, 30, QImage.Format.Format_RGB32).save(str(path))
    relay = _Relay()

    class Slow(_DecodeTask):
        def __init__(self, release: threading.Event) -> None:
            super().__init__(relay, 1, path, None)
            self._release = release

        def run(self) -> None:
            self._release.wait(10)
            super().run()

    raised = _run_after_deleting(relay, Slow)

    assert raised == []


def test_a_thumbnail_made_after_its_cards_closed_is_dropped(qapp: Any) -> None:
    relay = _ThumbRelay()

    class NoCache:
        def cached(self, sha: str) -> None:
            return None

        def get_or_make(self, sha: str, source: Path | None) -> Path:
            raise OSError("disk gone")  # the task's own failure path, which emits too

    raised = _run_after_deleting(
        relay, lambda release: _ThumbTask(relay, NoCache(), "ab" * 32, lambda sha: _waiting(release, None))
    )

    assert raised == []


def test_emit_unless_gone_says_whether_the_answer_went(qapp: Any) -> None:
    relay = _CallRelay()
    got: list[Any] = []
    relay.done.connect(lambda *args: got.append(args))

    assert emit_unless_gone(relay.done, 1, "reply", "") is True
    assert got == [(1, "reply", "")]
    shiboken6.delete(relay)
    assert emit_unless_gone(relay.done, 2, "late", "") is False
