"""``reviewdesk --self-test``: the whole path once, offscreen, in a temporary folder; exit 0 only if it all worked.

Why: after an install on a hospital PC (or in CI) one command should say whether the workstation works —
Qt and its fonts, the local store, the fast index, the sync client and the server code — without a
network or a display. It runs the same code as the app: embedded server with a small seed, download,
main window, filter, select, 审核通过 through the window's action and its review dialog, sync, and a
check on the server that the decision arrived.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reviewdesk.views.common.i18n import translate

SELF_TEST_CANDIDATES = 600
CONTEXT = "SelfTest"


class SelfTestFailure(Exception):
    pass


class _Steps:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.started = time.perf_counter()

    def run(self, name: str, function: Callable[[], Any]) -> Any:
        begin = time.perf_counter()
        try:
            result = function()
        except Exception as error:
            self.out(translate(CONTEXT, "[失败] {step}：{error}").format(step=name, error=error))
            raise SelfTestFailure(name) from error
        seconds = f"{time.perf_counter() - begin:.1f}"
        self.out(translate(CONTEXT, "[通过] {step}（{seconds} 秒）").format(step=name, seconds=seconds))
        return result


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _quiet_offscreen_notices() -> None:
    """The offscreen platform says "This plugin does not support …" for every window it shows; the
    summary is for people, so those lines are dropped (every other Qt message still goes to stderr)."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: Any, _context: Any, message: str) -> None:
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def run_self_test(
    out: Callable[[str], None] = print,
    *,
    candidates: int = SELF_TEST_CANDIDATES,
    language: str | None = None,
) -> int:
    """``language``: the one chosen in 设置 (``app.py`` reads it); the summary and the windows the test
    opens use it, as the user's own start would. None leaves the application's translators alone."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from reviewdesk.views.common.i18n import install_translators

    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        _quiet_offscreen_notices()
    app = QApplication.instance() or QApplication(["reviewdesk-self-test"])
    if language is not None:
        install_translators(app, language)
    steps = _Steps(out)
    with tempfile.TemporaryDirectory(prefix="reviewdesk-self-test-") as tmp:
        try:
            _run(app, Path(tmp), steps, candidates)
        except SelfTestFailure as failure:
            out(translate(CONTEXT, "自检失败：{step}").format(step=failure))
            return 1
    seconds = f"{time.perf_counter() - steps.started:.1f}"
    out(translate(CONTEXT, "自检通过（共 {seconds} 秒）").format(seconds=seconds))
    return 0


def _summary(report: Any) -> str:
    from reviewdesk.views.shell.sync_texts import sync_summary

    return sync_summary(report) if report is not None else translate(CONTEXT, "无结果")


def _run(app: Any, tmp: Path, steps: _Steps, candidates: int) -> None:
    from PySide6.QtCore import QDeadlineTimer, QTimer

    from reviewdesk.demo.launcher import account, ensure_demo_server, start_demo_server
    from reviewdesk.domain.enums import DataScope, Outcome, ReviewStatus, SubmitStatus, Tier
    from reviewdesk.store.filters import RecordFilter
    from reviewdesk.sync.client import ApiClient
    from reviewdesk.sync.session import connect
    from reviewdesk.views.review.review_dialog import ReviewDialog
    from reviewdesk.views.review.window import MainWindow
    from reviewdesk.views.shell.settings import AppSettings
    from reviewdesk.views.shell.sync_worker import run_sync_with_progress

    def qt_dialogs_in_chinese() -> None:
        """Qt's own dialogs (文件, 确定/取消) in Chinese when the UI is: its catalogue and our gaps."""
        from PySide6.QtCore import QCoreApplication, QLocale

        if QLocale().name() != "zh_CN":
            return
        for context, source in (("QPlatformTheme", "Cancel"), ("QFileDialog", "&Look in:")):
            _require(
                QCoreApplication.translate(context, source) != source,
                translate(CONTEXT, "Qt 自带对话框未翻译：{text}").format(text=source),
            )

    steps.run(translate(CONTEXT, "Qt 自带对话框为中文"), qt_dialogs_in_chinese)
    data_dir = tmp / "data"
    data = steps.run(
        translate(CONTEXT, "生成演示数据"),
        lambda: ensure_demo_server(tmp / "demo-server", candidates=candidates, personal_scans=False),
    )
    server = steps.run(translate(CONTEXT, "启动本机服务器"), lambda: start_demo_server(data))
    window: Any = None
    workspace: Any = None
    try:
        chosen = account(data, data.default_username)
        workspace, client = steps.run(
            translate(CONTEXT, "登录（{username}）").format(username=chosen.username),
            lambda: connect(server.url, chosen.username, chosen.password, data_dir),
        )

        def download() -> None:
            report = run_sync_with_progress(None, workspace, client, download=True, show_dialog=False)
            _require(report is not None and report.ok, _summary(report))
            _require(workspace.record_count() > 0, translate(CONTEXT, "没有下载到考生"))

        steps.run(translate(CONTEXT, "下载考生数据"), download)
        window = steps.run(
            translate(CONTEXT, "打开主窗口"),
            lambda: MainWindow(
                workspace, client, settings=AppSettings.at_file(tmp / "settings.ini"), show_sync_dialog=False
            ),
        )
        window.show()
        app.processEvents()
        tier = Tier(workspace.me.tier)

        def filter_list() -> None:
            flt = RecordFilter(
                submit_status=SubmitStatus.SUBMITTED,
                tier_status={tier: ReviewStatus.PENDING},
                data_scope=DataScope.ALL,
            )
            window.filter_panel.set_filter(flt)
            expected = window.index.count(flt, workspace.me.org_id)
            _require(expected > 0, translate(CONTEXT, "没有待审核的考生"))
            rows = window.model.rowCount()
            _require(
                rows == expected,
                translate(CONTEXT, "列表 {rows} 条，应为 {expected} 条").format(rows=rows, expected=expected),
            )
            # the count in the window's own words, whatever the language
            _require(
                re.search(rf"(?<!\d){expected}(?!\d)", window.count_label.text()) is not None,
                window.count_label.text(),
            )

        steps.run(translate(CONTEXT, "筛选（已提交、本级待审核）"), filter_list)

        def select() -> int:
            window.table.setFocus()
            window.move(1)
            window.detail.flush()
            record_id = window.current_record_id()
            _require(record_id is not None, translate(CONTEXT, "没有选中考生"))
            _require(window.detail.record_id == record_id, translate(CONTEXT, "详情未显示选中的考生"))
            # 基础信息 and 对比库信息 at least (their titles follow the language)
            _require(len(window.detail.tab_titles()) >= 2, translate(CONTEXT, "详情缺少基础信息"))
            return int(record_id)

        record_id = steps.run(translate(CONTEXT, "选择考生并显示详情"), select)

        def decide() -> None:
            submitted: list[bool] = []

            def answer() -> None:
                dialog = app.activeModalWidget()
                if isinstance(dialog, ReviewDialog):
                    submitted.append(dialog.outcome() is Outcome.PASS)
                    dialog.submit_button.click()
                else:
                    QTimer.singleShot(20, answer)

            QTimer.singleShot(0, answer)
            window.review_actions[Outcome.PASS].trigger()
            _require(submitted == [True], translate(CONTEXT, "审核对话框未预选审核通过"))
            _require(workspace.pending_actions() == 1, translate(CONTEXT, "本地没有待同步的审核结果"))
            record = workspace.record(record_id)
            _require(
                record.review.status_at(tier) is ReviewStatus.PASSED,
                translate(CONTEXT, "本地状态不是审核通过"),
            )

        steps.run(translate(CONTEXT, "审核通过（经审核菜单和审核对话框）"), decide)

        def sync() -> None:
            report = window.sync()
            _require(report is not None and report.ok, _summary(report))
            _require(
                report.applied == 1,
                translate(CONTEXT, "服务器接受 {n} 条，应为 1 条").format(n=report.applied),
            )
            _require(workspace.pending_actions() == 0, translate(CONTEXT, "同步后仍有待上传的操作"))

        steps.run(translate(CONTEXT, "同步"), sync)

        def verify() -> None:
            checker = ApiClient(server.url)
            checker.token = checker.login(chosen.username, chosen.password)
            snapshot = checker.record(record_id)
            status = snapshot["review"]["statuses"].get(tier.value)
            _require(
                status == ReviewStatus.PASSED.value,
                translate(CONTEXT, "服务器上的状态为 {status}").format(status=status),
            )

        steps.run(translate(CONTEXT, "服务器上已是审核通过"), verify)
        deadline = QDeadlineTimer(2000)
        while (
            not deadline.hasExpired()
            and window.detail.thumbnails
            and any(t.ticket for t in window.detail.thumbnails)
        ):
            app.processEvents()
    finally:
        if window is not None:
            window.close()
            if window.settings is not None:
                # written now, inside the temporary folder: QSettings writes what is left unsaved when it is
                # destroyed, after the folder is gone, and would make the folder again (left behind)
                window.settings.store.sync()
        if workspace is not None:
            workspace.close()
        server.stop()
