"""The user's preferences and window layout, kept with QSettings in the user's profile.

Why a typed wrapper: QSettings hands back strings for booleans from an INI file, ``None`` or a
``QByteArray`` for geometry depending on the backend, and silently accepts a typo in a key. Every key and
its type and default is said once here, so the main window, the 设置 dialog and the login dialog agree.

Where: the native place (Windows: ``HKCU\\Software\\reviewdesk\\reviewdesk``) or, when the data folder is
overridden with ``--data-dir``, ``DIR/settings.ini`` (see :mod:`reviewdesk.paths`).

Column layouts are stored with the list of column ids they were saved for: a saved header state applied
to a table whose columns changed (a new release adds 缴费状态) would put widths on the wrong columns, so
a layout is only restored onto the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

from reviewdesk.paths import APP_NAME, AppPaths
from reviewdesk.views.common.i18n import DEFAULT_LANGUAGE, LANGUAGES

ORGANIZATION = APP_NAME
SCHEMA_VERSION = 1

K_VERSION = "meta/version"
# Not "general/…": QSettings' INI format reserves the group name General (any case), writes it as
# [%General] and reads it back as "General/…", so a "general/…" key would not survive a restart.
K_LANGUAGE = "preferences/language"
K_AUTO_ADVANCE = "preferences/auto_advance"
K_LAST_SERVER = "connection/last_server"
K_LAST_USERNAME = "connection/last_username"


class AppSettings:
    """Typed access to the settings; one instance per QSettings store (cheap, create where needed)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings(ORGANIZATION, APP_NAME)
        if self.store.value(K_VERSION) is None:
            self.store.setValue(K_VERSION, SCHEMA_VERSION)

    @classmethod
    def at_file(cls, path: Path) -> AppSettings:
        """Settings in an INI file (``--data-dir``, tests)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def for_paths(cls, paths: AppPaths) -> AppSettings:
        return cls.at_file(paths.settings_file) if paths.settings_file is not None else cls()

    # -- preferences ------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self.store.value(K_LANGUAGE, DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, code: str) -> None:
        if code not in LANGUAGES:
            raise ValueError(f"unsupported language {code!r}; one of {sorted(LANGUAGES)}")
        self.store.setValue(K_LANGUAGE, code)

    @property
    def auto_advance(self) -> bool:
        """After a decision, move to the next record (what a reviewer doing thousands wants)."""
        return bool(self.store.value(K_AUTO_ADVANCE, True, type=bool))

    @auto_advance.setter
    def auto_advance(self, value: bool) -> None:
        self.store.setValue(K_AUTO_ADVANCE, bool(value))

    @property
    def last_server(self) -> str:
        return str(self.store.value(K_LAST_SERVER, "", type=str) or "")

    @last_server.setter
    def last_server(self, url: str) -> None:
        self.store.setValue(K_LAST_SERVER, url.strip())

    @property
    def last_username(self) -> str:
        return str(self.store.value(K_LAST_USERNAME, "", type=str) or "")

    @last_username.setter
    def last_username(self, name: str) -> None:
        self.store.setValue(K_LAST_USERNAME, name.strip())

    # -- raw layout blobs -------------------------------------------------------------------------
    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    # -- windows ----------------------------------------------------------------------------------
    def save_window(self, window: QWidget, name: str = "main") -> None:
        """Geometry (size, position, maximised, screen) and, for a QMainWindow, docks and toolbars."""
        self.store.setValue(f"window/{name}/geometry", window.saveGeometry())
        if isinstance(window, QMainWindow):
            self.store.setValue(f"window/{name}/state", window.saveState(SCHEMA_VERSION))

    def restore_window(self, window: QWidget, name: str = "main") -> bool:
        """Put a window back where it was; False (and nothing changed) when nothing usable is saved.

        Qt's restoreGeometry moves a window that would be off every current screen (a laptop undocked
        from its second monitor) back onto one.
        """
        geometry = self._bytes(f"window/{name}/geometry")
        restored = geometry is not None and window.restoreGeometry(geometry)
        state = self._bytes(f"window/{name}/state")
        if isinstance(window, QMainWindow) and state is not None:
            window.restoreState(state, SCHEMA_VERSION)
        return bool(restored)

    # -- splitters --------------------------------------------------------------------------------
    def save_splitter(self, splitter: QSplitter, name: str) -> None:
        self.store.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, splitter: QSplitter, name: str) -> bool:
        state = self._bytes(f"splitters/{name}")
        return state is not None and splitter.restoreState(state)

    # -- table columns ----------------------------------------------------------------------------
    def save_columns(
        self, header: QHeaderView, name: str, column_ids: Sequence[str], titles: Sequence[str] = ()
    ) -> None:
        """Widths, order, hidden columns and sort indicator of a table, for these columns, and the
        titles they were shown with (widths made for one language's titles do not fit another's)."""
        self.store.setValue(f"tables/{name}/columns", list(column_ids))
        self.store.setValue(f"tables/{name}/state", header.saveState())
        if titles:
            self.store.setValue(f"tables/{name}/titles", list(titles))

    def saved_column_titles(self, name: str) -> list[str] | None:
        """The titles :meth:`save_columns` was given, or None (saved before titles were kept)."""
        return self._list(f"tables/{name}/titles")

    def restore_columns(self, header: QHeaderView, name: str, column_ids: Sequence[str]) -> bool:
        """Apply the saved layout if it was saved for exactly these columns; else leave the defaults."""
        saved = self._list(f"tables/{name}/columns")
        if saved is None or saved != list(column_ids):
            return False
        state = self._bytes(f"tables/{name}/state")
        return state is not None and header.restoreState(state)

    def _list(self, key: str) -> list[str] | None:
        value = self.store.value(key)
        if value is None:
            return None
        if isinstance(value, str):  # an INI file gives a one-element list back as a plain string
            return [value]
        return [str(item) for item in value]

    def reset_layout(self) -> None:
        """Forget window geometry, splitters and column layouts (设置 → 恢复默认布局)."""
        for group in ("window", "splitters", "tables"):
            self.store.remove(group)

    def sync(self) -> None:
        """Write to disk / registry now (QSettings also does it on its own, and at exit)."""
        self.store.sync()
