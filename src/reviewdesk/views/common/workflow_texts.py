"""The review rules' refusal reasons (``reviewdesk.domain.workflow``) and the store's summaries of an
action (what 撤销 takes back) in the current language.

Why a copy of the Chinese here: the domain is Qt-free and its reasons are plain constants, which the
translation extractor cannot see; listing them with :func:`translate_noop` puts them in the catalogue
under the context ``Workflow``, and :func:`reason_text` shows one through it. A test checks that every
reason constant of the workflow (and the store's "not held" ones) is listed, so a new rule cannot slip
through untranslated. Anything unknown is shown as it came.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from reviewdesk.domain.enums import HistoryAction, Outcome, ReviewStatus, VerifyStatus
from reviewdesk.store.local_actions import ActionSummary
from reviewdesk.views.common.i18n import ENUM_CONTEXT, code_label, label, translate, translate_noop

CONTEXT = "Workflow"

#: Every refusal reason the rules and the local store give (same order as in their modules).
REASONS: tuple[str, ...] = (
    translate_noop(CONTEXT, "考生尚未提交报名，不能审核"),
    translate_noop(CONTEXT, "该考生的报名不经过本级审核"),
    translate_noop(CONTEXT, "下级尚未上报该考生的材料，本级不能审核"),
    translate_noop(CONTEXT, "该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核"),
    translate_noop(CONTEXT, "已材料上报至上级，本级已锁定，不能再修改"),
    translate_noop(CONTEXT, "省级已审核通过，审核已结束"),
    translate_noop(CONTEXT, "请填写审核备注：除审核通过外，其他审核结果必须填写备注"),
    translate_noop(CONTEXT, "只有本级审核通过的考生才能材料上报"),
    translate_noop(CONTEXT, "省级为最高审核层级，审核通过即审核结束，无需材料上报"),
    translate_noop(CONTEXT, "报名已提交，不能重复提交"),
    translate_noop(CONTEXT, "报名已审核不通过，不能再次提交"),
    translate_noop(CONTEXT, "报名尚未提交，无需撤回"),
    translate_noop(CONTEXT, "单位已开始审核，不能撤回报名"),
    translate_noop(CONTEXT, "请填写核验备注：核验不通过必须填写备注"),
    translate_noop(CONTEXT, "该考生不在本地数据中（可能已不属于本级审核范围），请先同步"),
    translate_noop(CONTEXT, "该材料不在本地数据中，请先同步"),
)


#: The server's messages for an action it did not apply (``server.decisions`` / ``server.verifications``
#: CONFLICT_MESSAGES, ``server.errors.NOT_FOUND_MESSAGE``): the 冲突 view and the cards show them.
SERVER_MESSAGES: tuple[str, ...] = (
    translate_noop(CONTEXT, "考生已撤回报名或报名已退回修改，当前不在审核中"),
    translate_noop(CONTEXT, "考生已重新提交，材料已变更"),
    translate_noop(CONTEXT, "该考生已不在本级审核（已上报上级或已由其他层级处理）"),
    translate_noop(CONTEXT, "该考生的报名在您审核后已被他人修改"),
    translate_noop(CONTEXT, "考生已修改该材料并重新提交"),
    translate_noop(CONTEXT, "该材料的核验状态在您核验后已被他人修改"),
    translate_noop(CONTEXT, "记录不存在或不在您的权限范围内"),
)


def reason_text(reason: str | None) -> str:
    """A refusal reason, or a server's message of :data:`SERVER_MESSAGES`, in the current language
    ("" for None; anything else as it came)."""
    return translate(CONTEXT, reason) if reason else ""


def action_summary_text(summary: str) -> str:
    """What an undo takes back ("审核通过（120 条）", ``store.local_actions.ActionSummary``) in the
    current language; any other text as it came."""
    if not isinstance(summary, ActionSummary):
        return summary
    what = translate(ENUM_CONTEXT, "材料上报") if summary.action is None else label(summary.action)
    if summary.counts_materials:
        return translate(CONTEXT, "{what}（{n} 项）").format(what=what, n=summary.count)
    return translate(CONTEXT, "{what}（{n} 条）").format(what=what, n=summary.count)


def counted(codes: Iterable[str], name: Callable[[str], str]) -> str:
    """ "核验不通过 13、核验通过 2": status codes (a bulk action's ``overturns`` values) named and counted,
    in order of first appearance — what a bulk 审核 or 核验 keeps or is about to overturn."""
    return translate(CONTEXT, "、").join(f"{name(code)} {n}" for code, n in Counter(codes).items())


def history_result_text(action: object, result: object) -> str:
    """A 审核进度 entry's 结果 in words: a 材料核验's is a 核验状态 (核验通过), a 审核's an outcome; the
    code never shows (``code_label``)."""
    if action == HistoryAction.VERIFIED.value:
        return code_label(result, VerifyStatus, Outcome, ReviewStatus)
    return code_label(result, Outcome, ReviewStatus, VerifyStatus)
