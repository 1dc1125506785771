"""The language of what the program prints without a window: ``reviewdesk sync``/``status``, ``--help``.

Why: the language chosen in 设置 is the user's language for everything the program says, and a help
desk reading ``reviewdesk status`` over the phone expects it in the same words as the window. Qt's
translators need a ``QCoreApplication``; a headless command has none, so :func:`command_language`
borrows one for the command and shuts it down afterwards, so a ``QApplication`` can still be created
later in the same process (tests run commands in-process). An application that already exists (the
GUI's, or a test's) is used as it is and gets its previous language back afterwards.

Reading the setting never writes: ``reviewdesk status`` on a folder without settings must not create
one (``AppSettings()`` stamps a schema version into a new store).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from reviewdesk.paths import APP_NAME, AppPaths
from reviewdesk.views.common.i18n import (
    LANGUAGES,
    install_translators,
    installed_translators,
    normalize_language,
    remove_translators,
)
from reviewdesk.views.shell.settings import K_LANGUAGE, ORGANIZATION


def saved_language(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The language chosen in 设置 for this data folder (``--data-dir`` / ``$REVIEWDESK_DATA_DIR`` /
    the profile), read without creating or changing anything."""
    paths = AppPaths.resolve(data_dir)
    if paths.settings_file is None:
        store = QSettings(ORGANIZATION, APP_NAME)
    elif paths.settings_file.is_file():
        store = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    else:
        return normalize_language(None)
    value = store.value(K_LANGUAGE)
    return str(value) if value in LANGUAGES else normalize_language(None)


@contextmanager
def command_language(data_dir: str | os.PathLike[str] | None = None) -> Iterator[str]:
    """Within the block, ``translate()`` answers in the saved language; yields that language's code."""
    language = saved_language(data_dir)
    app = QCoreApplication.instance()
    borrowed = app is None
    if app is None:
        app = QCoreApplication([sys.argv[0] if sys.argv and sys.argv[0] else APP_NAME])
    previous_locale = QLocale()
    previous_language = normalize_language(previous_locale.name()) if installed_translators() else None
    install_translators(app, language)
    try:
        yield language
    finally:
        remove_translators(app)
        if previous_language is not None:
            install_translators(app, previous_language)
        QLocale.setDefault(previous_locale)
        if borrowed:
            app.shutdown()
