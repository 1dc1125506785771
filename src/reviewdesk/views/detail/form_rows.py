"""A form of kept rows, re-filled for each record: the 审核详情's 基础信息 and every material tab.

Why kept: building, polishing and laying out dozens of new label widgets per record was ~30 ms of the
50 ms budget for selecting a record; re-filling costs a few ``setText`` calls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from reviewdesk.views.common.i18n import translate

CONTEXT = "DetailPane"
#: A row or scan a 预审提示 points at (the banner's link): a warm background, a red frame.
HIGHLIGHT = "background: #ffe082; font-weight: bold;"


def selectable(text: str, parent: QWidget | None) -> QLabel:
    """A wrapped label whose text the reviewer can select and copy (a 证件号码, a school)."""
    label = QLabel(text, parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class FormRows(QFormLayout):
    """A form whose rows are kept and re-filled: label widgets are created once, grown on demand,
    extra rows hidden. Re-filling a shown record costs a few ``setText`` calls instead of building,
    polishing and laying out dozens of new widgets (that was ~30 ms of the 50 ms budget)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.captions: list[QLabel] = []
        self.values: list[QLabel] = []
        self._styles: list[str] = []

    def set_rows(self, rows: list[tuple[str, str]], styles: dict[int, str] | None = None) -> None:
        styles = styles or {}
        host = self.parentWidget()
        while len(self.values) < len(rows):
            value = selectable("", host)
            value.setTextFormat(Qt.TextFormat.PlainText)
            caption = QLabel(host)
            self.addRow(caption, value)
            self.captions.append(caption)
            self.values.append(value)
            self._styles.append("")
        for i, value in enumerate(self.values):
            visible = i < len(rows)
            self.setRowVisible(i, visible)
            if not visible:
                continue
            name, text = rows[i]
            caption_text = translate(CONTEXT, "{name}：").format(name=name) if name else ""
            if self.captions[i].text() != caption_text:
                self.captions[i].setText(caption_text)
            if value.text() != text:
                value.setText(text)
            style = styles.get(i, "")
            if self._styles[i] != style:  # a style sheet re-polishes the widget: set only on change
                value.setStyleSheet(style)
                self._styles[i] = style

    def value(self, row: int) -> QLabel:
        return self.values[row]

    def highlight(self, row: int | None) -> QLabel | None:
        """Mark one row's caption (预审提示 pointed at it), or none; returns the row's value label."""
        for i, caption in enumerate(self.captions):
            caption.setStyleSheet(HIGHLIGHT if i == row else "")
        return self.values[row] if row is not None and 0 <= row < len(self.values) else None
