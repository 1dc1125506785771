"""Where files go: the local (not roaming) profile by default, everything under --data-dir when given."""

from __future__ import annotations

import argparse
from pathlib import Path

import platformdirs
import pytest

from reviewdesk import paths
from reviewdesk.paths import DATA_DIR_ENV, AppPaths, add_data_dir_argument


def test_default_data_is_in_the_local_not_roaming_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []

    def fake_user_data_dir(appname: str, appauthor: object, **kwargs: object) -> str:
        calls.append({"appname": appname, **kwargs})
        return "/profile/local/reviewdesk"

    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    chosen = AppPaths.resolve(environ={})
    assert calls == [{"appname": "reviewdesk", "roaming": False}]
    assert chosen.data_dir == Path("/profile/local/reviewdesk")
    assert chosen.log_dir == Path(platformdirs.user_log_dir("reviewdesk", False))
    assert chosen.settings_file is None and not chosen.overridden


def test_data_dir_argument_moves_everything_under_it(tmp_path: Path) -> None:
    chosen = AppPaths.resolve(tmp_path / "portable", environ={DATA_DIR_ENV: str(tmp_path / "ignored")})
    root = (tmp_path / "portable").resolve()
    assert chosen.data_dir == root
    assert chosen.log_dir == root / "logs"
    assert chosen.cache_dir == root / "cache"
    assert chosen.settings_file == root / "settings.ini"
    assert chosen.log_file == root / "logs" / "reviewdesk.log"
    assert chosen.overridden
    assert not root.exists()  # resolving creates nothing
    chosen.ensure()
    assert all(p.is_dir() for p in (chosen.data_dir, chosen.log_dir, chosen.cache_dir))


def test_environment_variable_is_used_when_no_argument(tmp_path: Path) -> None:
    assert AppPaths.resolve(None, environ={DATA_DIR_ENV: str(tmp_path)}).data_dir == tmp_path.resolve()
    assert AppPaths.resolve("", environ={DATA_DIR_ENV: str(tmp_path)}).data_dir == tmp_path.resolve()


def test_cli_argument_helper(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_data_dir_argument(parser)
    assert parser.parse_args([]).data_dir is None
    assert parser.parse_args(["--data-dir", str(tmp_path)]).data_dir == str(tmp_path)


def test_paths_module_has_no_qt() -> None:
    source = Path(paths.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source
