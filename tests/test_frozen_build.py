"""The PyInstaller spec builds a program that runs: ``--version`` and ``--self-test`` from the frozen folder.

Why in the normal test run: a missing hidden import, data file or Qt plugin only shows in the built
program (the source tree always has everything). The same spec builds the Windows program; on this
Linux CI it builds the Linux one, which exercises the same collection rules. About a minute on 2 cores
(figures in docs/PERFORMANCE.md, "Frozen build").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewdesk import __version__

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "reviewdesk.spec"
BUILD_TIMEOUT_S = 900
RUN_TIMEOUT_S = 240


def _frozen_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        TMPDIR=str(tmp_path / "tmp"),  # the self-test's seed cache and temp folder stay in tmp_path
    )
    (tmp_path / "tmp").mkdir(exist_ok=True)
    # the frozen program must not find the source tree or the test environment's packages
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def frozen_program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once per run into a temporary dist/work folder; the path of the built executable."""
    base = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    folder = base / "dist" / "reviewdesk"
    executable = folder / ("reviewdesk.exe" if sys.platform == "win32" else "reviewdesk")
    assert executable.is_file(), sorted(p.name for p in folder.iterdir())
    return executable


@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)  # the first test also builds
def test_frozen_program_prints_its_version(frozen_program: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(frozen_program), "--version"],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env=_frozen_env(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"reviewdesk {__version__}"


@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)  # the first test also builds
def test_frozen_program_passes_its_self_test(frozen_program: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [str(frozen_program), "--self-test", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=RUN_TIMEOUT_S,
        env=_frozen_env(tmp_path),
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert "自检通过" in result.stdout
    assert "[失败]" not in output
    # the log went to the data folder (redacted, rotating) and says it ran frozen
    log_text = (data_dir / "logs" / "reviewdesk.log").read_text(encoding="utf-8")
    assert "frozen=True" in log_text


@pytest.mark.slow
@pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)  # the first test also builds
def test_frozen_folder_has_the_resources_and_not_the_unused_qt(frozen_program: Path) -> None:
    internal = frozen_program.parent / "_internal"
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    for needed in (
        "reviewdesk/resources/catalogue.json",
        "reviewdesk/resources/i18n/reviewdesk_en.qm",
        "reviewdesk/resources/reviewdesk.png",
        "reviewdesk/server/migrations/env.py",
        "reviewdesk/server/migrations/script.py.mako",
        "reviewdesk/server/migrations/versions/0001_initial.py",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.endswith(".qm") and "PySide6" in n and "zh_CN" not in n]
    unwanted = (
        "QtWebEngine",
        "Qt6Quick",
        "Qt6Qml",
        "Qt6Test",
        "QtTest",
        "Qt6Sql",
        "Qt6Pdf",
        "pytestqt",
        "_pytest",
    )
    assert not [n for n in names if any(part in n for part in unwanted)]
    assert any("keyring" in n and n.endswith(".dist-info/entry_points.txt") for n in names)
