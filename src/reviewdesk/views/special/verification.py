"""核验 from the 专项信息 page: asking what to verify, doing it, and saying what happened.

The page knows what is selected and shown; this module turns a choice (Y/N, the buttons, the menu,
批量核验…) into one :class:`Request` — asking for a 核验备注 or for leave to overturn a colleague's
result where the rules want it — hands it to ``Workspace.verify`` and words the store's answer, with
refusals counted by reason. The page then shows the words and refreshes what changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from reviewdesk.domain.enums import VerifyStatus
from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.common.workflow_texts import reason_text
from reviewdesk.views.special.verify_dialog import (
    VerifyDialog,
    confirm_overturn,
    overturn_labels,
    remark_required,
    verification_report,
)

CONTEXT = "SpecialInfoPage"

#: Kept in Chinese (the source text); shown through ``translate(CONTEXT, …)``.
NOTHING_SELECTED = translate_noop(
    CONTEXT, "请先选择要核验的材料（单击卡片选择，Ctrl/Shift 多选，Ctrl+A 全选）"
)
NOTHING_TO_UNDO = translate_noop(CONTEXT, "没有可撤销的操作（已同步的操作不能撤销）")

#: The batch dialog's preview: (all matching materials, not only the selected; the chosen status) →
#: the store's ``DecisionPreview`` for them.
Preview = Callable[[bool, VerifyStatus], Any]


class VerifyingWorkspace(Protocol):
    """What the 专项信息 page needs of ``store.workspace.Workspace``."""

    engine: Any
    me: Any
    path: Path
    blob_dir: Path

    def verify(
        self,
        material_ids: Sequence[int],
        status: VerifyStatus,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> Any: ...
    def preview_verification(
        self,
        material_ids: Sequence[int],
        status: VerifyStatus,
        remark: str,
        *,
        bulk: bool = False,
        overturn: bool = False,
    ) -> Any: ...
    def undo_last(self) -> str | None: ...
    def subscribe(self, callback: Callable[[set[int]], None]) -> Callable[[], None]: ...


@dataclass(frozen=True)
class Request:
    """One 核验 to hand to the store. ``bulk``: several materials — those already in ``status`` are left
    alone and other results are overturned only with ``overturn``."""

    ids: list[int]
    status: VerifyStatus
    remark: str = ""
    bulk: bool = False
    overturn: bool = False


@dataclass(frozen=True)
class Outcome:
    """What to tell the reviewer, and the store's answer (None: nothing was sent)."""

    text: str
    result: Any = None

    @property
    def undoable(self) -> bool:
        """It reports an unsent 核验 that 撤销 can take back."""
        return self.result is not None and len(self.result.allowed) > 0


def preview_for(
    workspace: VerifyingWorkspace, selected: list[int], matching: Callable[[], list[int]]
) -> Preview:
    """The dialog's preview: the store's bulk answer for the chosen scope (selection or all)."""

    def preview(all_matching: bool, status: VerifyStatus) -> Any:
        ids = matching() if all_matching or not selected else selected
        return workspace.preview_verification(ids, status, "-", bulk=True)

    return preview


def ask(
    parent: QWidget, workspace: VerifyingWorkspace, ids: list[int], status: VerifyStatus, preview: Preview
) -> Request | None:
    """A 核验 of ``ids`` chosen by key, button or menu: 核验通过 at once (a batch asks before it overturns
    another result), 核验不通过 through the dialog for its 核验备注. None: the reviewer cancelled."""
    bulk = len(ids) > 1
    if status is VerifyStatus.VERIFIED:
        overturn = False
        if bulk:
            overturns = workspace.preview_verification(ids, status, "", bulk=True).overturns
            overturn = bool(overturns) and confirm_overturn(
                parent, len(overturns), overturn_labels(overturns), status
            )
        return Request(ids, status, "", bulk, overturn)
    dialog = VerifyDialog(
        len(ids),
        0,
        parent,
        status=status,
        single_title=translate(CONTEXT, "核验不通过（{n} 条）").format(n=len(ids)),
        preview=preview if bulk else None,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return Request(ids, dialog.status() or status, dialog.remark_text(), bulk, dialog.overturns())


def ask_batch(
    parent: QWidget, selected: list[int], matching: Callable[[], list[int]], count: int, preview: Preview
) -> Request | None:
    """批量核验…: the selected materials, or all ``count`` matching the search, as the dialog says."""
    dialog = VerifyDialog(len(selected), count, parent, preview=preview)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    status = dialog.status()
    if status is None:
        return None
    ids = matching() if dialog.applies_to_all() or not selected else selected
    return Request(ids, status, dialog.remark_text(), True, dialog.overturns())


def apply(parent: QWidget, workspace: VerifyingWorkspace, request: Request) -> Outcome:
    """Verify now (a local action, synced later) and word what happened; the message counts exactly what
    changed, and materials the store refused are counted by reason in a warning too."""
    remark = request.remark.strip()
    if not request.ids:
        return Outcome(translate(CONTEXT, NOTHING_SELECTED))
    if request.status is VerifyStatus.FAILED and not remark:
        return Outcome(remark_required())
    result = workspace.verify(
        list(request.ids), request.status, remark, bulk=request.bulk, overturn=request.overturn
    )
    text = verification_report(result, request.status)
    if result.refused:
        reasons = Counter(result.refused.values())  # the store's reasons: its own words
        details = translate(CONTEXT, "；").join(
            translate(CONTEXT, "{reason}（{n} 条）").format(reason=reason_text(reason), n=n)
            for reason, n in reasons.most_common()
        )
        text += translate(CONTEXT, "；{n} 条不能核验：{details}").format(
            n=len(result.refused), details=details
        )
        QMessageBox.warning(parent, translate(CONTEXT, "部分材料不能核验"), text)
    return Outcome(text, result)
