"""The sync engine: push the outbox, pull the change feed (or download the whole scope), fetch images.

The rules it keeps, and why (ARCHITECTURE.md "Sync protocol"):

* **The outbox order is the truth.** Actions are pushed in the order the reviewer took them. A run of
  consecutive actions of one kind goes in one request (≤ 500 items); a 材料上报 goes alone. A batch is
  cut before a second action on the same record: the server answers the first with a new ``version``
  and the store rebases the later one on it — sent in the same batch, it would carry the old base and
  come back as a conflict with the reviewer's own decision.
* **An outbox row leaves only with its answer.** The same ``action_id`` goes out on every retry; an
  answer lost on the way comes back as ``duplicate`` with the first outcome replayed. Answers are handed
  to the store, which removes the rows, keeps conflicts/rejections with both sides and applies the
  returned snapshots, in one transaction per batch.
* **A page and its cursor are applied together**, so a sync cut off anywhere (network, crash, cancel)
  resumes from the last applied page. 410 on the feed means a full re-download that keeps the outbox.
* **Images** are fetched by sha256 in a small thread pool, into a temp file, hash-checked and moved
  into place; a partial temp file is resumed; a mismatch is discarded and reported.

Cancellation is checked between requests (batches, pages, images): a cancelled sync leaves the store
consistent and the next one carries on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewdesk.domain import beijing
from reviewdesk.heap import frozen_heap
from reviewdesk.store.actions import DECISION, REPORT, VERIFICATION, OutboxEntry
from reviewdesk.store.workspace import Workspace
from reviewdesk.sync import storeops
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.entry_push import push_entries
from reviewdesk.sync.errors import ApiError, CorruptBlob, CursorExpired, Offline
from reviewdesk.sync.storeops import WantedBlob

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]

#: API.md: at most 500 decisions or verifications per request.
PUSH_BATCH = 500
PULL_LIMIT = 1000
#: API.md: snapshot pages up to 2000 (older servers: 500, and 422 above it — the engine falls back).
DOWNLOAD_LIMIT = 1000
OLD_SERVER_DOWNLOAD_LIMIT = 500
BLOB_WORKERS = 4


@dataclass
class SyncReport:
    """What one sync did. ``error`` is the Chinese message of what stopped it (None: it completed).

    Every answered item (a decision, a 核验, each record of a 材料上报) counts once in ``pushed`` and in
    exactly one of ``applied`` (applied now), ``duplicates`` (applied by an earlier send whose answer
    was lost), ``conflicts`` and ``rejected`` (a resend replaying one counts there): the four add up to
    ``pushed`` in the summary, the status bar and the log alike."""

    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    duplicates: int = 0
    pulled: int = 0
    downloaded: int = 0
    blobs: int = 0
    blob_failures: int = 0
    corrupt_blobs: list[str] = field(default_factory=list)
    full_download: bool = False
    cancelled: bool = False
    error: str | None = None
    #: The exception behind ``error`` (AuthError → ask for the password; Offline → keep working).
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled

    def summary(self) -> str:
        """One line for a status bar or the CLI, in Chinese."""
        parts = [
            f"上传 {self.pushed} 项（成功 {self.applied}，此前已上传 {self.duplicates}，"
            f"冲突 {self.conflicts}，被拒 {self.rejected}）",
            f"{'全量下载' if self.full_download else '更新'} {self.downloaded + self.pulled} 条",
            f"图片 {self.blobs} 张",
        ]
        if self.blob_failures or self.corrupt_blobs:
            parts.append(f"图片失败 {self.blob_failures + len(self.corrupt_blobs)} 张")
        if self.cancelled:
            parts.append("已取消")
        if self.error:
            parts.append(f"错误：{self.error}")
        return "；".join(parts)


@dataclass(frozen=True)
class _Unstored:
    """A pushed batch whose answers are being stored on the worker thread."""

    future: Future[Counter[str]]
    action_ids: frozenset[str]
    record_ids: frozenset[int]
    material_ids: frozenset[int]

    @classmethod
    def of(cls, future: Future[Counter[str]], batch: Sequence[OutboxEntry]) -> _Unstored:
        return cls(
            future,
            frozenset(e.action_id for e in batch),
            frozenset(r for e in batch for r in e.record_ids),
            frozenset(e.material_id for e in batch if e.material_id is not None),
        )


class Cancelled(Exception):
    """Raised inside the engine when the cancel event is seen; never escapes :meth:`SyncEngine.sync`."""


def _now() -> str:
    return beijing.now_iso()


def images_of(workspace: Workspace, record_ids: Sequence[int]) -> set[str]:
    """The sha256 of every image the held records' materials show."""
    wanted: set[str] = set()
    for record_id in record_ids:
        view = workspace.record(record_id)
        if view is None:
            continue
        for material in view.materials:
            wanted.update(str(image["sha256"]) for image in material.images)
    return wanted


