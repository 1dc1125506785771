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


def test_self_test_runs_the_whole_path_and_exits_0(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "reviewdesk", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for step in ("下载考生数据", "筛选", "审核通过", "同步", "服务器上已是审核通过"):
        assert step in done.stdout
    assert "自检通过" in done.stdout
    assert "This plugin does not support" not in done.stdout + done.stderr  # a short, readable summary
