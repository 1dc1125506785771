"""The ``reviewdesk`` entry point: headless commands, ``--version``, ``--self-test``, ``--demo``, login.

Why one entry: the same executable serves the reviewer (login dialog, or the last workspace offline
when the server cannot be reached), the trainer (``--demo``: a seeded server on 127.0.0.1 and its demo
accounts) and the installer's smoke check (``--self-test``: the whole path, offscreen, exit code).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reviewdesk import __version__

log = logging.getLogger(__name__)


CONTEXT = "App"
HELP_FLAGS = ("-h", "--help")


def _parser() -> argparse.ArgumentParser:
    """The GUI's options. Their help is only printed for ``--help``, which :func:`main` builds inside
    :func:`command_language` (the language saved in 设置); otherwise no translator is needed."""
    from reviewdesk.views.common.i18n import translate

    parser = argparse.ArgumentParser(
        prog="reviewdesk", description=translate(CONTEXT, "卫生专业技术资格考试 报名材料审核工作站")
    )
    parser.add_argument("--version", action="store_true", help=translate(CONTEXT, "显示版本号"))
    parser.add_argument(
        "--demo", action="store_true", help=translate(CONTEXT, "演示模式：本机演示服务器和演示账号")
    )
    parser.add_argument("--server", default=None, help=translate(CONTEXT, "服务器地址"))
    parser.add_argument("--data-dir", default=None, metavar="DIR", help=translate(CONTEXT, "本地数据目录"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=translate(CONTEXT, "自检：离屏运行完整流程，成功时退出码为 0"),
    )
    return parser


def _print_help(args_list: list[str]) -> int:
    """``reviewdesk --help`` in the language chosen in 设置 (a QCoreApplication is borrowed for it)."""
    from reviewdesk.cli import data_dir_option
    from reviewdesk.views.shell.command_language import command_language

    with command_language(data_dir_option(args_list)):
        _parser().print_help()
    return 0


def data_dir_for(option: str | None) -> Path:
    try:
        from reviewdesk.paths import AppPaths

        return AppPaths.resolve(option).ensure().data_dir
    except ImportError:  # the paths module is optional
        import platformdirs

        path = (
            Path(option)
            if option
            else Path(platformdirs.user_data_dir("reviewdesk", appauthor=False, roaming=False))
        )
        path.mkdir(parents=True, exist_ok=True)
        return path


def _settings(data_option: str | None) -> Any:
    try:
        from reviewdesk.paths import AppPaths
        from reviewdesk.views.shell.settings import AppSettings

        return AppSettings.for_paths(AppPaths.resolve(data_option))
    except ImportError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    from reviewdesk.cli import run_cli

    code = run_cli(args_list)
    if code is not None:
        return code
    if any(flag in args_list for flag in HELP_FLAGS):
        return _print_help(args_list)
    if "--version" in args_list:  # before the parser: building it imports Qt for the translations
        print(f"reviewdesk {__version__}")
        return 0
    args, _qt_args = _parser().parse_known_args(args_list)
    from reviewdesk.logs import setup_logging
    from reviewdesk.paths import AppPaths

    setup_logging(AppPaths.resolve(args.data_dir).ensure().log_dir)  # redacted, rotating; first thing
    if args.self_test:
        from reviewdesk.demo.self_test import run_self_test
        from reviewdesk.views.shell.command_language import saved_language

        return run_self_test(language=saved_language(args.data_dir))

    data_dir = data_dir_for(args.data_dir)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "reviewdesk"])
    app.setApplicationName("reviewdesk")
    settings = _settings(args.data_dir)
    from reviewdesk.views.common.i18n import translate
    from reviewdesk.views.shell.desktop import DesktopShell

    # crash dialog, translators, and one process per data folder (a second start raises the first)
    if DesktopShell.start(app, AppPaths.resolve(args.data_dir), settings) is None:
        return 0
    app.setApplicationDisplayName(translate(CONTEXT, "报名材料审核"))  # the translators are in now
    if args.demo:
        from reviewdesk.demo.launcher import DemoSession

        session = DemoSession(data_dir, settings)
        if not session.start():
            return 1
        return app.exec()
    return _run_login(app, data_dir, settings, args.server or "")


def _run_login(app: Any, data_dir: Path, settings: Any, server: str) -> int:
    from reviewdesk.views.review.window import MainWindow
    from reviewdesk.views.shell.login_dialog import LoginDialog

    state: dict[str, Any] = {}

    def login() -> bool:
        dialog = LoginDialog(data_dir, settings, server=server)
        if dialog.exec() != LoginDialog.DialogCode.Accepted:
            return False
        index = None
        if dialog.client is not None and dialog.workspace.record_count() == 0:
            index = _first_download(dialog.workspace, dialog.client)
        window = MainWindow(dialog.workspace, dialog.client, settings=settings, index=index)
        window.relogin_requested.connect(relogin)
        old = state.get("window")
        state["window"] = window
        window.show()
        if old is not None:
            old.close()
            old.workspace.close()
        return True

    def relogin() -> None:
        login()

    if not login():
        return 0
    code = app.exec()
    window = state.get("window")
    if window is not None:
        window.workspace.close()
    return code


def _first_download(workspace: Any, client: Any) -> Any:
    """The first sync of a new workspace, before the window opens, with the list index opened in the
    same worker thread (building it from SQLite takes seconds at 10^6 records: not on the GUI thread).
    Returns the index for ``MainWindow(index=...)`` (None if it could not be built)."""
    from PySide6.QtWidgets import QMessageBox

    from reviewdesk.views.common.i18n import translate
    from reviewdesk.views.shell.sync_texts import sync_summary
    from reviewdesk.views.shell.sync_worker import run_download_with_progress

    report, index = run_download_with_progress(None, workspace, client, download=False)
    if report is not None and report.error:
        QMessageBox.warning(None, translate(CONTEXT, "下载数据"), sync_summary(report))
    return index


if __name__ == "__main__":
    sys.exit(main())
