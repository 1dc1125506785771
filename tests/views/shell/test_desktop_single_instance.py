"""One instance per data folder: the second start is told "already running", the first gets "raise"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from reviewdesk.views.shell.single_instance import (
    LOCK_FILE_NAME,
    SingleInstance,
    bring_to_front,
    server_name_for,
)


def test_second_guard_on_the_same_folder_raises_the_first(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "data")
    second = SingleInstance(tmp_path / "data")
    try:
        assert first.acquire() is True
        assert first.is_primary
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            assert second.acquire() is False  # "already running": the caller exits
        assert not second.is_primary
    finally:
        second.release()
        first.release()


def test_other_messages_are_passed_on(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    try:
        assert first.acquire()
        with qtbot.waitSignal(first.message_received, timeout=5000) as blocker:
            assert SingleInstance(tmp_path).send("open 42")
        assert blocker.args == ["open 42"]
    finally:
        first.release()


def test_different_folders_do_not_interfere(qtbot, tmp_path: Path) -> None:
    a, b = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    try:
        assert a.acquire() and b.acquire()
        assert a.server_name != b.server_name
    finally:
        a.release()
        b.release()


def test_released_folder_can_be_taken_again(qtbot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path)
    assert first.acquire()
    first.release()
    assert not (tmp_path / LOCK_FILE_NAME).exists()
    again = SingleInstance(tmp_path)
    try:
        assert again.acquire()
    finally:
        again.release()


def test_stale_lock_of_a_dead_process_is_taken_over(qtbot, tmp_path: Path) -> None:
    # What a crashed run leaves behind: a process took the lock and died without unlocking.
    crashed = (
        "import os, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        "lock = QLockFile(sys.argv[1])\n"
        "assert lock.tryLock(0)\n"
        "os._exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", crashed, str(tmp_path / LOCK_FILE_NAME)], timeout=60)
    assert result.returncode == 3 and (tmp_path / LOCK_FILE_NAME).exists()
    guard = SingleInstance(tmp_path)
    try:
        assert guard.acquire()
    finally:
        guard.release()


def test_server_name_depends_only_on_the_folder(tmp_path: Path) -> None:
    assert server_name_for(tmp_path) == server_name_for(tmp_path / "." / "x" / "..")
    assert len(server_name_for(tmp_path)) < 50


def test_bring_to_front_restores_a_minimised_window(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    qtbot.waitUntil(lambda: window.isVisible() and not window.isMinimized())