def offline_ready(workspace: Workspace, record_id: int) -> bool:
    """Whether the record can be reviewed without the server: held, and every image it shows is here
    (hash-checked by the store)."""
    if workspace.record(record_id) is None:
        return False
    return all(workspace.blob_path(sha) is not None for sha in images_of(workspace, [record_id]))


class SyncEngine:
    """Syncs one workspace with its server. One sync at a time per workspace (a lock guards it)."""

    def __init__(
        self,
        workspace: Workspace,
        client: ApiClient,
        *,
        push_batch: int = PUSH_BATCH,
        pull_limit: int = PULL_LIMIT,
        download_limit: int = DOWNLOAD_LIMIT,
        blob_workers: int = BLOB_WORKERS,
    ) -> None:
        self.workspace = workspace
        self.client = client
        self.store = storeops.StoreOps(workspace)
        self.push_batch = max(1, min(push_batch, PUSH_BATCH))
        self.pull_limit = pull_limit
        self.download_limit = download_limit
        self.blob_workers = blob_workers
        self._lock = threading.Lock()

    # -- entry points -----------------------------------------------------------------------------
    def sync(
        self,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        blobs: bool = True,
    ) -> SyncReport:
        """Push, then pull (full download on the first sync or after 410), then fetch missing images.

        Never raises for server, network or local trouble: the report says what happened (``error``,
        ``exception``). Phases for ``progress``: "push", "download", "pull", "blobs"; ``total`` is 0
        where it is not known in advance.
        """
        return self._run(progress, cancel, blobs, full=False)

    def download_scope(
        self, progress: Progress | None = None, cancel: threading.Event | None = None, blobs: bool = True
    ) -> SyncReport:
        """Re-download the whole scope now (first download, or a reviewer's "重新下载"), keeping the
        outbox (pushed first, like any sync), then fetch missing images."""
        return self._run(progress, cancel, blobs, full=True)

    def _run(
        self, progress: Progress | None, cancel: threading.Event | None, blobs: bool, full: bool
    ) -> SyncReport:
        report = SyncReport()
        with self._lock:
            started = time.monotonic()
            try:
                self._push(report, progress, cancel)
                self._push_entries(report, cancel)
                if full or self.store.cursor() is None:
                    self._download(report, progress, cancel)
                else:
                    try:
                        self._pull(report, progress, cancel)
                    except CursorExpired:
                        log.info("change feed cursor expired: full re-download")
                        self._download(report, progress, cancel)
                if blobs:
                    self._blobs(report, progress, cancel)
            except Cancelled:
                report.cancelled = True
            except ApiError as error:
                report.error, report.exception = error.message, error
            except Exception as error:  # a local problem (disk full, locked file…): say so, keep the store
                log.exception("sync failed")
                report.error, report.exception = f"同步失败（本地数据）：{error}", error
            try:
                if report.error is None and not report.cancelled:
                    self.store.mark_synced(_now())
                elif report.error is not None:
                    self.store.mark_sync_error(report.error)
            except Exception:  # the store itself is failing: the report still says why
                log.exception("could not record the sync's outcome")
            self._log_outcome(report, full, time.monotonic() - started)
        return report

    def _log_outcome(self, report: SyncReport, full: bool, seconds: float) -> None:
        """One line per sync in the log file (issue 7: support reads what the sync did and why it
        stopped). Counts and the server's answer only: the log's redaction is the second line of defence,
        not the first."""
        counts = (
            f"pushed {report.pushed} (applied {report.applied}, duplicates {report.duplicates}, "
            f"conflicts {report.conflicts}, rejected {report.rejected}), "
            f"{'downloaded' if report.full_download else 'pulled'} {report.downloaded + report.pulled}, "
            f"blobs {report.blobs} (failed {report.blob_failures}, corrupt {len(report.corrupt_blobs)})"
        )
        server = getattr(self.client, "base_url", "?")
        if report.error is not None:
            error = report.exception
            log.warning(
                "sync with %s failed after %.2f s: %s [%s, HTTP status %s]; %s",
                server,
                seconds,
                report.error,
                type(error).__name__ if error is not None else "?",
                getattr(error, "status", None),
                counts,
            )
        elif report.cancelled:
            log.info("sync with %s cancelled after %.2f s; %s", server, seconds, counts)
        else:
            kind = "full download" if full or report.full_download else "sync"
            log.info("%s with %s finished in %.2f s; %s", kind, server, seconds, counts)

    def fetch_images(
        self,
        record_ids: Sequence[int],
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Download just these records' missing images now (the reviewer opened a record whose scans
        are not here yet, e.g. after a sync without images). Same checks as a sync's "blobs" phase."""
        report = SyncReport()
        with self._lock:
            try:
                self._blobs(report, progress, cancel, only=images_of(self.workspace, record_ids))
            except Cancelled:
                report.cancelled = True
            except ApiError as error:
                report.error, report.exception = error.message, error
        return report

    # -- push -------------------------------------------------------------------------------------
    @staticmethod
    def _check(cancel: threading.Event | None) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled

    def _push(self, report: SyncReport, progress: Progress | None, cancel: threading.Event | None) -> None:
        """Work the outbox off in order (``store.outbox``'s protocol): next batch, claim, send, store
        the answers, re-read (the answers may have rebased what follows).

        Pipelined: the answers of a batch are stored on a worker thread (in order, one batch after the
        other) while the next batch is already on its way, so the server's work and the client's
        overlap. Only a batch that cannot depend on an answer not yet stored goes early: none of its
        records or materials may be in a batch whose answers are still being stored (their rebase may
        move its bases); otherwise the engine waits for the store first, exactly as without pipelining.
        """
        total = self.store.pending_count()
        done = 0
        if progress and total:
            progress("push", 0, total)
        unstored: deque[_Unstored] = deque()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-store") as completer:
            failed = True
            try:
                while True:
                    self._check(cancel)
                    self._settle(unstored, report, wait=False)
                    batch = self._select(unstored)
                    if not batch:
                        if not unstored:
                            failed = False
                            return
                        self._settle(unstored, report, wait=True)
                        continue
                    sending = self.store.claim(batch)
                    if not sending:
                        continue  # undone meanwhile
                    try:
                        store_answers = self._exchange(sending)
                    except ApiError as error:
                        self.store.mark_attempt(sending, error.message)
                        raise
                    unstored.append(_Unstored.of(completer.submit(store_answers), sending))
                    done += len(sending)
                    if progress:
                        progress("push", done, max(total, done))
            finally:
                # Never leave with answers still being written (a crash test reopens the store next).
                self._settle(unstored, report, wait=True, quiet=failed)

    def _push_entries(self, report: SyncReport, cancel: threading.Event | None) -> None:
        """单位填报 (``sync.entry_push``): the unit's scans and entry commands, after the decisions."""
        counts = push_entries(self.workspace, self.client, lambda: self._check(cancel), self.push_batch)
        report.pushed += sum(counts.values())
        report.applied += counts["applied"]
        report.duplicates += counts["duplicate"]
        report.conflicts += counts["conflict"]
        report.rejected += counts["rejected"]

    def _settle(
        self, unstored: deque[_Unstored], report: SyncReport, *, wait: bool, quiet: bool = False
    ) -> None:
        """Collect the stored batches (all of them when ``wait``), adding their counts to the report."""
        while unstored and (wait or unstored[0].future.done()):
            item = unstored.popleft()
            try:
                counts = item.future.result()
            except BaseException:
                if quiet:
                    continue
                raise
            report.applied += counts.get("applied", 0)
            report.duplicates += counts.get("duplicate", 0)
            report.conflicts += counts.get("conflict", 0)
            report.rejected += counts.get("rejected", 0)
            report.pushed += sum(counts[key] for key in ("applied", "duplicate", "conflict", "rejected"))

    def _select(self, unstored: deque[_Unstored]) -> list[OutboxEntry]:
        """The next batch: the store's own ``next_batch`` when every answer is stored; otherwise the
        same rule over the outbox after the batches in flight, stopping at anything they touch."""
        if not unstored:
            return self.store.next_batch(self.push_batch)
        ids: set[str] = set()
        records: set[int] = set()
        materials: set[int] = set()
        for item in unstored:
            ids |= item.action_ids
            records |= item.record_ids
            materials |= item.material_ids
        batch: list[OutboxEntry] = []
        for entry in self.store.pending_head(self.push_batch + len(ids)):
            if entry.action_id in ids:
                continue
            if batch and (entry.kind != batch[0].kind or entry.kind == REPORT):
                break
            if entry.kind != REPORT:
                if records.intersection(entry.record_ids):
                    break
                if entry.material_id is not None and entry.material_id in materials:
                    break
            batch.append(entry)
            records.update(entry.record_ids)
            if entry.material_id is not None:
                materials.add(entry.material_id)
            if entry.kind == REPORT or len(batch) >= self.push_batch:
                break
        return batch

    def _exchange(self, sending: Sequence[OutboxEntry]) -> Callable[[], Counter[str]]:
        """Send one batch; returns the storing of its answers (run later, in order)."""
        kind = sending[0].kind
        if kind == DECISION:
            results = self._send_items(sending, self.client.push_decisions)
            return lambda: self.store.complete_items(results)
        if kind == VERIFICATION:
            results = self._send_items(sending, self.client.push_verifications)
            return lambda: self.store.complete_items(results)
        if kind == REPORT:
            entry = sending[0]
            report_results, duplicate = self._report_results(entry)
            return lambda: self.store.complete_report(entry, report_results, duplicate=duplicate)
        # A kind this version does not know (a newer store file?): stop loudly rather than drop it.
        raise ApiError(f"本地待同步操作类型未知：{kind}，请更新本程序", code="unknown_action")

    def _send_items(
        self, batch: Sequence[OutboxEntry], send: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """Send one batch. A 422 for the batch (an item the server cannot even parse) is narrowed down
        item by item, so one bad action is rejected on its own instead of blocking the outbox forever."""
        try:
            return send([entry.request_item() for entry in batch])
        except ApiError as error:
            if error.status != 422:
                raise
        results: list[dict[str, Any]] = []
        for entry in batch:
            try:
                results.extend(send([entry.request_item()]))
            except ApiError as error:
                if error.status != 422:
                    raise
                results.append(storeops.local_rejection(entry, error.message))
        return results

    def _report_results(self, entry: OutboxEntry) -> tuple[list[dict[str, Any]], bool]:
        """The per-record answers, and whether they are a replay (the report was sent before)."""
        body = entry.request_item()
        try:
            reply = self.client.push_report(body["report_id"], body.get("record_ids"), body["reported_at"])
            return list(reply["results"]), bool(reply.get("duplicate"))
        except ApiError as error:
            # 422: the server cannot read it; 409 id_in_use: its id is another user's (API.md). Either
            # way it can never be applied: rejected for the reviewer to see, not retried forever.
            if error.status != 422 and error.code != "id_in_use":
                raise
            message = f"服务器无法处理该操作：{error.message}"
            rejected = [
                {
                    "record_id": rid,
                    "status": "rejected",
                    "reason": "invalid" if error.status == 422 else error.code,
                    "message": message,
                    "record": None,
                }
                for rid in entry.record_ids
            ]
            return rejected, False

    # -- pull -------------------------------------------------------------------------------------
    @staticmethod
    def _prefetched(
        first: Callable[[], dict[str, Any]],
        following: Callable[[dict[str, Any]], Callable[[], dict[str, Any]] | None],
    ) -> Iterator[dict[str, Any]]:
        """Pages in order, the next one fetched on a worker thread while the caller applies this one.

        Why: the server builds a page while the client parses and stores the previous one; done one
        after the other, a first download waits for both in turn (about half of its time). Only one
        request is ever in flight, in the same order as without prefetching, and a page that fails to
        arrive raises only after the pages before it were applied: the cursor semantics are unchanged.
        """
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-prefetch") as pool:
            future: Future[dict[str, Any]] | None = pool.submit(first)
            while future is not None:
                page = future.result()
                fetch_next = following(page)
                future = pool.submit(fetch_next) if fetch_next is not None else None
                yield page

    def _pull(self, report: SyncReport, progress: Progress | None, cancel: threading.Event | None) -> None:
        cursor = self.store.cursor()
        assert cursor is not None
        limit = self.pull_limit

        def following(page: dict[str, Any]) -> Callable[[], dict[str, Any]] | None:
            if not page["has_more"]:
                return None
            return lambda: self.client.changes(page["next_cursor"], limit=limit)

        self._check(cancel)
        pages = self._prefetched(lambda: self.client.changes(cursor, limit=limit), following)
        try:
            for page in pages:
                self.store.apply_changes(page["changes"], page["next_cursor"])
                report.pulled += len(page["changes"])
                if progress:
                    progress("pull", report.pulled, 0 if page["has_more"] else report.pulled)
                if page["has_more"]:
                    self._check(cancel)
        finally:
            pages.close()

    def _download(
        self, report: SyncReport, progress: Progress | None, cancel: threading.Event | None
    ) -> None:
        # perf engineer: the cyclic GC skips the long-lived heap during the download (reviewdesk.heap)
        with frozen_heap():
            self._download_pages(report, progress, cancel)

    def _download_pages(
        self, report: SyncReport, progress: Progress | None, cancel: threading.Event | None
    ) -> None:
        """Full download: snapshot pages (cursor taken before the first), then the feed from there.

        The store learns which records it saw; when the last page is in, held records not seen left
        the scope. Until then nothing is deleted and the cursor is not set, so an interrupted download
        simply starts again next time (the outbox is never touched)."""
        report.full_download = True
        self._check(cancel)
        catalogue = self.client.catalogue()
        limit = self.download_limit

        def following(page: dict[str, Any]) -> Callable[[], dict[str, Any]] | None:
            after = page["next_after_id"]
            if after is None:
                return None
            return lambda: self.client.snapshot(after_id=after, limit=limit)

        def first() -> dict[str, Any]:
            nonlocal limit
            try:
                return self.client.snapshot(limit=limit)
            except ApiError as error:
                if error.status != 422 or limit <= OLD_SERVER_DOWNLOAD_LIMIT:
                    raise
                limit = OLD_SERVER_DOWNLOAD_LIMIT  # a server from before larger snapshot pages
                return self.client.snapshot(limit=limit)

        pages = self._prefetched(first, following)
        cursor: str | None = None
        try:
            for page in pages:
                if cursor is None:
                    cursor = page["cursor"]
                    self.store.begin_full_download(catalogue)
                self.store.apply_download_page(page["items"])
                report.downloaded += len(page["items"])
                last = page["next_after_id"] is None
                if progress:
                    progress("download", report.downloaded, report.downloaded if last else 0)
                if not last:
                    self._check(cancel)
        finally:
            pages.close()
        assert cursor is not None
        self.store.finish_full_download(cursor)
        self._pull(report, progress, cancel)

    # -- blobs ------------------------------------------------------------------------------------
    def _blobs(
        self,
        report: SyncReport,
        progress: Progress | None,
        cancel: threading.Event | None,
        only: set[str] | None = None,
    ) -> None:
        wanted = self.store.missing_blobs()
        if only is not None:
            wanted = [blob for blob in wanted if blob.sha256 in only]
        total = len(wanted)
        if not total:
            return
        if progress:
            progress("blobs", 0, total)
        temp_dir = self.store.blob_temp_dir()
        done = 0
        offline: Offline | None = None
        with ThreadPoolExecutor(max_workers=self.blob_workers, thread_name_prefix="blob") as pool:
            futures = {pool.submit(self._fetch_blob, blob, temp_dir, cancel): blob for blob in wanted}
            for future in as_completed(futures):
                blob = futures[future]
                try:
                    if future.result():
                        report.blobs += 1
                except CorruptBlob:
                    report.corrupt_blobs.append(blob.sha256)
                except Offline as error:
                    offline = offline or error
                    report.blob_failures += 1
                except ApiError as error:
                    log.warning("blob %s: %s", blob.sha256, error)
                    report.blob_failures += 1
                done += 1
                if progress:
                    progress("blobs", done, total)
        self._check(cancel)
        if offline is not None:
            raise offline

    def _fetch_blob(self, blob: WantedBlob, temp_dir: Path, cancel: threading.Event | None) -> bool:
        """Download one image; True when it is now stored. Skips quietly once cancelled."""
        if cancel is not None and cancel.is_set():
            return False
        partial = temp_dir / f"{blob.sha256}.part"
        self.client.download_blob(blob.sha256, partial, expected_size=blob.size, cancel=cancel)
        if cancel is not None and cancel.is_set():
            return False
        if not partial.exists():
            raise CorruptBlob(code="missing")
        try:
            self.store.add_blob(blob, partial)  # hash-checked there; a mismatch drops the file
        except CorruptBlob:
            log.warning("blob %s: hash mismatch, discarded", blob.sha256)
            raise
        return True
