"""``reviewdesk-server``: seed, serve, create-user, compact-feed, reflag (also ``python -m reviewdesk.server``).

reviewdesk-server seed --db sqlite:///demo.db --candidates 3000 --seed 1
reviewdesk-server serve --db sqlite:///demo.db --host 127.0.0.1 --port 8765
reviewdesk-server create-user --db sqlite:///demo.db --username u --org-code 420102001 --role admin --display-name 张三
reviewdesk-server compact-feed --db sqlite:///demo.db
reviewdesk-server load-identities --db sqlite:///demo.db --csv people.csv
reviewdesk-server reflag --db sqlite:///demo.db

``serve`` and ``reflag`` take the same project options (``--project-name``, ``--project-type``,
``--project-year``, all three or none): the exam project this server reviews instead of the one
``seed`` stored. 预审提示 count years to its year, so a re-flag must be given what the server is.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reviewdesk import __version__
from reviewdesk.server.db import Database, migrate
from reviewdesk.server.feed import compact
from reviewdesk.server.models import ChangeLog, Organisation, User
from reviewdesk.server.project import open_database
from reviewdesk.server.security import hash_password
from reviewdesk.server.settings import (
    DEFAULT_DB_POOL,
    DEFAULT_QUEUE_SECONDS,
    ProjectInfo,
    ServerSettings,
    default_blob_dir,
)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("须为正整数")
    return value


def _blob_dir(args: argparse.Namespace) -> Path:
    return Path(args.blobs) if args.blobs else default_blob_dir(args.db)


PROJECT_OPTIONS = ("project_name", "project_type", "project_year")


def _add_project_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group(
        "考试项目", "代替 seed 存入的项目（三项同时给出）；预审提示的工作年限计算至该年度 12 月 31 日"
    )
    group.add_argument("--project-name", help="项目名称，例如 2027年卫生专业技术资格考试")
    group.add_argument("--project-type", help="项目类型，例如 卫生专业技术资格考试")
    group.add_argument("--project-year", type=_positive_int, help="考试年度，例如 2027")


def _project(args: argparse.Namespace) -> ProjectInfo | None:
    """The project the options name (None without them)."""
    name, kind, year = (getattr(args, option) for option in PROJECT_OPTIONS)
    if name is None or kind is None or year is None:  # all three or none (:func:`_check_project`)
        return None
    return ProjectInfo(name, kind, year)


def _check_project(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    given = [getattr(args, name, None) is not None for name in PROJECT_OPTIONS]
    if any(given) and not all(given):
        parser.error("--project-name、--project-type 和 --project-year 须同时给出")


def cmd_seed(args: argparse.Namespace) -> int:
    from reviewdesk.server.demo.data import generate
    from reviewdesk.server.demo.seed import MISMATCH_FILE, AlreadySeeded, seed_database

    data = generate(args.candidates, args.seed, personal_scans=args.personal_scans)
    step = max(1000, args.candidates // 20)

    def progress(done: int) -> None:
        if done % step == 0 or done == args.candidates:
            print(f"  {done}/{args.candidates} 名考生", file=sys.stderr, flush=True)

    try:
        report = seed_database(args.db, _blob_dir(args), data, progress=progress)
    except AlreadySeeded as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    print(
        f"已初始化：{report.orgs} 个机构，{report.users} 个用户，{report.candidates} 名考生，"
        f"{report.blobs} 张图片，用时 {report.seconds:.1f} 秒"
    )
    if report.scan_mismatches:
        listed = _blob_dir(args).parent / MISMATCH_FILE
        print(f"证书与记录故意不一致：{len(report.scan_mismatches)} 份（名单：{listed}）")
        for m in report.scan_mismatches:
            print(
                f"  {m.name}\t{m.id_number}\t{m.material}\t{m.field}：记录 {m.on_record} / 证书 {m.on_scan}"
            )
    orgs = {org.id: org for org in data.orgs}
    print("演示账号（用户名 / 密码 / 机构 / 审核层级 / 角色）：")
    for user in data.demo_accounts():
        org = orgs[user.org_id]
        print(f"  {user.username}\t{user.password}\t{org.name}\t{org.tier.label}\t{user.role}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from reviewdesk.server.app import (
        SETTINGS_ENV,
        UVICORN_OPTIONS,
        serving_app,
        settings_to_environment,
    )
    from reviewdesk.server.db import migrate_url

    settings = ServerSettings(
        db_url=args.db,
        blob_dir=_blob_dir(args),
        candidate_api=args.candidate_api,
        token_ttl=timedelta(hours=args.token_hours),
        forwarded_allow_ips=tuple(ip.strip() for ip in args.forwarded_allow_ips.split(",") if ip.strip()),
        db_pool=args.db_pool,
        queue_seconds=args.queue_seconds,
        project=_project(args),
    )
    migrate_url(settings.db_url)  # once, before any worker starts
    os.environ[SETTINGS_ENV] = settings_to_environment(settings)
    print(
        f"reviewdesk-server {__version__} 正在 http://{args.host}:{args.port} 提供服务（{args.workers} 个进程）",
        file=sys.stderr,
    )
    target = "reviewdesk.server.app:serving_app" if args.workers > 1 else serving_app
    uvicorn.run(
        target,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        **UVICORN_OPTIONS,
    )
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再次输入密码：") != password:
            print("错误：两次输入的密码不一致", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("错误：密码至少需要8个字符", file=sys.stderr)
        return 1
    database = Database.open(args.db)
    try:
        migrate(database.engine)
        with database.write() as session:
            org = session.scalar(select(Organisation).where(Organisation.division_code == args.org_code))
            if org is None:
                print(f"错误：找不到机构代码为 {args.org_code} 的机构", file=sys.stderr)
                return 1
            session.add(
                User(
                    username=args.username,
                    display_name=args.display_name,
                    org_id=org.id,
                    role=args.role,
                    password_hash=hash_password(password),
                    active=True,
                    created_at=datetime.now(UTC),
                )
            )
            session.flush()
            org_name, tier = org.name, org.tier
    except IntegrityError:
        print(f"错误：用户名 {args.username} 已存在", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    print(f"已创建用户 {args.username}（{org_name}，{tier}，{args.role}）")
    return 0


def cmd_compact_feed(args: argparse.Namespace) -> int:
    database = Database.open(args.db)
    try:
        migrate(database.engine)
        with database.write() as session:
            bound = None
            if args.keep_days:
                cutoff = datetime.now(UTC) - timedelta(days=args.keep_days)
                bound = session.scalar(
                    select(ChangeLog.seq)
                    .where(ChangeLog.changed_at < cutoff)
                    .order_by(ChangeLog.seq.desc())
                    .limit(1)
                )
                if bound is None:
                    print("没有可压缩的变更记录")
                    return 0
            dropped, floor = compact(session, bound)
    finally:
        database.dispose()
    print(f"已删除 {dropped} 条被覆盖的变更记录；早于序号 {floor} 的同步游标需要重新下载")
    return 0


def cmd_load_identities(args: argparse.Namespace) -> int:
    from reviewdesk.server.identity_registry import load

    database = Database.open(args.db)
    try:
        migrate(database.engine)
        report = load(database, Path(args.csv))
    finally:
        database.dispose()
    if report.errors:
        for error in report.errors:
            print(f"错误：{error}", file=sys.stderr)
        print("文件有错误，未导入任何记录", file=sys.stderr)
        return 1
    print(f"身份核验库已导入：新增 {report.added} 人，更新 {report.updated} 人")
    return 0


def cmd_reflag(args: argparse.Namespace) -> int:
    from reviewdesk.server.flags import reflag_all
    from reviewdesk.server.scan_verdicts import prune

    # opened as serve opens it (server.project): the settings' project, else the stored one
    database = open_database(ServerSettings(db_url=args.db, project=_project(args)))
    try:
        migrate(database.engine)
        scans, changed = reflag_all(database, _blob_dir(args), jobs=max(1, args.jobs), full=args.full)
        other_version, orphaned = prune(database)  # only now: an interrupted re-flag deletes nothing
    finally:
        database.dispose()
    print(f"已检查 {scans} 张图片；{changed} 条报名记录的预审提示有变化，已重新下发")
    if other_version or orphaned:
        print(
            f"已删除不再使用的图片比对结论 {other_version + orphaned} 条（按其他版本的图片检查规则得出的 "
            f"{other_version} 条，图片已不在任何报名材料中的 {orphaned} 条）"
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reviewdesk-server", description="reviewdesk 中心服务器")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    seed = commands.add_parser("seed", help="用演示数据初始化数据库")
    seed.add_argument("--db", required=True, help="数据库 URL，例如 sqlite:///demo.db")
    seed.add_argument("--candidates", type=int, default=3000)
    seed.add_argument("--seed", type=int, default=1)
    seed.add_argument("--blobs", help="图片目录（默认在 SQLite 文件旁）")
    seed.add_argument(
        "--personal-scans",
        action="store_true",
        help="按考生本人的记录绘制演示账号所辖考生的毕业证书和专技职称证书（约 5% 故意与记录不一致）",
    )
    seed.set_defaults(func=cmd_seed)

    serve = commands.add_parser("serve", help="启动服务")
    serve.add_argument("--db", required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--blobs")
    serve.add_argument("--candidate-api", action="store_true", help="开放考生操作接口（仅用于演示和测试）")
    serve.add_argument("--token-hours", type=float, default=12.0)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--forwarded-allow-ips",
        default="",
        help="可信反向代理的地址（逗号分隔，可用 CIDR 或 *）：只有来自这些地址的请求才采用 X-Forwarded-For "
        "中的客户端地址；默认不信任任何代理",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="工作进程数（多个进程共享同一数据库；SQLite 也可，PostgreSQL 更合适）",
    )
    serve.add_argument(
        "--db-pool",
        type=_positive_int,
        default=DEFAULT_DB_POOL,
        help=f"每个进程同时处理的请求数，也是它到数据库的连接数（默认 {DEFAULT_DB_POOL}；"
        "PostgreSQL 的 max_connections 须大于 进程数 × (此值 + 4)）",
    )
    serve.add_argument(
        "--queue-seconds",
        type=float,
        default=DEFAULT_QUEUE_SECONDS,
        help=f"请求排队等待的最长秒数，超过则回答 503 并附 Retry-After（默认 {DEFAULT_QUEUE_SECONDS:g}）",
    )
    _add_project_options(serve)
    serve.set_defaults(func=cmd_serve)

    user = commands.add_parser("create-user", help="创建审核账号")
    user.add_argument("--db", required=True)
    user.add_argument("--username", required=True)
    user.add_argument("--org-code", required=True, help="机构代码（division code）")
    user.add_argument("--role", choices=("reviewer", "admin"), default="reviewer")
    user.add_argument("--display-name", required=True)
    user.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    user.set_defaults(func=cmd_create_user)

    identities = commands.add_parser(
        "load-identities", help="导入实名认证（自动核验）用的身份核验库：CSV，列为 姓名、证件类型、证件号码"
    )
    identities.add_argument("--db", required=True)
    identities.add_argument("--csv", required=True, help="UTF-8 CSV 文件")
    identities.set_defaults(func=cmd_load_identities)

    feed = commands.add_parser("compact-feed", help="压缩变更日志")
    feed.add_argument("--db", required=True)
    feed.add_argument("--keep-days", type=float, default=0, help="保留最近几天的变更（默认全部压缩）")
    feed.set_defaults(func=cmd_compact_feed)

    reflag = commands.add_parser(
        "reflag", help="按当前规则重新生成预审提示（规则更新后运行），并删除不再使用的图片比对结论"
    )
    reflag.add_argument("--db", required=True)
    reflag.add_argument("--blobs", help="图片目录（默认在 SQLite 文件旁）")
    reflag.add_argument(
        "--jobs", type=int, default=1, help="重新检查图片时并行的进程数（仅图片检查规则更新后需要检查图片）"
    )
    reflag.add_argument(
        "--full",
        action="store_true",
        help="重新比对全部图片的相似候选（默认仅在图片或其检查规则有变化时比对）",
    )
    _add_project_options(reflag)
    reflag.set_defaults(func=cmd_reflag)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_project(parser, args)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
