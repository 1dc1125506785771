"""Pushing 单位填报: the added scans first (each once, by hash, resumable), then the entry commands in
the order made, each batch's answers stored in one transaction (``store.entry.queue.complete``).

Called by the sync engine before its pull, like the decisions' push: a failure leaves everything
queued (the same ids go out again and come back ``duplicate`` if the first request did arrive); a scan
the server refuses is marked sent anyway, so the commands using it come back ``rejected`` with the
reason instead of the sync stopping on it forever.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from reviewdesk.store.entry import queue
from reviewdesk.store.workspace import Workspace
from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.errors import ApiError, Offline

log = logging.getLogger(__name__)

PUSH_BATCH = 500


def push_entries(
    workspace: Workspace,
    client: ApiClient,
    check: Callable[[], None] = lambda: None,
    batch: int = PUSH_BATCH,
) -> Counter[str]:
    """Upload pending scans, then push the entry outbox; counts of answers by status. ``check`` is
    called between requests (the engine's cancellation raises from it)."""
    counts: Counter[str] = Counter()
    for sha256 in queue.scans_to_upload(workspace):
        check()
        data = workspace.blobs.read(sha256)
        try:
            client.upload_scan(sha256, data)
        except ApiError as error:
            if error.status != 422:
                raise
            log.warning("scan %s refused by the server: %s", sha256, error.code)
        queue.mark_uploaded(workspace, sha256)
    while commands := queue.next_batch(workspace, batch):
        check()
        sending = queue.claim(workspace, [c.entry_id for c in commands])
        if not sending:
            continue
        try:
            results = client.push_entries([c.request_item() for c in sending])
        except (Offline, ApiError) as error:
            queue.mark_attempt(workspace, [c.entry_id for c in sending], str(error))
            raise
        counts.update(queue.complete(workspace, sending, results))
    return counts
