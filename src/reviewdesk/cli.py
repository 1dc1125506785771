"""Headless commands: ``reviewdesk sync`` and ``reviewdesk status``, for scripts and scheduled syncs.

``app.py`` calls :func:`run_cli` first and starts the GUI only when it returns None (argv is not a
headless command). Exit codes: 0 done, 1 sync failed, 2 bad usage (also a server address that is no
URL), 3 login needed or refused (also throttled after wrong passwords), 4 server unreachable (the local
store is untouched and review can go on offline). ``sync`` logs to the data folder's log file.

The password is never stored: ``sync`` uses the token the keyring holds from an earlier login, else
reads the password from stdin (``--password-stdin``, for scripts) or asks for it (``getpass``).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reviewdesk.paths import AppPaths

if TYPE_CHECKING:
    from reviewdesk.sync.errors import ApiError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_AUTH, EXIT_OFFLINE = 0, 1, 2, 3, 4
COMMANDS = ("sync", "status")
#: Translation context of the commands' texts. Qt (``reviewdesk.views.common.i18n``) is imported only once a
#: command runs, so ``reviewdesk --version`` (which imports this module first) stays fast.
CONTEXT = "Cli"


def default_data_dir() -> Path:
    """Per-user, local (not roaming: the store and images are large and machine-bound); the same
    folder the GUI uses (``reviewdesk.paths``: ``$REVIEWDESK_DATA_DIR`` moves it)."""
    return AppPaths.resolve().data_dir


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so run_cli returns an exit code to its caller."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    """Built inside :func:`command_language`: the help texts are translated when they are made."""
    from reviewdesk.views.common.i18n import translate

    parser = _Parser(prog="reviewdesk", description=translate(CONTEXT, "报名材料审核工作站（命令行）"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sync = sub.add_parser("sync", help=translate(CONTEXT, "与服务器同步：上传本地审核结果，下载更新和图片"))
    sync.add_argument(
        "--server", required=True, help=translate(CONTEXT, "服务器地址，例如 https://review.example.cn")
    )
    sync.add_argument("--user", required=True, help=translate(CONTEXT, "用户名"))
    sync.add_argument("--data-dir", type=Path, default=None, help=translate(CONTEXT, "本地数据目录"))
    sync.add_argument("--ca-bundle", default=None, help=translate(CONTEXT, "自定义 CA 证书文件（PEM）"))
    sync.add_argument("--no-blobs", action="store_true", help=translate(CONTEXT, "不下载图片"))
    sync.add_argument("--password-stdin", action="store_true", help=translate(CONTEXT, "从标准输入读取密码"))
    status = sub.add_parser(
        "status", help=translate(CONTEXT, "显示本地数据状态：待同步操作、冲突、上次同步时间")
    )
    status.add_argument("--server", default=None, help=translate(CONTEXT, "服务器地址"))
    status.add_argument("--user", default=None, help=translate(CONTEXT, "用户名"))
    status.add_argument("--data-dir", type=Path, default=None, help=translate(CONTEXT, "本地数据目录"))
    return parser


def data_dir_option(argv: Sequence[str]) -> str | None:
    """``--data-dir`` of a command line, read before the real parser exists (the settings there say
    which language the parser's help is in)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--data-dir", default=None)
    try:
        known, _rest = early.parse_known_args(list(argv))
    except SystemExit:  # "--data-dir" without a value: the real parser says so
        return None
    return known.data_dir


def run_cli(argv: Sequence[str], *, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int | None:
    """Run a headless command; None when ``argv`` (without the program name) is not one.

    Everything it prints is in the language chosen in 设置 for the data folder it works on.
    """
    args_list = list(argv)
    if not args_list or args_list[0] not in COMMANDS:
        return None
    from reviewdesk.views.shell.command_language import command_language

    with command_language(data_dir_option(args_list)):
        return _run(args_list, stdin, stdout or sys.stdout)


def _run(args_list: list[str], stdin: TextIO | None, out: TextIO) -> int:
    try:
        args = _parser().parse_args(args_list)
    except _UsageError as error:
        print(error, file=out)
        return EXIT_USAGE
    data_dir: Path = AppPaths.resolve(args.data_dir).data_dir if args.data_dir else default_data_dir()
    if args.command == "sync":
        return _sync(args, data_dir, stdin or sys.stdin, out)
    return _status(args, data_dir, out)


def _read_password(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> str:
    from reviewdesk.views.common.i18n import translate

    if args.password_stdin:
        return stdin.readline().rstrip("\r\n")
    return getpass.getpass(translate(CONTEXT, "{user} 的密码：").format(user=args.user), stream=out)


def _sync(args: argparse.Namespace, data_dir: Path, stdin: TextIO, out: TextIO) -> int:
    """The sync command, its log lines in the data folder's log file (as the desktop's): a script's
    output carries only the command's own lines, in the chosen language."""
    from reviewdesk.logs import close_logging, current_log_file, setup_logging

    ours = current_log_file() is None  # the desktop's process (or a test) may have set it up already
    if ours:
        setup_logging(AppPaths.resolve(args.data_dir).ensure().log_dir, fault_handler=False)
    try:
        return _sync_logged(args, data_dir, stdin, out)
    finally:
        if ours:
            close_logging()


def _sync_logged(args: argparse.Namespace, data_dir: Path, stdin: TextIO, out: TextIO) -> int:
    from reviewdesk.store.index import RecordIndex
    from reviewdesk.sync.engine import SyncEngine
    from reviewdesk.sync.errors import ApiError, AuthError, Offline
    from reviewdesk.sync.session import connect, resume
    from reviewdesk.views.common.i18n import translate
    from reviewdesk.views.shell.sync_texts import phase_text, sync_error_text, sync_summary

    try:
        try:
            if args.password_stdin:
                raise AuthError(code="password_given")
            workspace, client = resume(args.server, args.user, data_dir, ca_bundle=args.ca_bundle)
        except AuthError:
            password = _read_password(args, stdin, out)
            workspace, client = connect(args.server, args.user, password, data_dir, ca_bundle=args.ca_bundle)
    except ApiError as error:  # the log says why a scheduled run stopped before syncing
        logging.getLogger(__name__).warning(
            "sync command: no session with %s as %s: %s [%s, HTTP status %s]",
            args.server,
            args.user,
            error.message,
            type(error).__name__,
            error.status,
        )
        return _refused(error, out)
    except Exception as error:  # a store problem: say it, do not dump a traceback
        logging.getLogger(__name__).exception("sync command: could not open the local store")
        message = sync_error_text(str(getattr(error, "message", error)))
        print(translate(CONTEXT, "同步失败：{error}").format(error=message), file=out)
        return EXIT_FAILED

    last_line: dict[str, int] = {}

    def progress(phase: str, done: int, total: int) -> None:
        # About ten lines per phase, not one per image: scripts log this.
        step = max(1, -(-total // 10)) if total else 1000
        if done == total or done - last_line.get(phase, -step) >= step:
            last_line[phase] = done
            counted = f"{done}/{total}" if total else f"{done}"
            print(f"{phase_text(phase)} {counted}", file=out, flush=True)

    try:
        report = SyncEngine(workspace, client).sync(progress=progress, blobs=not args.no_blobs)
        # the list's index snapshot follows what this sync stored: the desktop's next start loads it
        # instead of building the index from SQLite (docs/PERFORMANCE.md, *Scale*)
        RecordIndex.refresh_snapshot(workspace)
    finally:
        workspace.close()
    print(sync_summary(report), file=out)
    if report.ok:
        print(translate(CONTEXT, "同步完成"), file=out)
        return EXIT_OK
    if isinstance(report.exception, AuthError):
        return EXIT_AUTH
    if isinstance(report.exception, Offline):
        return EXIT_OFFLINE
    return EXIT_FAILED


def _refused(error: ApiError, out: TextIO) -> int:
    """What the sync command says when it gets no session, and its exit code."""
    from reviewdesk.sync.errors import AuthError, InvalidServerUrl, Offline
    from reviewdesk.views.common.i18n import translate
    from reviewdesk.views.shell.sync_texts import sync_error_text

    if isinstance(error, AuthError) or error.status == 429:  # 429: too many wrong passwords, how long to wait
        print(translate(CONTEXT, "登录失败：{error}").format(error=sync_error_text(error.message)), file=out)
        return EXIT_AUTH
    if isinstance(error, (Offline, InvalidServerUrl)):
        # its message says it all ("无法连接服务器，…", "服务器证书验证失败，…", "服务器地址无效，…")
        print(sync_error_text(error.message), file=out)
        return EXIT_OFFLINE if isinstance(error, Offline) else EXIT_USAGE
    print(translate(CONTEXT, "同步失败：{error}").format(error=sync_error_text(error.message)), file=out)
    return EXIT_FAILED


def _status(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    from reviewdesk.sync.status import find_workspaces, read_status
    from reviewdesk.views.common.i18n import translate
    from reviewdesk.views.shell.sync_texts import status_lines

    if bool(args.server) != bool(args.user):
        print(translate(CONTEXT, "请同时指定 --server 和 --user，或只指定 --data-dir"), file=out)
        return EXIT_USAGE
    paths = find_workspaces(data_dir, args.server, args.user)
    if not paths:
        print(translate(CONTEXT, "本地没有数据：{folder}").format(folder=data_dir), file=out)
        return EXIT_FAILED
    for path in paths:
        for line in status_lines(read_status(path)):
            print(line, file=out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    code = run_cli(sys.argv[1:] if argv is None else argv)
    if code is None:
        from reviewdesk.views.common.i18n import translate
        from reviewdesk.views.shell.command_language import command_language

        with command_language(data_dir_option(sys.argv[1:] if argv is None else argv)):
            usage = translate(CONTEXT, "用法：reviewdesk sync --server URL --user NAME | reviewdesk status")
        print(usage, file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
