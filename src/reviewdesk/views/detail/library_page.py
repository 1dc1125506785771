"""The 对比库信息 tab of the 审核详情: what each comparison library says of the candidate.

A 违纪考生库 hit is the one thing a reviewer must not miss, so it is marked and coloured here and the
pane also flags the tab itself (``DetailPane._flag_library_tab``), seen from any other tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reviewdesk.domain.enums import Library
from reviewdesk.views.common.i18n import label, translate, translate_noop
from reviewdesk.views.detail.form_rows import selectable

CONTEXT = "DetailPane"
MISCONDUCT_MARK = "⚠"
NO_ENTRIES = translate_noop(CONTEXT, "无")
FRONTLINE = translate_noop(CONTEXT, "是否为抗击新冠肺炎疫情一线人员")
ALARM = "color: #c62828; font-weight: bold;"


def yes_no(value: Any) -> str:
    return translate(CONTEXT, "是") if value else translate(CONTEXT, "否")


def misconduct_entries(record: Any) -> list[str]:
    """The record's 违纪考生库 entries (empty when it has none)."""
    for item in record.snapshot.get("libraries") or []:
        if item.get("library") == Library.MISCONDUCT.value:
            return [str(entry) for entry in item.get("entries") or []]
    return []


class LibraryPage(QWidget):
    """One title and one body per library, then 是否为抗击新冠肺炎疫情一线人员; built once, re-filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self._labels: dict[str, tuple[QLabel, QLabel]] = {}
        for library in Library:
            text = label(library)
            if library.label.endswith("库"):  # i18n: not UI (a test of the source word: 违纪考生库 → …信息)
                text = translate(CONTEXT, "{library}信息").format(library=text)
            title = QLabel(text, self)
            title.setStyleSheet("font-weight: bold;")
            body = selectable(translate(CONTEXT, NO_ENTRIES), self)
            body.setObjectName(f"library_{library.value}")
            layout.addWidget(title)
            layout.addWidget(body)
            self._labels[library.value] = (title, body)
        frontline = QLabel(translate(CONTEXT, FRONTLINE), self)
        frontline.setStyleSheet("font-weight: bold;")
        layout.addWidget(frontline)
        self._frontline = selectable(yes_no(False), self)
        layout.addWidget(self._frontline)
        layout.addStretch(1)

    def fill(self, record: Any) -> None:
        entries = {
            str(item.get("library")): list(item.get("entries") or [])
            for item in record.snapshot.get("libraries") or []
        }
        for library in Library:
            items = entries.get(library.value, [])
            title, body = self._labels[library.value]
            text = "\n".join(items) if items else translate(CONTEXT, NO_ENTRIES)
            alarm = library is Library.MISCONDUCT and bool(items)
            if alarm:
                text = f"{MISCONDUCT_MARK} " + text
            if body.text() != text:
                body.setText(text)
            if body.property("alarm") != alarm:  # a style sheet re-polishes: only on change
                body.setProperty("alarm", alarm)
                body.setStyleSheet(ALARM if alarm else "")
                title.setStyleSheet(ALARM if alarm else "font-weight: bold;")
        answer = yes_no(record.row.get("frontline"))
        if self._frontline.text() != answer:
            self._frontline.setText(answer)
