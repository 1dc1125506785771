"""The English catalogue says the right thing, not merely something without Chinese: the seeds' words
and some of the app's refusal, server, sync and image messages, each with the English a reviewer should
read, written here by hand. A translation swapped with another string's, left half-translated or naming
the wrong rule fails here (the other English tests mostly check that no Chinese remains)."""

from __future__ import annotations

from typing import Any

import pytest
from english import english  # noqa: F401 (a fixture)

from reviewdesk.domain import enums
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.common.image_errors import ERRORS_CONTEXT
from reviewdesk.views.common.workflow_texts import reason_text
from reviewdesk.views.shell.sync_texts import sync_error_text

#: (vocabulary, member, English) — the seeds' vocabularies as the list, filters and detail pane show them
LABELS: list[tuple[Any, str]] = [
    (enums.Level.ASSISTANT, "Junior (technician)"),
    (enums.Level.JUNIOR, "Junior (practitioner)"),
    (enums.Level.INTERMEDIATE, "Intermediate"),
    (enums.ReviewStatus.PENDING, "Pending review"),
    (enums.ReviewStatus.PASSED, "Approved"),
    (enums.ReviewStatus.ON_HOLD, "On hold"),
    (enums.ReviewStatus.RETURNED, "Allow changes"),
    (enums.ReviewStatus.REJECTED, "Rejected"),
    (enums.SubmitStatus.NOT_SUBMITTED, "Not submitted"),
    (enums.SubmitStatus.SUBMITTED, "Submitted"),
    (enums.PayStatus.UNPAID, "Awaiting payment"),
    (enums.PayStatus.PAID, "Paid"),
    (enums.VerifyStatus.PENDING, "Not verified"),
    (enums.VerifyStatus.VERIFIED, "Verified"),
    (enums.VerifyStatus.FAILED, "Verification failed"),
    (enums.Tier.UNIT, "Unit"),
    (enums.Tier.COUNTY, "County"),
    (enums.Tier.CITY, "City"),
    (enums.Tier.PROVINCE, "Province"),
    (enums.DataScope.DIRECT, "Directly under this level"),
    (enums.DataScope.ALL, "All subordinates"),
    (enums.Library.QUALIFICATION, "Qualification library"),
    (enums.Library.MISCONDUCT, "Disciplinary library"),
    (enums.Library.NURSE_REGISTRY, "Nurse registry"),
    (enums.MaterialKind.EDUCATION, "Education"),
    (enums.MaterialKind.DEGREE, "Degree certificate"),
    (enums.MaterialKind.TITLE, "Professional title"),
    (enums.MaterialKind.RESIDENCY, "Standardised residency training certificate"),
    (enums.EducationLevel.BACHELOR, "Bachelor"),
    (enums.EducationLevel.MASTER, "Master's"),
    (enums.IdType.RESIDENT_ID, "Resident ID card"),
    (enums.IdType.PASSPORT, "Passport"),
    (enums.HistoryAction.REPORTED, "Report up"),
    (enums.HistoryAction.VERIFIED, "Material verification"),
]

#: Messages as the app shows them: (how it is shown, Chinese source, English)
MESSAGES: list[tuple[str, str, str]] = [
    (
        "reason",
        "考生尚未提交报名，不能审核",
        "The candidate has not submitted the registration yet; it cannot be reviewed",
    ),
    (
        "reason",
        "该考生已审核不通过，审核不通过为最终结果，任何一级都不能再审核",
        "This candidate was rejected; rejection is final and no tier can review again",
    ),
    (
        "reason",
        "请填写审核备注：除审核通过外，其他审核结果必须填写备注",
        "Enter a review remark: every result except Approved needs a remark",
    ),
    (
        "reason",
        "只有本级审核通过的考生才能材料上报",
        "Only candidates approved at this tier can be reported up",
    ),
    (
        "reason",
        "请填写核验备注：核验不通过必须填写备注",
        "Enter a verification remark: Verification failed needs a remark",
    ),
    (
        "reason",
        "考生已重新提交，材料已变更",
        "The candidate submitted again; the materials have changed",
    ),
    (
        "reason",
        "该材料的核验状态在您核验后已被他人修改",
        "Someone else changed this material's verification after yours",
    ),
    ("sync", "登录已失效，请重新登录", "The sign-in has expired; please sign in again"),
    (
        "sync",
        "无法连接服务器，请检查网络后重试；您可以继续离线审核",
        "Cannot reach the server; check the network and try again. You can keep reviewing offline",
    ),
    (
        "sync",
        "同步位置已失效，需要重新下载全部数据",
        "The sync position has expired; all data must be downloaded again",
    ),
    ("image", "找不到图片文件：{name}", "Image file not found: {name}"),
    (
        "image",
        "图片文件不完整（数据被截断），无法解码",
        "The image file is incomplete (its data is truncated) and cannot be decoded",
    ),
    (
        "image",
        "图片文件过大（{size}），不能超过 {limit}",
        "The image file is too large ({size}); the limit is {limit}",
    ),
]


def _shown(how: str, source: str) -> str:
    if how == "reason":
        return reason_text(source)
    if how == "sync":
        return sync_error_text(source)
    return translate(ERRORS_CONTEXT, source)


@pytest.mark.parametrize(("member", "expected"), LABELS, ids=[m.label for m, _ in LABELS])
def test_vocabulary_labels_read_right_in_english(english, member: Any, expected: str) -> None:  # noqa: F811
    assert label(member) == expected


@pytest.mark.parametrize(("how", "source", "expected"), MESSAGES, ids=[m[1][:12] for m in MESSAGES])
def test_messages_read_right_in_english(english, how: str, source: str, expected: str) -> None:  # noqa: F811
    assert _shown(how, source) == expected


def test_without_the_catalogue_the_same_texts_are_the_seeds_chinese() -> None:
    for member, _ in LABELS:
        assert label(member) == member.label
    for how, source, _ in MESSAGES:
        assert _shown(how, source) == source
