"""What ``reviewdesk status`` prints about a local store: enough to tell a reviewer (or the help desk on
the phone) whether everything they did has reached the server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from reviewdesk.store.workspace import Workspace
from reviewdesk.sync.session import normalize_server_url


@dataclass(frozen=True)
class StoreStatus:
    path: Path
    server_url: str
    username: str
    display_name: str
    org_name: str
    tier_label: str
    records: int
    pending_actions: int
    open_conflicts: int
    blobs: int
    last_sync_at: str
    last_sync_error: str
    cursor: str
    full_download_pending: bool

    def lines(self) -> list[str]:
        return [
            f"本地数据：{self.path}",
            f"服务器：{self.server_url}",
            f"账号：{self.username}（{self.display_name}，{self.org_name}，{self.tier_label}）",
            f"考生记录：{self.records} 条",
            f"待同步操作：{self.pending_actions} 项",
            f"未处理冲突：{self.open_conflicts} 项",
            f"已下载图片：{self.blobs} 张",
            f"上次同步：{self.last_sync_at or '从未同步'}",
            f"上次同步错误：{self.last_sync_error or '无'}",
            f"同步位置：{self.cursor or ('全量下载未完成' if self.full_download_pending else '无')}",
        ]


def read_status(path: Path) -> StoreStatus:
    """Counts and sync facts of one store file (opened, read, closed)."""
    workspace = Workspace.open(path)
    try:
        meta = workspace.all_meta()
        with workspace.engine.connect() as conn:

            def count(sql: str) -> int:
                return int(conn.execute(text(sql)).scalar() or 0)

            records = count("SELECT count(*) FROM records")
            pending = count("SELECT count(*) FROM outbox")
            conflicts = count("SELECT count(*) FROM conflicts WHERE resolved_at IS NULL")
            blobs = count("SELECT count(*) FROM blobs")
        me = workspace.me
        return StoreStatus(
            path=Path(path),
            server_url=workspace.server_url,
            username=me.username,
            display_name=me.display_name,
            org_name=me.org_name,
            tier_label=me.tier.label,
            records=records,
            pending_actions=pending,
            open_conflicts=conflicts,
            blobs=blobs,
            last_sync_at=meta.get("last_sync_at", ""),
            last_sync_error=meta.get("last_sync_error", ""),
            cursor=meta.get("cursor", ""),
            full_download_pending=bool(meta.get("full_download_started_at")),
        )
    finally:
        workspace.close()


def find_workspaces(data_dir: Path, server_url: str | None = None, username: str | None = None) -> list[Path]:
    """The store of (server, account) when given, else every store in the data folder."""
    data_dir = Path(data_dir)
    if server_url and username:
        path = Workspace.default_path(data_dir, normalize_server_url(server_url), username)
        return [path] if path.exists() else []
    return sorted(data_dir.glob("*.sqlite")) if data_dir.is_dir() else []


def describe(path: Path) -> list[str]:
    return read_status(path).lines()
