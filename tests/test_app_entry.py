"""The ``reviewdesk`` entry: ``--version`` and the offscreen ``--self-test`` end to end, as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys

from reviewdesk import __version__
from reviewdesk.app import main


def test_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reviewdesk {__version__}"


def test_headless_commands_go_to_the_cli(tmp_path, capsys) -> None:
    assert main(["status", "--data-dir", str(tmp_path)]) == 1
    assert "本地没有数据" in capsys.readouterr().out


def test_version_does_not_load_qt(tmp_path) -> None:
    """``reviewdesk --version`` answers before anything imports Qt (the translations need it)."""
    code = "import sys; from reviewdesk.app import main; main(['--version']); print(any('PySide6' in m for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["reviewdesk", __version__, "False"]


def test_self_test_runs_the_whole_path_and_exits_0(tmp_path) -> None:
    """In English (chosen in 设置 for this data folder): the summary and the windows it opens follow it."""
    from reviewdesk.paths import AppPaths
    from reviewdesk.views.shell.settings import AppSettings

    settings = AppSettings.for_paths(AppPaths.resolve(tmp_path))
    settings.language = "en"
    settings.sync()
    scratch = tmp_path / "tmp"  # the self-test's own temporary folder goes here: it must leave nothing
    scratch.mkdir()
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_DATA_DIR=str(tmp_path), TMPDIR=str(scratch)
    )
    done = subprocess.run(
        [sys.executable, "-m", "reviewdesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("Download candidate data", "Filter", "Approve", "Sync", "Approved on the server"):
        assert f"[PASSED] {step}" in done.stdout
    assert "Self-test passed" in done.stdout
    assert "通过" not in done.stdout
    assert "This plugin does not support" not in done.stdout + done.stderr  # a short, readable summary
    assert [p.name for p in scratch.iterdir() if p.name.startswith("reviewdesk-self-test-")] == []
