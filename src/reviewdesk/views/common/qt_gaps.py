"""The few texts of Qt's own dialogs that Qt's zh_CN catalogue leaves in English.

Qt ships ``qtbase_zh_CN.qm`` (loaded by :func:`reviewdesk.views.common.i18n.install_translators`), but
some strings changed in Qt 6 without their Chinese following: the save dialog read "Look in:",
"Files of type:" and "Folder" among Chinese labels. This translator answers only those
(context, source text) pairs, whatever their disambiguation; everything else falls through to Qt's own
catalogue. Installed after it, so it is asked first. Python, not a .qm: nothing to compile or bundle,
so the frozen program has it too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

#: (context, source) → the Chinese Qt's catalogue lacks (the words Qt itself uses for them elsewhere).
GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",  # i18n: not UI
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",  # i18n: not UI
    ("QAbstractFileIconProvider", "Folder"): "文件夹",  # i18n: not UI
    ("QAbstractFileIconProvider", "File"): "文件",  # i18n: not UI
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",  # i18n: not UI
    ("QAbstractFileIconProvider", "Drive"): "驱动器",  # i18n: not UI
    ("QAbstractFileIconProvider", "Unknown"): "未知",  # i18n: not UI
}


class QtGapsTranslator(QTranslator):
    """Answers :data:`GAPS`; None (not translated here) for anything else."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return GAPS.get((context, source_text))

    def isEmpty(self) -> bool:
        return False
