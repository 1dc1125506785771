"""The 实名认证审核 queue on the workstation: the waiting submissions as last fetched, the administrator's
answers waiting to be sent (an outbox), and the server's answers to them. No Qt.

Its own SQLite file beside the workspace (``identity_queue.sqlite``): the queue belongs to the 省级
administrators only and shares nothing with the records' store, so it needs none of its migrations.

Like decisions (``store/outbox.py``), an answer is a command with a client-made ``decision_id``, written
to the outbox in one transaction and removed only by the server's answer: ``applied``/``duplicate``
quietly, ``conflict``/``rejected`` kept in ``answers`` for the administrator to see (another
administrator was first, the candidate withdrew, …). A decided submission leaves the list at once
(local first); its photos are deleted from this machine when the answer comes back, and photos of
submissions no longer waiting on the server are deleted at the next refresh: the workstation keeps
ID photos no longer than the server does.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reviewdesk.domain.realname import REJECT_NEEDS_REASON, QueueOutcome

FILE_NAME = "identity_queue.sqlite"
#: An answer's code as an older server sent it → the one code the API uses now for the same thing
#: (``id_taken``: the decision_id is another user's, like every other command's ``id_in_use``).
LEGACY_CODES = {"id_taken": "id_in_use"}
PHOTO_DIR = "identity-photos"
SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    decision_id TEXT PRIMARY KEY, submission_id INTEGER NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,
    base_version INTEGER NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS answers (
    decision_id TEXT PRIMARY KEY, submission_id INTEGER NOT NULL, outcome TEXT NOT NULL, reason TEXT NOT NULL,
    status TEXT NOT NULL, code TEXT, message TEXT NOT NULL, summary TEXT NOT NULL, answered_at TEXT NOT NULL);
"""


class QueueRefusal(ValueError):
    """An answer the queue refuses before it is queued (Chinese message)."""


@dataclass(frozen=True)
class Waiting:
    """A submission as the administrator sees it; ``photos`` maps side → local file (or None)."""

    id: int
    version: int
    data: dict[str, Any]
    photos: dict[str, Path | None]

    @property
    def summary(self) -> str:
        return f"{self.data.get('real_name', '')} {self.data.get('id_number', '')}"


@dataclass(frozen=True)
class Answer:
    """The server's answer to one of this workstation's decisions."""

    decision_id: str
    submission_id: int
    outcome: QueueOutcome
    status: str
    message: str
    summary: str
    code: str | None = None  #: why, as the server's code (``decided``, ``id_in_use``…)


