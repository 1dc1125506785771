"""``reviewdesk --demo``: a seeded server on 127.0.0.1 and the demo accounts, without any network.

Why seeded once into the data folder: seeding a few thousand candidates with their scans takes tens of
seconds; the second start reuses it (a marker file says the seed finished, so a half-written database
from an interrupted first start is seeded again instead of being trusted).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewdesk.domain.enums import Tier
from reviewdesk.views.common.i18n import label as vocabulary_label
from reviewdesk.views.common.i18n import translate, translate_count, translate_noop

log = logging.getLogger(__name__)
CONTEXT = "Demo"

DEMO_CANDIDATES = 3000
DEMO_SEED = 1
MIN_UNIT_RECORDS = 30
DONE_MARKER = "seeded.json"
#: What the generator makes changed in a way a seeded demo should show: a marker of another version is
#: seeded again (2: the 审核进度 dated before the seeding day, scans painted from their records).
DEMO_DATA_VERSION = 2
#: The port the demo server listened on last time (next to the marker).
PORT_FILE = "port"

#: How each demo account is offered in 演示 → 切换账号 (translated where shown: :meth:`DemoAccount.title`).
ROLE_LABELS = {"reviewer": translate_noop(CONTEXT, "审核员"), "admin": translate_noop(CONTEXT, "管理员")}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    label: str  # title() when seeded; what a marker written before org_name was stored offers
    tier: str
    role: str
    records: int
    org_name: str = ""  # "" in a marker written before it was stored: :meth:`title` then shows ``label``

    def title(self) -> str:
        """The account as offered in 演示 → 切换账号, in the current language."""
        if not self.org_name:
            return self.label
        role = ROLE_LABELS.get(self.role)
        text = translate(CONTEXT, "{tier} {role} · {org}").format(
            tier=vocabulary_label(Tier(self.tier)),
            role=translate(CONTEXT, role) if role else self.role,
            org=self.org_name,
        )
        if Tier(self.tier) is Tier.UNIT:
            text += translate_count(CONTEXT, "（{n} 名考生）", self.records).format(n=self.records)
        return text


@dataclass(frozen=True)
class DemoServerData:
    db_url: str
    blob_dir: Path
    accounts: list[DemoAccount]
    default_username: str


def _accounts(candidates: int, seed: int) -> tuple[list[DemoAccount], str]:
    from reviewdesk.server.demo.data import generate

    data = generate(candidates, seed)
    per_unit = Counter(c.unit_id for c in data.candidates())
    orgs = {org.id: org for org in data.orgs}
    accounts = []
    for user in data.demo_accounts():
        org = orgs[user.org_id]
        tier = Tier(org.tier)
        count = per_unit.get(user.org_id, 0) if tier is Tier.UNIT else 0
        chosen = DemoAccount(user.username, user.password, "", tier.value, user.role, count, org.name)
        accounts.append(replace(chosen, label=chosen.title()))
    units = [a for a in accounts if a.tier == Tier.UNIT.value and a.role == "reviewer"]
    first = units[0]
    default = first if first.records >= MIN_UNIT_RECORDS else max(units, key=lambda a: a.records)
    return accounts, default.username


def ensure_demo_server(
    root: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    candidates: int = DEMO_CANDIDATES,
    seed: int = DEMO_SEED,
    personal_scans: bool = True,
) -> DemoServerData:
    """Seed ``root`` (``<data-dir>/demo-server``) once; afterwards just read what was seeded.

    ``personal_scans``: the demo accounts' candidates get scans painted from their own records, ~5 % of
    them disagreeing in one field (listed in ``root/scan_mismatches.csv``); the self-test goes without.
    """
    root = Path(root)
    marker = root / DONE_MARKER
    db_path = root / "server.db"
    blob_dir = root / "blobs"
    db_url = f"sqlite:///{db_path}"
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        wanted = (candidates, seed, DEMO_DATA_VERSION, personal_scans)
        if (
            info.get("candidates"),
            info.get("seed"),
            info.get("version"),
            info.get("personal_scans"),
        ) == wanted and info.get("candidate_side"):
            accounts = [DemoAccount(**a) for a in info["accounts"]]
            return DemoServerData(db_url, blob_dir, accounts, info["default"])
    from reviewdesk.server.demo.data import generate
    from reviewdesk.server.demo.seed import seed_database

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    accounts, default = _accounts(candidates, seed)
    report = progress or (lambda _done, _total: None)
    report(0, candidates)
    seed_database(
        db_url,
        blob_dir,
        generate(candidates, seed, personal_scans=personal_scans),
        progress=lambda done: report(done, candidates),
    )
    marker.write_text(
        json.dumps(
            {
                "candidates": candidates,
                "seed": seed,
                "candidate_side": 1,  # the candidates' phone pages' demo account and registry
                "version": DEMO_DATA_VERSION,
                "personal_scans": personal_scans,
                "default": default,
                "accounts": [a.__dict__ for a in accounts],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return DemoServerData(db_url, blob_dir, accounts, default)


def _port_is_free(host: str, port: int) -> bool:
    """Whether ``port`` can be listened on (bound as the embedded server binds, except on Windows,
    where SO_REUSEADDR would let the probe share a port another program listens on)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _remembered_port(path: Path) -> int:
    try:
        port = int(path.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return 0
    return port if 1024 <= port <= 65535 else 0


def start_demo_server(data: DemoServerData):  # -> EmbeddedServer
    """The embedded server on 127.0.0.1, candidate actions on (as in ``--demo``).

    On the port it had the last time when that port is free: a workspace belongs to a server address
    (``Workspace.default_path``), so a new port each start would open an empty workspace, download
    everything again and leave the last run's unsynced decisions behind in the old one."""
    from reviewdesk.server.embedded import EmbeddedServer

    host = "127.0.0.1"
    port_file = data.blob_dir.parent / PORT_FILE
    port = _remembered_port(port_file)
    server = None
    if port and _port_is_free(host, port):
        try:
            server = EmbeddedServer(
                data.db_url, data.blob_dir, host=host, port=port, candidate_api=True
            ).start()
        except OSError:
            log.warning("demo server: port %s taken, using another", port)
    if server is None:
        server = EmbeddedServer(data.db_url, data.blob_dir, host=host, candidate_api=True).start()
    try:
        port_file.write_text(str(server.port), encoding="utf-8")
    except OSError:
        log.warning("demo server: could not remember port %s", server.port)
    return server


def account(data: DemoServerData, username: str) -> DemoAccount:
    return next(a for a in data.accounts if a.username == username)


class DemoSession:
    """The ``--demo`` run: seed (once, with a progress dialog), start the server, sign in, download, and
    open the main window; 演示 → 切换账号 re-opens the window on another account's workspace."""

    def __init__(
        self,
        data_dir: Path,
        settings: Any = None,
        *,
        show_dialogs: bool = True,
        candidates: int = DEMO_CANDIDATES,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.candidates = candidates  # tests seed a few hundred
        self.settings = settings
        self.show_dialogs = show_dialogs
        self.data: DemoServerData | None = None
        self.server: Any = None
        self.window: Any = None

    def start(self) -> bool:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from reviewdesk.views.shell.sync_worker import run_with_progress

        root = self.data_dir / "demo-server"
        first_time = not (root / DONE_MARKER).exists()  # (a marker of another size: seeded again)
        try:
            self.data = run_with_progress(
                None,
                translate(CONTEXT, "准备演示数据"),
                translate(CONTEXT, "首次运行：正在生成演示考生数据和证书图片，约需数十秒…"),
                lambda report: ensure_demo_server(root, report, candidates=self.candidates),
                show_dialog=self.show_dialogs and first_time,
            )
            self.server = start_demo_server(self.data)
            from reviewdesk.server.demo.candidate_side import demo_notice

            cards = self.data.blob_dir.parent / "证件样本"  # i18n: not UI (a folder's name)
            # The candidates' phone pages: where they are and the demo candidate's account (console).
            print(demo_notice(self.data.db_url, cards, self.server.url), flush=True)
        except Exception as error:
            log.exception("demo server failed")
            QMessageBox.critical(
                None,
                translate(CONTEXT, "演示模式"),
                translate(CONTEXT, "无法启动演示服务器：{error}").format(error=error),
            )
            return False
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        return self.open_account(self.data.default_username)

    def open_account(self, username: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from reviewdesk.sync.session import connect
        from reviewdesk.views.review.window import MainWindow
        from reviewdesk.views.shell.sync_texts import sync_error_text, sync_summary
        from reviewdesk.views.shell.sync_worker import run_download_with_progress

        assert self.data is not None and self.server is not None
        chosen = account(self.data, username)
        try:
            workspace, client = connect(self.server.url, chosen.username, chosen.password, self.data_dir)
        except Exception as error:
            log.exception("demo login failed")
            message = sync_error_text(str(getattr(error, "message", error)))
            QMessageBox.critical(
                None,
                translate(CONTEXT, "演示模式"),
                translate(CONTEXT, "登录失败：{error}").format(error=message),
            )
            return False
        # The list index is opened in the sync's worker thread too (built on a first download).
        report, index = run_download_with_progress(
            self.window,
            workspace,
            client,
            download=workspace.record_count() == 0,
            show_dialog=self.show_dialogs,
        )
        if report is not None and report.error:
            QMessageBox.warning(None, translate(CONTEXT, "演示模式"), sync_summary(report))
        window = MainWindow(
            workspace,
            client,
            settings=self.settings,
            index=index,
            demo_accounts=[(a.username, a.title()) for a in self.data.accounts],
        )
        window.switch_account_requested.connect(self.open_account)
        old, self.window = self.window, window
        window.show()
        if old is not None:
            old.close()
            old.workspace.close()
        return True

    def stop(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.workspace.close()
            self.window = None
        if self.server is not None:
            self.server.stop()
            self.server = None
