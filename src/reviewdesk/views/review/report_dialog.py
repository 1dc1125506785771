"""材料上报 (seed 000 §2.5): confirm how many 审核通过 records go up, and to which tier.

Why a confirmation with the count: 材料上报 sends *every* 审核通过 record of the reviewer's tier at once
and they can no longer be changed here afterwards. The action is queued in the outbox, so it works
offline and is sent at the next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from reviewdesk.domain.enums import Tier
from reviewdesk.views.common.i18n import label, translate, translate_count, translate_noop

CONTEXT = "ReportDialog"
#: Source texts (shown through :func:`translate` by :func:`report_blocked_reason`).
NOTHING_TO_REPORT = translate_noop(CONTEXT, "当前没有审核通过且未上报的考生材料。")
PROVINCE_CANNOT_REPORT = translate_noop(CONTEXT, "省级是最后一级审核，无需材料上报。")


def superior_label(tier: Tier) -> str | None:
    """The label of the tier above ``tier`` in the full chain (市州/区县/省级), None for 省级."""
    order = [Tier.UNIT, Tier.COUNTY, Tier.CITY, Tier.PROVINCE]
    index = order.index(Tier(tier))
    return label(order[index + 1]) if index + 1 < len(order) else None


def superior_labels(workspace: Any, ids: list[int], tier: Tier, sample: int = 500) -> str:
    """The tier(s) the records go to, from their own chains (a province-direct unit reports to 省级,
    a unit under a 省直管 city to 市州); a sample is enough, chains differ only by where the unit is."""
    labels: list[str] = []
    for record_id in ids[:sample]:
        record = workspace.record(record_id)
        chain = list(record.review.chain) if record is not None else []
        if tier in chain and chain.index(tier) + 1 < len(chain):
            superior = label(chain[chain.index(tier) + 1])
            if superior not in labels:
                labels.append(superior)
    return "/".join(labels) or (superior_label(tier) or "")


def report_blocked_reason(tier: Tier, count: int) -> str | None:
    """Why 材料上报 is not possible now (in the current language), or None."""
    if Tier(tier) is Tier.PROVINCE:
        return translate(CONTEXT, PROVINCE_CANNOT_REPORT)
    if count == 0:
        return translate(CONTEXT, NOTHING_TO_REPORT)
    return None


def confirm_text(count: int, superior: str) -> str:
    return translate_count(
        CONTEXT,
        "将把 {count} 条审核通过的考生材料上报至上级（{superior}）。\n\n"
        "上报后本级不能再修改这些考生的审核结果。确定上报吗？",
        count,
    ).format(count=count, superior=superior)


def run_report(parent: QWidget | None, workspace: Any) -> list[int] | None:
    """Ask, then ``workspace.report_up()``. Returns the reported ids, or None when nothing was done."""
    tier = Tier(workspace.me.tier)
    ids = workspace.preview_report() if tier is not Tier.PROVINCE else []
    reason = report_blocked_reason(tier, len(ids))
    if reason:
        QMessageBox.information(parent, translate(CONTEXT, "材料上报"), reason)
        return None
    answer = QMessageBox.question(
        parent,
        translate(CONTEXT, "材料上报"),
        confirm_text(len(ids), superior_labels(workspace, ids, tier)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return workspace.report_up()