class IdentityQueueStore:
    """``IdentityQueueStore(folder)``: the queue of one workspace folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / FILE_NAME
        self.photo_dir = self.folder / PHOTO_DIR
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                yield db

    # -- what the page shows ------------------------------------------------------------------------
    def waiting(self) -> list[Waiting]:
        """Waiting submissions without an answer of this workstation queued, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, version, data FROM submissions WHERE id NOT IN (SELECT submission_id FROM outbox) "
                "ORDER BY id"
            ).fetchall()
        return [self._waiting(row) for row in rows]

    def _waiting(self, row: tuple[int, int, str]) -> Waiting:
        data = json.loads(row[2])
        photos: dict[str, Path | None] = {}
        for photo in data.get("photos", []):
            path = self.photo_path(photo["sha256"])
            photos[photo["side"]] = path if path.is_file() else None
        return Waiting(row[0], row[1], data, photos)

    def unsent(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def problems(self) -> list[Answer]:
        """Answers the server did not apply (conflict, rejected), newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT decision_id, submission_id, outcome, status, message, summary, code FROM answers "
                "WHERE status IN ('conflict', 'rejected') ORDER BY answered_at DESC"
            ).fetchall()
        return [Answer(r[0], r[1], QueueOutcome(r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    # -- the administrator's answers ------------------------------------------------------------------
    def decide(self, submission_id: int, outcome: QueueOutcome, reason: str = "") -> str:
        """Queue 通过 / 不通过 for a waiting submission; returns the new ``decision_id``."""
        reason = " ".join(reason.split())
        if outcome is QueueOutcome.REJECT and not reason:
            raise QueueRefusal(REJECT_NEEDS_REASON)
        decision_id = str(uuid.uuid4())
        with self._connect() as db:
            row = db.execute("SELECT version FROM submissions WHERE id = ?", (submission_id,)).fetchone()
            if row is None:
                raise QueueRefusal("该认证申请已不在待审核列表中")
            if db.execute("SELECT 1 FROM outbox WHERE submission_id = ?", (submission_id,)).fetchone():
                raise QueueRefusal("该认证申请已审核，等待同步")
            db.execute(
                "INSERT INTO outbox (decision_id, submission_id, outcome, reason, base_version, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (decision_id, submission_id, outcome.value, reason, row[0], _now()),
            )
        return decision_id

    def undo(self, decision_id: str) -> bool:
        """Take back an answer not sent yet (it returns to the list)."""
        with self._connect() as db:
            return (
                db.execute(
                    "DELETE FROM outbox WHERE decision_id = ? AND attempts = 0", (decision_id,)
                ).rowcount
                == 1
            )

    # -- what the sync calls -----------------------------------------------------------------------------
    def claim(self) -> list[dict[str, Any]]:
        """The queued answers as request items, counted as attempted before any byte leaves."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT decision_id, submission_id, outcome, reason, base_version FROM outbox ORDER BY created_at"
            ).fetchall()
            db.execute("UPDATE outbox SET attempts = attempts + 1")
        return [
            {
                "decision_id": r[0],
                "submission_id": r[1],
                "outcome": r[2],
                "reason": r[3],
                "base": {"version": r[4]},
            }
            for r in rows
        ]

    def mark_error(self, message: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE outbox SET last_error = ?", (message,))

    def complete(self, results: Sequence[Mapping[str, Any]]) -> None:
        """Store the server's answers; an answer for an item no longer queued changes nothing."""
        with self._connect() as db:
            for result in results:
                row = db.execute(
                    "SELECT submission_id, outcome, reason FROM outbox WHERE decision_id = ?",
                    (result["decision_id"],),
                ).fetchone()
                if row is None:
                    continue
                status = result["status"]
                if status == "duplicate":  # the first answer, replayed
                    status = result.get("first_status") or status
                summary_row = db.execute("SELECT data FROM submissions WHERE id = ?", (row[0],)).fetchone()
                summary = ""
                if summary_row is not None:
                    data = json.loads(summary_row[0])
                    summary = f"{data.get('real_name', '')} {data.get('id_number', '')}"
                db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        result["decision_id"],
                        row[0],
                        row[1],
                        row[2],
                        status,
                        LEGACY_CODES.get(result.get("reason") or "", result.get("reason")),
                        result.get("message") or "",
                        summary,
                        _now(),
                    ),
                )
                db.execute("DELETE FROM outbox WHERE decision_id = ?", (result["decision_id"],))
                if status == "applied":
                    self._forget(db, [row[0]])

    def replace_waiting(self, items: Sequence[Mapping[str, Any]]) -> None:
        """The server's waiting list, as fetched now: submissions no longer waiting go, with their photos
        (unless this workstation's own answer to them is still queued)."""
        with self._connect() as db:
            keep = {r[0] for r in db.execute("SELECT submission_id FROM outbox")}
            fresh = {int(item["id"]) for item in items}
            gone = [r[0] for r in db.execute("SELECT id FROM submissions") if r[0] not in fresh | keep]
            self._forget(db, gone)
            for item in items:
                db.execute(
                    "INSERT OR REPLACE INTO submissions (id, version, data) VALUES (?, ?, ?)",
                    (int(item["id"]), int(item["version"]), json.dumps(dict(item), ensure_ascii=False)),
                )

    def _forget(self, db: sqlite3.Connection, ids: Sequence[int]) -> None:
        for submission_id in ids:
            row = db.execute("SELECT data FROM submissions WHERE id = ?", (submission_id,)).fetchone()
            db.execute("DELETE FROM submissions WHERE id = ?", (submission_id,))
            for photo in json.loads(row[0]).get("photos", []) if row else []:
                self.photo_path(photo["sha256"]).unlink(missing_ok=True)

    # -- photos ---------------------------------------------------------------------------------------------
    def photo_path(self, sha256: str) -> Path:
        return self.photo_dir / sha256

    def missing_photos(self) -> list[tuple[int, str, str]]:
        """(submission id, side, sha256) of waiting photos not on this machine yet."""
        out = []
        for item in self.waiting():
            for photo in item.data.get("photos", []):
                if not self.photo_path(photo["sha256"]).is_file():
                    out.append((item.id, photo["side"], photo["sha256"]))
        return out

    def put_photo(self, sha256: str, data: bytes) -> None:
        """Keep a downloaded photo (refused when the bytes are not the ones named)."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError("照片内容与其校验值不符")
        self.photo_dir.mkdir(parents=True, exist_ok=True)
        temp = self.photo_dir / f".{sha256}.part"
        temp.write_bytes(data)
        temp.replace(self.photo_path(sha256))


def _now() -> str:
    return datetime.now(UTC).isoformat()
