"""材料上报 (seed 000 §2.5): confirm how many 审核通过 records go up, and to which tier.

Why a confirmation with the count: 材料上报 sends *every* 审核通过 record of the reviewer's tier at once
and they can no longer be changed here afterwards. The action is queued in the outbox, so it works
offline and is sent at the next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from reviewdesk.domain.enums import Tier

NOTHING_TO_REPORT = "当前没有审核通过且未上报的考生材料。"
PROVINCE_CANNOT_REPORT = "省级是最后一级审核，无需材料上报。"


def superior_label(tier: Tier) -> str | None:
    """The label of the tier above ``tier`` in the full chain (市州/区县/省级), None for 省级."""
    order = [Tier.UNIT, Tier.COUNTY, Tier.CITY, Tier.PROVINCE]
    index = order.index(Tier(tier))
    return order[index + 1].label if index + 1 < len(order) else None


def superior_labels(workspace: Any, ids: list[int], tier: Tier, sample: int = 500) -> str:
    """The tier(s) the records go to, from their own chains (a province-direct unit reports to 省级,
    a unit under a 省直管 city to 市州); a sample is enough, chains differ only by where the unit is."""
    labels: list[str] = []
    for record_id in ids[:sample]:
        record = workspace.record(record_id)
        chain = list(record.review.chain) if record is not None else []
        if tier in chain and chain.index(tier) + 1 < len(chain):
            label = chain[chain.index(tier) + 1].label
            if label not in labels:
                labels.append(label)
    return "/".join(labels) or (superior_label(tier) or "")


def report_blocked_reason(tier: Tier, count: int) -> str | None:
    if Tier(tier) is Tier.PROVINCE:
        return PROVINCE_CANNOT_REPORT
    if count == 0:
        return NOTHING_TO_REPORT
    return None


def confirm_text(count: int, superior: str) -> str:
    return f"将把 {count} 条审核通过的考生材料上报至上级（{superior}）。\n\n上报后本级不能再修改这些考生的审核结果。确定上报吗？"


def run_report(parent: QWidget | None, workspace: Any) -> list[int] | None:
    """Ask, then ``workspace.report_up()``. Returns the reported ids, or None when nothing was done."""
    tier = Tier(workspace.me.tier)
    ids = workspace.preview_report() if tier is not Tier.PROVINCE else []
    reason = report_blocked_reason(tier, len(ids))
    if reason:
        QMessageBox.information(parent, "材料上报", reason)
        return None
    answer = QMessageBox.question(
        parent,
        "材料上报",
        confirm_text(len(ids), superior_labels(workspace, ids, tier)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return workspace.report_up()
