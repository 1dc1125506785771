"""The main window's menus and keys: 文件, 审核, 视图 (and 演示 in the demo), every entry an action with
its shortcut, registered on the window so the keys work wherever the focus is.

Why every review step has a key: a reviewer works through hundreds of records a day; Ctrl+1..4
decide, J/K move, Ctrl+Z undoes, F5 syncs, Space opens the scans. A part of ``MainWindow`` (a mixin).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from reviewdesk.domain.enums import Outcome
from reviewdesk.views.common.i18n import label, translate
from reviewdesk.views.review.review_dialog import OUTCOME_SHORTCUTS
from reviewdesk.views.shell.about import SECTION_PROPERTY

CONTEXT = "MainWindow"


class MainWindowMenus:
    """Menus and shortcuts of :class:`reviewdesk.views.review.window.MainWindow`."""

    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], Any], shortcuts: Sequence[str] = (), tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(translate(CONTEXT, "文件(&F)"))
        file_menu.setObjectName("menu_file")
        self.sync_action = self._action(
            file_menu,
            translate(CONTEXT, "同步"),
            self.start_sync,
            ["F5"],
            translate(CONTEXT, "上传本地审核结果并下载更新 (F5)"),
        )
        self.export_action = self._action(file_menu, translate(CONTEXT, "导出…"), self.export)
        self.report_action = self._action(file_menu, translate(CONTEXT, "材料上报…"), self.report_up)
        file_menu.addSeparator()
        self._action(file_menu, translate(CONTEXT, "退出"), self.close, ["Ctrl+Q"])

        review_menu = bar.addMenu(translate(CONTEXT, "审核(&R)"))
        review_menu.setObjectName("menu_review")
        self.review_actions: dict[Outcome, QAction] = {}
        for outcome in Outcome:
            self.review_actions[outcome] = self._action(
                review_menu,
                f"{label(outcome)}…",
                lambda o=outcome: self.review(o),
                [OUTCOME_SHORTCUTS[outcome]],
            )
        review_menu.addSeparator()
        self.undo_action = self._action(review_menu, translate(CONTEXT, "撤销"), self.undo, ["Ctrl+Z"])
        review_menu.addSeparator()
        self.next_action = self._action(
            review_menu, translate(CONTEXT, "下一条"), lambda: self.move(1), ["J", "Alt+Down"]
        )
        self.previous_action = self._action(
            review_menu, translate(CONTEXT, "上一条"), lambda: self.move(-1), ["K", "Alt+Up"]
        )
        self.find_action = self._action(
            review_menu, translate(CONTEXT, "查找姓名"), self.filter_panel.focus_name, ["Ctrl+F"]
        )
        self.viewer_action = self._action(
            review_menu, translate(CONTEXT, "查看证书图片"), lambda: self.open_viewer(None)
        )
        review_menu.addSeparator()
        self.auto_advance_action = QAction(translate(CONTEXT, "审核后自动跳到下一条"), self)
        self.auto_advance_action.setCheckable(True)
        self.auto_advance_action.setChecked(self.auto_advance)
        self.auto_advance_action.toggled.connect(self._set_auto_advance)
        review_menu.addAction(self.auto_advance_action)
        self.conflicts_action = self._action(review_menu, translate(CONTEXT, "冲突…"), self.show_conflicts)

        view_menu = bar.addMenu(translate(CONTEXT, "视图(&V)"))
        view_menu.setObjectName("menu_view")
        self._action(view_menu, translate(CONTEXT, "列…"), lambda: self._header_menu(QPoint(0, 0)))
        self._action(view_menu, translate(CONTEXT, "恢复默认列"), self._reset_columns)

        for keys in ("Space", "Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            # what 帮助 → 快捷键 says about it (the list's own keys are on no menu)
            shortcut.setWhatsThis(translate(CONTEXT, "查看证书图片"))
            shortcut.setProperty(SECTION_PROPERTY, translate(CONTEXT, "报名材料审核"))
            shortcut.activated.connect(lambda: self.open_viewer(None))

    def _build_demo_menu(self, accounts: Sequence[tuple[str, str]]) -> None:
        """演示 → 切换账号: the demo's accounts (``accounts``: username, what the menu says)."""
        menu = self.menuBar().addMenu(translate(CONTEXT, "演示"))
        menu.setObjectName("menu_demo")
        self.demo_menu = menu
        switch = menu.addMenu(translate(CONTEXT, "切换账号"))
        for username, text in accounts:
            action = switch.addAction(text)
            action.setEnabled(username != self.me.username)
            action.triggered.connect(lambda _c=False, u=username: self.switch_account_requested.emit(u))
