"""The dialogs and the texts around a sync in English (issue 7): what a reviewer who chose English reads.

Each test installs the English catalogue, builds the real widget, and checks visible texts; the
``english`` fixture takes the translators out again, so other tests see the Chinese source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox

from reviewdesk.demo.launcher import DemoAccount
from reviewdesk.domain import workflow
from reviewdesk.domain.enums import COMMON_REMARKS, Outcome, ReviewStatus, SubmitStatus, Tier
from reviewdesk.domain.workflow import NOT_SUBMITTED, ReviewState, allowed_outcomes
from reviewdesk.server.testing import seeded_server
from reviewdesk.store import types as store_types
from reviewdesk.store.export_cells import CellChanges
from reviewdesk.sync import errors as sync_errors
from reviewdesk.sync.engine import SyncEngine, SyncReport
from reviewdesk.sync.session import connect
from reviewdesk.views.common.i18n import install_translators, remove_translators, translate_count
from reviewdesk.views.common.workflow_texts import REASONS, SERVER_MESSAGES, reason_text
from reviewdesk.views.review.bulk_dialog import BulkReviewDialog
from reviewdesk.views.review.export_dialog import changed_cells_text
from reviewdesk.views.review.report_dialog import (
    confirm_text,
    report_blocked_reason,
    run_report,
    superior_label,
)
from reviewdesk.views.review.review_dialog import ReviewDialog
from reviewdesk.views.shell.login_dialog import LoginDialog
from reviewdesk.views.shell.sync_texts import SYNC_ERROR_MESSAGES, phase_text, sync_error_text, sync_summary
from reviewdesk.views.shell.sync_worker import PHASE_TEXT

CJK = re.compile(r"[\u4e00-\u9fff]")
OPEN = ReviewState(SubmitStatus.SUBMITTED, {Tier.UNIT: ReviewStatus.PENDING}, Tier.UNIT)


@pytest.fixture
def english(qapp) -> Iterator[Any]:
    install_translators(qapp, "en")
    yield qapp
    remove_translators(qapp)
    QLocale.setDefault(QLocale.c())


def test_review_dialog_in_english(qtbot, english) -> None:
    dialog = ReviewDialog("王芳 42010219900307002X", allowed_outcomes(OPEN, Tier.UNIT))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Review materials"
    assert [b.text() for b in dialog.buttons.buttons()] == ["Submit", "Cancel"]
    box = dialog.form.outcome_box
    assert box.itemText(0) == "Please choose"
    assert box.itemText(1).split("    ")[0] == "Approved"
    assert dialog.reason_label.text() == "Choose a review status"
    assert dialog.form.remark_edit.placeholderText() == "Enter a review remark"
    dialog.form.set_outcome(Outcome.HOLD)
    assert dialog.form.meaning_label.text() == "In doubt: mark it and review it later"
    assert dialog.form.remark_edit.placeholderText() == "Enter a review remark (required)"
    assert dialog.reason_label.text().startswith("Enter a review remark: every result except Approved")
    # the usual remarks are data sent to the server: still Chinese, only their tooltip is English
    first = dialog.form.remark_buttons[0]
    assert first.text() == COMMON_REMARKS[0]
    assert first.toolTip() == f"Add “{COMMON_REMARKS[0]}” to the review remark"
    first.click()
    assert dialog.remark() == COMMON_REMARKS[0]


def test_refusal_reasons_in_english(qtbot, english) -> None:
    dialog = ReviewDialog("x", dict.fromkeys(Outcome, NOT_SUBMITTED))
    qtbot.addWidget(dialog)
    text = dialog.form.forbidden_label.text()
    assert text.startswith("This candidate cannot be reviewed now: The candidate has not submitted")
    assert dialog.form.outcome_box.itemText(1) == "Approved (not available)"
    assert not CJK.search(dialog.submit_button.toolTip())
    assert dialog.form.allowed()[Outcome.PASS] == NOT_SUBMITTED  # the reason itself is kept as data


def test_confirm_reject_in_english(qtbot, english, monkeypatch) -> None:
    asked: list[tuple[str, str]] = []

    def question(_parent, title, text, *_args):
        asked.append((title, text))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = ReviewDialog("x", allowed_outcomes(OPEN, Tier.UNIT), initial=Outcome.REJECT, remark="不符合")
    qtbot.addWidget(dialog)
    dialog.submit_button.click()
    assert asked and asked[0][0] == "Confirm rejection"
    assert asked[0][1].startswith("Rejected is final")


def test_login_dialog_in_english(qtbot, english, tmp_path: Path) -> None:
    dialog = LoginDialog(tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().startswith("Sign in - ")
    assert dialog.login_button.text() == "Sign in"
    assert dialog.user_edit.placeholderText() == "Enter the user name"
    assert dialog.password_edit.placeholderText() == "Enter the password"
    dialog.try_login()
    assert dialog.message.text() == "Enter the server address, user name and password"


def test_login_refused_offline_in_english(qtbot, english, tmp_path: Path) -> None:
    dialog = LoginDialog(tmp_path, server="http://127.0.0.1:9")
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("nobody")
    dialog.password_edit.setText("x")
    dialog.try_login()  # nothing listens on port 9 and nothing was downloaded for this account
    assert dialog.message.text().startswith("Cannot reach the server: ")
    assert dialog.workspace is None


def test_bulk_dialog_and_report_up_in_english(qtbot, english, tmp_path: Path, monkeypatch) -> None:
    with seeded_server(tmp_path, candidates=200, seed=1) as server:
        per_unit = Counter(c.unit_id for c in server.data.candidates())
        units = [a for a in server.accounts if a.tier is Tier.UNIT and a.role == "reviewer"]
        account = max(units, key=lambda a: per_unit[a.org_id])
        workspace, client = connect(server.url, account.username, account.password, tmp_path / "data")
        try:
            assert SyncEngine(workspace, client).sync().ok
            ids = workspace.record_ids()
            assert len(ids) > 1
            workspace.decide(ids[:1], Outcome.REJECT, "不符合")  # final: refused by the bulk 暂不审核
            dialog = BulkReviewDialog(workspace, ids, initial=Outcome.HOLD)
            qtbot.addWidget(dialog)
            assert dialog.windowTitle() == f"Bulk review ({len(ids)} selected)"
            assert dialog.intro.text() == f"Set one review status for the {len(ids)} selected candidates:"
            assert dialog.apply_button.text() == "Submit"
            dialog.form.set_remark("待核实")
            summary = dialog.summary.text()
            assert summary.startswith(f"{len(dialog.preview.allowed)} will change")
            assert ids[0] in dialog.preview.refused
            assert "cannot be set to On hold (reasons below)" in summary
            items = [dialog.refusals.item(i).text() for i in range(dialog.refusals.count())]
            assert items and not any(CJK.search(item) for item in items), items

            shown: list[tuple[str, str]] = []

            def information(_parent, title, text, *_args):
                shown.append((title, text))
                return QMessageBox.StandardButton.Ok

            def question(_parent, title, text, *_args):
                shown.append((title, text))
                return QMessageBox.StandardButton.No

            monkeypatch.setattr(QMessageBox, "information", information)
            monkeypatch.setattr(QMessageBox, "question", question)
            assert run_report(None, workspace) is None
            assert shown[0][0] == "Report up"
            assert not CJK.search(shown[0][1]), shown
        finally:
            workspace.close()


def test_report_texts_in_english(english) -> None:
    assert report_blocked_reason(Tier.PROVINCE, 5) == (
        "The province is the last review tier; there is nothing to report up."
    )
    assert (
        report_blocked_reason(Tier.UNIT, 0) == "There are no approved candidates waiting to be reported up."
    )
    assert superior_label(Tier.UNIT) == "County"
    assert confirm_text(3, "County").startswith("3 approved candidates' materials will be reported up")


def test_sync_texts_in_english(english) -> None:
    assert PHASE_TEXT["push"] == "Uploading review results" == phase_text("push")
    assert phase_text("something-new") == "something-new"
    report = SyncReport(pushed=2, applied=1, conflicts=1, downloaded=10, full_download=True, blobs=3)
    report.error = sync_errors.Offline.default_message
    assert sync_summary(report) == (
        "Uploaded 2 (applied 1, already applied before 0, conflicts 1, refused 0); full download 10 records; 3 images; "
        "error: Cannot reach the server; check the network and try again. You can keep reviewing offline"
    )
    assert sync_error_text("服务器说了别的") == "服务器说了别的"  # a server's own words, as they came


def test_demo_account_title_in_english(english) -> None:
    chosen = DemoAccount("u", "p", "单位 审核员 · 某医院（3 名考生）", "unit", "reviewer", 3, "某医院")
    assert chosen.title() == "Unit reviewer · 某医院 (3 candidates)"
    old_marker = DemoAccount("u", "p", "单位 审核员 · 某医院（3 名考生）", "unit", "reviewer", 3)
    assert old_marker.title() == old_marker.label


def _chinese_constants(module: Any) -> set[str]:
    return {
        value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and CJK.search(value)
    }


def test_every_refusal_reason_is_listed_and_translated(english) -> None:
    """A new rule in the domain must be added to workflow_texts.REASONS (and given English)."""
    expected = _chinese_constants(workflow) | {store_types.NOT_HELD, store_types.MATERIAL_NOT_HELD}
    assert expected == set(REASONS)
    for reason in REASONS:
        assert not CJK.search(reason_text(reason)), reason


def test_every_server_message_for_a_refused_action_is_listed_and_translated(english) -> None:
    """What the server says of a decision or 核验 it did not apply (shown in the 冲突 view and on the
    专项信息 cards) must be in workflow_texts.SERVER_MESSAGES and have English."""
    from reviewdesk.server import decisions, errors, verifications

    expected = (
        set(decisions.CONFLICT_MESSAGES.values())
        | set(verifications.CONFLICT_MESSAGES.values())
        | {errors.NOT_FOUND_MESSAGE}
    )
    assert expected == set(SERVER_MESSAGES)
    for message in SERVER_MESSAGES:
        assert not CJK.search(reason_text(message)), message


def test_every_sync_error_default_is_listed_and_translated(english) -> None:
    defaults = {
        cls.default_message
        for cls in vars(sync_errors).values()
        if isinstance(cls, type) and issubclass(cls, sync_errors.ApiError)
    }
    assert defaults == set(SYNC_ERROR_MESSAGES)
    for message in SYNC_ERROR_MESSAGES:
        assert not CJK.search(sync_error_text(message)), message


def test_chinese_is_back_without_translators(qtbot) -> None:
    dialog = ReviewDialog("x", allowed_outcomes(OPEN, Tier.UNIT))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "材料审核"
    assert reason_text(NOT_SUBMITTED) == NOT_SUBMITTED


def test_counts_of_one_read_in_the_singular(english) -> None:
    """English needs "1 record", not "1 records" (issue 14 item 12): every count message has its singular,
    and the plural is still said for other counts. Expected texts are written out by hand."""
    one = SyncReport(pushed=0, pulled=1, blobs=1, blob_failures=1)
    assert "updated 1 record; 1 image; 1 image failed" in sync_summary(one)
    many = SyncReport(pushed=0, pulled=2, blobs=2, blob_failures=2)
    assert "updated 2 records; 2 images; 2 images failed" in sync_summary(many)
    assert changed_cells_text(CellChanges(controls_removed=1, cut=1)) == (
        ". Note: control characters an .xlsx cannot hold were removed from 1 cell; "
        "1 cell longer than Excel's limit (32,767 characters) was cut; see the 导出条件 (export conditions) sheet"
    )
    assert "from 2 cells" in changed_cells_text(CellChanges(controls_removed=2))
    assert (
        translate_count("ExportDialog", "导出完成：{rows} 条记录，已保存到 {path}", 1).format(
            rows=1, path="a.xlsx"
        )
        == "Export finished: 1 record saved to a.xlsx"
    )
    assert translate_count("MaterialCards", "共{n}张", 1).format(n=1) == "1 image"
    assert translate_count("MaterialCards", "共{n}张", 3).format(n=3) == "3 images"
    assert confirm_text(1, "County").startswith("1 approved candidate's materials will be reported up")
    assert confirm_text(2, "County").startswith("2 approved candidates' materials will be reported up")
