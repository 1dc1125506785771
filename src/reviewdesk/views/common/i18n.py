"""Languages: zh_CN by default (the seeds' own words are the source text), English through Qt Linguist.

How it fits together, and why:

* Every user-visible string in the code is Chinese and goes through :func:`translate` (or ``self.tr``
  inside a QObject subclass). With no translator installed Qt returns the source text, so zh_CN needs no
  translation file of ours at all — the words a reviewer reads are exactly the seeds' words.
* English comes from ``resources/i18n/reviewdesk_en.ts`` (edited in Qt Linguist), compiled to ``.qm`` by
  ``scripts/build_translations.py``.
* Qt's own texts (the 确定/取消 buttons, the file dialog, context menus of line edits) come from Qt's
  ``qtbase_zh_CN.qm``, shipped inside PySide6 and bundled by the PyInstaller spec.

Use ``translate("MainWindow", "帮助")`` rather than a bare ``tr(context, text)``: Qt's ``lupdate`` reads
a function called ``translate`` with a context, but takes a bare ``tr("MainWindow", "帮助")`` for
``self.tr`` with a comment. :data:`tr` is kept as an alias for code that already calls it, and
``scripts/build_translations.py`` understands both spellings.

A language change takes effect on the next start (the 设置 dialog says so): the main window builds its
texts once, and rebuilding every label live is not worth the risk of a half-translated window.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from reviewdesk.domain.enums import LabelledEnum

log = logging.getLogger(__name__)

#: code → the name a user picks, written in that language itself.
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}  # i18n: not UI (each its own name)
DEFAULT_LANGUAGE = "zh_CN"
SOURCE_LANGUAGE = "zh_CN"
CATALOGUE_NAME = "reviewdesk"
#: Qt's own catalogues loaded for a language (qtbase covers QtCore, QtGui, QtWidgets dialogs).
QT_CATALOGUES = ("qtbase",)

_installed: list[QTranslator] = []


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` (Chinese source) in the current language; ``context`` is usually the class name."""
    return QCoreApplication.translate(context, text, disambiguation, n)


#: The disambiguation a count message's singular is translated under ("1 record", not "1 records").
ONE = "exactly one"


def translate_count(context: str, text: str, n: int) -> str:
    """``text`` for a count of ``n``: Chinese says 1 条 and 5 条 alike, English needs its singular.

    ``scripts/build_translations.py`` extracts both forms of every ``translate_count`` call (the plain
    one and the one disambiguated :data:`ONE`), so each gets its own English."""
    return translate(context, text, ONE) if n == 1 else translate(context, text)


def translate_noop(context: str, text: str) -> str:
    """Mark ``text`` for extraction without translating it now (Qt's ``QT_TRANSLATE_NOOP``).

    For tables built at import time, before a translator is installed: keep the Chinese in the table
    and call :func:`translate` with the same context where the text is shown.
    """
    return text


#: Alias asked for by the other views; prefer :func:`translate` (see the module docstring).
tr = translate

#: Context of the domain vocabularies' labels in the .ts (``build_translations.py`` extracts them all).
ENUM_CONTEXT = "Enums"


def label(member: LabelledEnum | None, empty: str = "") -> str:
    """What a reviewer reads for a vocabulary value (审核通过 / "Approved"); ``empty`` for None.

    ``domain`` stays free of Qt, so its ``.label`` is always the seeds' Chinese; the views show it
    through here so the English catalogue applies.
    """
    if member is None:
        return empty
    return QCoreApplication.translate(ENUM_CONTEXT, member.label)


#: What a code no vocabulary knows is shown as (never the code: "verified" once reached 审核进度).
UNKNOWN_CODE = translate_noop("Codes", "未知")


def code_label(code: object, *vocabularies: type[LabelledEnum]) -> str:
    """A stored code ("verified", "on_hold") as a reviewer reads it: the label of the first of
    ``vocabularies`` that has it; "" for none/empty. The one place codes become words on screen — an
    English code must never reach the Chinese UI, so an unknown one reads 未知 (and is logged)."""
    if code is None or code == "":
        return ""
    for vocabulary in vocabularies:
        try:
            return label(vocabulary(code))
        except ValueError:
            continue
    log.warning("no label for code %r in %s", code, [v.__name__ for v in vocabularies])
    return translate("Codes", UNKNOWN_CODE)


def enum_title(vocabulary: type[LabelledEnum]) -> str:
    """The vocabulary's own name (申报级别, 审核状态, …) in the current language."""
    return QCoreApplication.translate(ENUM_CONTEXT, vocabulary.title())


def normalize_language(code: str | None) -> str:
    """A supported language code for ``code`` ("en_US" → "en", unknown → the default)."""
    if not code:
        return DEFAULT_LANGUAGE
    if code in LANGUAGES:
        return code
    base = code.replace("-", "_").split("_")[0]
    if base == "zh":
        return "zh_CN"
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def qt_translations_dir() -> Path:
    """Qt's own .qm files (inside PySide6, or inside the frozen program's folder)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def app_translations_dir() -> Path:
    """Our .qm files: ``reviewdesk.resources/i18n``."""
    return Path(str(resources.files("reviewdesk.resources").joinpath("i18n")))


def installed_translators() -> list[QTranslator]:
    return list(_installed)


def remove_translators(app: QCoreApplication | None = None) -> None:
    """Take out every translator :func:`install_translators` put in (back to the Chinese source)."""
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def install_translators(app: QCoreApplication, language: str | None) -> list[QTranslator]:
    """Make ``language`` the language of ``app``'s texts and of Qt's own dialogs.

    Replaces whatever an earlier call installed. Missing files are logged, never fatal: a window in the
    source language is better than no window. Returns the translators now installed.
    """
    code = normalize_language(language)
    remove_translators(app)
    locale = QLocale(code)
    QLocale.setDefault(locale)
    candidates: list[tuple[str, Path]] = [(name, qt_translations_dir()) for name in QT_CATALOGUES]
    if code != SOURCE_LANGUAGE:
        candidates.append((CATALOGUE_NAME, app_translations_dir()))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
        elif code != "en" or name == CATALOGUE_NAME:  # Qt has no English catalogue: its source is English
            log.warning("no %s translation for %s in %s", name, code, folder)
    if code == "zh_CN":  # what Qt's own zh_CN catalogue leaves in English (qt_gaps)
        from reviewdesk.views.common.qt_gaps import QtGapsTranslator

        gaps = QtGapsTranslator(app)
        app.installTranslator(gaps)
        _installed.append(gaps)
    log.info("language %s (%d translator(s))", code, len(_installed))
    return list(_installed)
