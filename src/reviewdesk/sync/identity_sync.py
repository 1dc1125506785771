"""Syncing the 实名认证审核 queue: push the queued answers, fetch the waiting list, fetch its photos.

The same order as the records' sync (``sync.engine``): answers first, so a submission this workstation
answered is not fetched again as waiting; a network failure leaves every answer queued (never dropped)
and is reported, the server's answers are stored per item (``store.identity_queue``).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.store.identity_queue import IdentityQueueStore
from reviewdesk.sync.client import ApiClient, api_error_message


@dataclass(frozen=True)
class IdentitySyncReport:
    sent: int
    applied: int
    problems: int
    waiting: int
    error: str = ""


def sync_identity_queue(client: ApiClient, store: IdentityQueueStore) -> IdentitySyncReport:
    sent = applied = problems = 0
    items = store.claim()
    try:
        if items:
            results = client.push_identity_decisions(items)
            store.complete(results)
            sent = len(items)
            applied = sum(1 for r in results if (r.get("first_status") or r["status"]) == "applied")
            problems = sent - applied
        waiting: list[dict] = []
        after = 0
        while True:
            page = client.identity_submissions(after_id=after)
            waiting += page["items"]
            if page["next_after_id"] is None:
                break
            after = page["next_after_id"]
        store.replace_waiting(waiting)
        for submission_id, side, sha256 in store.missing_photos():
            store.put_photo(sha256, client.identity_photo(submission_id, side))
    except Exception as error:  # network, server, malformed answer: keep everything queued, say why
        message = api_error_message(error)
        store.mark_error(message)
        return IdentitySyncReport(sent, applied, problems, len(store.waiting()), message)
    return IdentitySyncReport(sent, applied, problems, len(store.waiting()))
