"""``english``: the app's texts in English for one test, Chinese (the source) again afterwards.

Screens read their texts when they are built, so a test installs English first, then builds the screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from reviewdesk.views.common.i18n import install_translators, remove_translators


@pytest.fixture
def english(qapp: QApplication) -> Iterator[QApplication]:
    install_translators(qapp, "en")
    try:
        yield qapp
    finally:
        remove_translators(qapp)
        QLocale.setDefault(QLocale.c())
