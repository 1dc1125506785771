"""预审提示 banner: the shown record's flags, each a link to what it is about — above the 审核详情 pane,
and above the 考生信息填报 page's candidate while the unit's staff enter it (the same flags, the same
frame, the same mark where a link jumps to: ``form_rows.HIGHLIGHT``).

Why a banner and not a tab: a reviewer must see the pointers before looking, from any tab, and one
click must bring them to the field or scan (the pane selects its tab and highlights it,
``DetailPane.show_flag``). The messages are the server's (``domain.precheck``: data in the reviewer's
words, like the fields they point at; said in the
current language by ``flag_texts``); the frame around them says they are pointers, not decisions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from reviewdesk.domain.enums import MaterialKind
from reviewdesk.views.common.flag_texts import flag_text
from reviewdesk.views.common.i18n import label, translate, translate_noop

CONTEXT = "FlagsBanner"
TITLE = translate_noop(CONTEXT, "预审提示（{n} 项，仅供参考，不代替审核）：")
BASIC = translate_noop(CONTEXT, "基础信息")
ALERT_COLOUR = "#c62828"
WARN_COLOUR = "#a35f00"
#: Shown at most; the rest are summed up in one line (a record with more needs a look anyway).
MAX_SHOWN = 8


def where(flag: Mapping[str, Any]) -> str:
    """What a flag points at, as the tabs and fields are titled ("学历信息 · 毕业时间")."""
    try:
        tab = label(MaterialKind(flag.get("material"))) if flag.get("material") else translate(CONTEXT, BASIC)
    except ValueError:
        tab = translate(CONTEXT, BASIC)
    field = str(flag.get("field") or "")
    return f"{tab} · {field}" if field else tab


def colour_of(flags: Sequence[Mapping[str, Any]]) -> str:
    """The colour of a list of flags' marker: the worst one's."""
    return ALERT_COLOUR if any(f.get("severity") == "alert" for f in flags) else WARN_COLOUR


def tooltip(flags: Sequence[Mapping[str, Any]]) -> str:
    """The flags' sentences one a line, marked like the banner's lines (a list cell's tooltip)."""
    return "\n".join(f"{'▲' if f.get('severity') == 'alert' else '△'} {flag_text(f)}" for f in flags)


class FlagsBanner(QFrame):
    """``set_flags(flags)`` shows them (hidden without any); ``jump(flag)`` when one is clicked."""

    jump = Signal(object)  # the flag's dict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flags_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#flags_banner { background: #fff8e1; border: 1px solid #f0c36d; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        self.title = QLabel(self)
        layout.addWidget(self.title)
        self.lines: list[QLabel] = []
        self.flags: list[Mapping[str, Any]] = []
        self.hide()

    def set_flags(self, flags: Sequence[Mapping[str, Any]]) -> None:
        self.flags = list(flags)
        self.title.setText(translate(CONTEXT, TITLE).format(n=len(self.flags)))
        shown = self.flags[:MAX_SHOWN]
        while len(self.lines) < len(shown) + 1:
            line = QLabel(self)
            line.setTextFormat(Qt.TextFormat.RichText)
            line.setWordWrap(True)
            line.linkActivated.connect(self._activated)
            self.layout().addWidget(line)
            self.lines.append(line)
        for i, line in enumerate(self.lines):
            if i < len(shown):
                line.setText(self._line(i, shown[i]))
            elif i == len(shown) and len(self.flags) > len(shown):
                more = translate(CONTEXT, "另有 {n} 项").format(n=len(self.flags) - len(shown))
                line.setText(html.escape(more))
            else:
                line.setText("")
            line.setVisible(bool(line.text()))
        self.setVisible(bool(self.flags))

    def _line(self, index: int, flag: Mapping[str, Any]) -> str:
        alert = flag.get("severity") == "alert"
        mark, colour = ("▲", ALERT_COLOUR) if alert else ("△", WARN_COLOUR)
        message = html.escape(flag_text(flag))
        return (
            f"<span style='color:{colour}'>{mark}</span> {message} "
            f"<a href='{index}'>{html.escape(translate(CONTEXT, '查看'))} {html.escape(where(flag))}</a>"
        )

    def _activated(self, link: str) -> None:
        index = int(link)
        if 0 <= index < len(self.flags):
            self.jump.emit(self.flags[index])
