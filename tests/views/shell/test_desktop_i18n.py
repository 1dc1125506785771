"""Language switch: zh_CN source by default with Qt's own dialogs in Chinese; English through the .qm."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from reviewdesk.domain.enums import ReviewStatus
from reviewdesk.views.common.i18n import (
    app_translations_dir,
    enum_title,
    install_translators,
    label,
    normalize_language,
    qt_translations_dir,
    remove_translators,
    translate,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def restore_language(qapp):
    yield qapp
    remove_translators(qapp)
    QLocale.setDefault(QLocale.c())


def _cancel_button_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text()


def test_translation_files_are_where_the_app_looks() -> None:
    assert (qt_translations_dir() / "qtbase_zh_CN.qm").is_file()
    assert (app_translations_dir() / "reviewdesk_en.qm").is_file()
    assert (app_translations_dir() / "reviewdesk_en.ts").is_file()


def test_switch_between_chinese_and_english(restore_language) -> None:
    app = restore_language
    install_translators(app, "zh_CN")
    assert translate("MainWindow", "帮助") == "帮助"  # the source text is the seeds' Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own, in Chinese
    assert _cancel_button_text() == "取消"
    assert label(ReviewStatus.PASSED) == "审核通过"
    assert label(None, "—") == "—"
    assert QLocale().name() == "zh_CN"

    install_translators(app, "en")
    assert translate("MainWindow", "帮助") == "Help"
    assert translate("SettingsDialog", "设置") == "Settings"
    assert translate("MainWindow", "文件(&F)") == "&File"  # the main window's menus
    assert _cancel_button_text() == "Cancel"
    assert label(ReviewStatus.PASSED) == "Approved"  # the domain's vocabularies too
    assert enum_title(ReviewStatus) == "Review status"

    install_translators(app, "zh_CN")  # and back, without the English catalogue left behind
    assert translate("MainWindow", "帮助") == "帮助"
    assert _cancel_button_text() == "取消"


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, "zh_CN"), ("", "zh_CN"), ("en_US", "en"), ("en-GB", "en"), ("zh_TW", "zh_CN"), ("fr", "zh_CN")],
)
def test_normalize_language(given: str | None, expected: str) -> None:
    assert normalize_language(given) == expected


def _build_translations_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_committed_translations_are_current_and_complete(tmp_path: Path) -> None:
    """The .qm is what pyside6-lrelease builds from the .ts, and the .ts holds every string of the code
    (views, dialogs, the domain's vocabularies, the list's columns) with an English translation: a
    string added without running ``scripts/build_translations.py`` and translating it fails here."""
    module = _build_translations_module()
    ts_file = module.ts_path("en")
    fresh = tmp_path / "fresh.qm"
    module.build_qm(ts_file, fresh)
    assert fresh.read_bytes() == ts_file.with_suffix(".qm").read_bytes(), "run scripts/build_translations.py"
    known = module.read_translations(ts_file)
    extracted = module.extract()
    assert len(extracted) > 600
    missing = [key for key in extracted if key not in known]
    assert missing == [], "run scripts/build_translations.py"
    untranslated = [key for key in extracted if known[key][1] == "unfinished" or not known[key][0]]
    assert untranslated == [], "translate these (Qt Linguist, or build_translations.py --fill)"


def test_no_user_visible_text_escapes_translation() -> None:
    """Every Chinese literal of the desktop goes through translate() (see --literals), but the ones
    marked ``# i18n: not UI`` (redaction patterns, stored data, a language's own name)."""
    module = _build_translations_module()
    assert module.unwrapped_literals() == {}
