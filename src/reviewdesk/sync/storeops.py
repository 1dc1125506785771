"""The store calls the sync engine makes, in one place.

Why a seam: the engine's rules (order, batching, cursors, retries) are about the protocol; what the
store does with an answer (remove the outbox row, keep a conflict with both sides, fold the snapshot
into the local view, rebase later actions) is the store's business (``reviewdesk.store.outbox`` and
``reviewdesk.store.ingest``, see their module docs). This class only maps one onto the other, and lets
the tests wrap it to crash the client between any two store steps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewdesk.store import ingest, outbox
from reviewdesk.store.actions import DECISION, OutboxEntry
from reviewdesk.store.blobs import BlobError
from reviewdesk.store.workspace import Workspace
from reviewdesk.sync.errors import CorruptBlob


@dataclass(frozen=True)
class WantedBlob:
    """An image a held material uses and the blob folder lacks."""

    sha256: str
    size: int | None
    mime: str


def local_rejection(entry: OutboxEntry, message: str) -> dict[str, Any]:
    """An answer made on the client for an action the server refused as unreadable (422): stored as a
    rejection the reviewer sees, instead of blocking every later action forever."""
    id_field = "decision_id" if entry.kind == DECISION else "action_id"
    return {
        id_field: entry.action_id,
        "status": "rejected",
        "reason": "invalid",
        "message": f"服务器无法处理该操作：{message}",
        "record": None,
    }


def effective_status(result: Mapping[str, Any]) -> str:
    """A ``duplicate`` (an answer lost on the way and asked again) counts as what it replays."""
    status = str(result.get("status"))
    if status == "duplicate":
        return str(result.get("first_status") or "applied")
    return status


def counted_status(result: Mapping[str, Any], *, replayed: bool = False) -> str:
    """The one bucket of the sync's counts an answer goes in (``SyncReport``): ``duplicate`` for an
    action applied by an earlier send (``replayed``: the whole answer is a replay, as a repeated
    材料上报's is), else what it came to (a replayed conflict or rejection is one the reviewer sees)."""
    status = effective_status(result)
    if status == "applied" and (replayed or result.get("status") == "duplicate"):
        return "duplicate"
    return status


class StoreOps:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    # -- outbox -----------------------------------------------------------------------------------
    def pending_count(self) -> int:
        return outbox.count(self.ws)

    def next_batch(self, limit: int) -> list[OutboxEntry]:
        return outbox.next_batch(self.ws, limit=limit)

    def pending_head(self, limit: int) -> list[OutboxEntry]:
        return outbox.pending(self.ws, limit=limit)

    def claim(self, batch: Sequence[OutboxEntry]) -> list[OutboxEntry]:
        return outbox.claim(self.ws, [e.action_id for e in batch])

    def mark_attempt(self, batch: Sequence[OutboxEntry], error: str) -> None:
        for entry in batch:
            outbox.mark_attempt(self.ws, entry.action_id, error)

    def complete_items(self, results: Sequence[Mapping[str, Any]]) -> Counter[str]:
        outbox.complete_many(self.ws, results)
        return Counter(counted_status(r) for r in results)

    def complete_report(
        self, entry: OutboxEntry, results: Sequence[Mapping[str, Any]], *, duplicate: bool = False
    ) -> Counter[str]:
        outbox.complete_report(self.ws, entry.action_id, results)
        return Counter(counted_status(r, replayed=duplicate) for r in results)

    # -- ingest -----------------------------------------------------------------------------------
    def cursor(self) -> str | None:
        return ingest.cursor(self.ws)

    def apply_changes(self, changes: Sequence[Mapping[str, Any]], next_cursor: str) -> None:
        snapshots = [c["record"] for c in changes if not c["deleted"]]
        tombstones = [int(c["record_id"]) for c in changes if c["deleted"]]
        ingest.apply_snapshots(self.ws, snapshots, tombstones, next_cursor)

    def begin_full_download(self, catalogue: Any) -> None:
        ingest.begin_full_download(self.ws)
        self.ws.set_catalogue(catalogue)

    def apply_download_page(self, items: Sequence[Mapping[str, Any]]) -> None:
        ingest.apply_download_page(self.ws, items)

    def finish_full_download(self, cursor: str) -> None:
        ingest.finish_full_download(self.ws, cursor)

    def mark_synced(self, at: str) -> None:
        self.ws.set_meta("last_sync_at", at)
        self.ws.set_meta("last_sync_error", "")

    def mark_sync_error(self, message: str) -> None:
        self.ws.set_meta("last_sync_error", message)

    # -- blobs (the store's blob folder: Workspace.missing_blobs / add_blob) --------------------------
    def missing_blobs(self) -> list[WantedBlob]:
        return [
            WantedBlob(
                str(b["sha256"]), int(b["size"]) if b.get("size") is not None else None, b.get("mime") or ""
            )
            for b in self.ws.missing_blobs()
        ]

    def blob_temp_dir(self) -> Path:
        """Partial downloads live here between syncs, so a large scan resumes with Range."""
        return Path(self.ws.blobs.temp_dir())

    def add_blob(self, blob: WantedBlob, path: Path) -> None:
        """Hash-checked and moved into place by the store; a mismatch drops the file (BlobError)."""
        try:
            self.ws.add_blob(blob.sha256, path, blob.mime)
        except BlobError as error:
            raise CorruptBlob(code="hash_mismatch") from error
