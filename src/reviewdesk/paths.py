"""Where reviewdesk keeps its files on a reviewer's machine.

Why a module of its own: the store, the blobs, the logs, the cache and the settings must agree on one
layout, and the layout differs per platform. platformdirs knows each platform's conventions:

* **data** (the SQLite stores and the blob folders): the *local*, not the roaming, profile —
  ``%LOCALAPPDATA%\\reviewdesk`` on Windows. A roaming profile is copied to a server at every logoff;
  hundreds of megabytes of certificate scans there would make a hospital's logoff crawl and could lose
  a half-copied SQLite file.
* **logs**: the platform's log folder (``%LOCALAPPDATA%\\reviewdesk\\Logs`` on Windows).
* **cache**: things that can be thrown away at any time (decoded thumbnails and the like).
* **settings**: QSettings' native place (the registry under ``HKCU\\Software\\reviewdesk`` on Windows),
  or a file when the data folder is overridden.

``--data-dir DIR`` (or the ``REVIEWDESK_DATA_DIR`` environment variable) moves *everything* under
``DIR`` — data, ``DIR/logs``, ``DIR/cache`` and ``DIR/settings.ini`` — so a test, the self-test or a
portable install never touches the user's real profile, and two data folders never share a log file or
a settings key. No Qt here: the sync command line uses these paths too.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "reviewdesk"
#: platformdirs puts Windows folders under ``<author>\\<app>``; False keeps it one level,
#: ``%LOCALAPPDATA%\\reviewdesk``, which is what a reviewer is told to look for.
APP_AUTHOR: str | bool = False
DATA_DIR_ENV = "REVIEWDESK_DATA_DIR"
LOG_FILE_NAME = "reviewdesk.log"
SETTINGS_FILE_NAME = "settings.ini"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one reviewdesk installation (or of one overridden data folder).

    ``settings_file`` is None when settings live in QSettings' native place, otherwise the INI file to
    use. ``overridden`` says whether the data folder was chosen on the command line / environment.
    """

    data_dir: Path
    log_dir: Path
    cache_dir: Path
    settings_file: Path | None = None
    overridden: bool = False

    @classmethod
    def platform_default(cls) -> AppPaths:
        """The platform's usual folders (local, non-roaming profile)."""
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        )

    @classmethod
    def under(cls, data_dir: str | os.PathLike[str]) -> AppPaths:
        """Everything below one folder: what ``--data-dir`` means."""
        root = Path(data_dir).expanduser().resolve()
        return cls(
            data_dir=root,
            log_dir=root / "logs",
            cache_dir=root / "cache",
            settings_file=root / SETTINGS_FILE_NAME,
            overridden=True,
        )

    @classmethod
    def resolve(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> AppPaths:
        """The paths to use: ``data_dir`` (from ``--data-dir``), else ``$REVIEWDESK_DATA_DIR``, else the
        platform's defaults."""
        env = os.environ if environ is None else environ
        chosen = data_dir if data_dir not in (None, "") else env.get(DATA_DIR_ENV) or None
        return cls.under(chosen) if chosen is not None else cls.platform_default()

    @property
    def log_file(self) -> Path:
        return self.log_dir / LOG_FILE_NAME

    def ensure(self) -> AppPaths:
        """Create the folders (not the files); returns self so callers can chain it."""
        for folder in (self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--data-dir`` to an ``argparse.ArgumentParser`` with the help text every command shares."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help=(
            "keep the stores, logs, cache and settings under DIR instead of the user profile "
            f"(also ${DATA_DIR_ENV})"
        ),
    )
