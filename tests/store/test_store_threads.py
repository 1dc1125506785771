"""The GUI thread acting and reading while the sync worker ingests and completes: no lock errors, no
torn reads, and the local view ends consistent with the outbox."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from reviewdesk.domain.enums import Outcome
from reviewdesk.store import db, ingest, outbox
from reviewdesk.store.local_view import recompute
from reviewdesk.store.testing import filled_store, make_snapshot

RECORDS = 200
ROUNDS = 20


def test_gui_writer_sync_writer_and_reader_together(tmp_path: Path) -> None:
    ws = filled_store(tmp_path / "s.sqlite", RECORDS)
    errors: list[BaseException] = []
    heard: list[set[int]] = []
    ws.subscribe(heard.append)
    done = threading.Event()

    def guard(work):  # type: ignore[no-untyped-def]
        def run() -> None:
            try:
                work()
            except BaseException as error:  # reported by the main thread
                errors.append(error)

        return run

    def gui_actions() -> None:
        rng = random.Random(1)
        for _ in range(ROUNDS):
            ws.decide(rng.sample(range(1, RECORDS + 1), 30), Outcome.HOLD, "工作年限不足")
            ws.decide([rng.randint(1, RECORDS)], Outcome.PASS, "")
            if rng.random() < 0.3:
                ws.undo_last()

    def sync_worker() -> None:
        rng = random.Random(2)
        for round_ in range(ROUNDS):
            page = [make_snapshot(i, version=2 + round_) for i in rng.sample(range(1, RECORDS + 1), 50)]
            ingest.apply_snapshots(ws, page, [], f"c{round_}")
            batch = outbox.claim(ws, [e.action_id for e in outbox.next_batch(ws, limit=20)])
            outbox.complete_many(
                ws,
                [
                    {
                        "decision_id": e.action_id,
                        "status": "conflict",
                        "reason": "stale",
                        "message": "记录已被他人修改",
                        "record": None,
                    }
                    for e in batch
                    if e.kind == "decision"
                ],
            )

    def reader() -> None:
        rng = random.Random(3)
        while not done.is_set():
            ids = rng.sample(range(1, RECORDS + 1), 50)
            rows = ws.rows(ids, ["pending_actions", "status_unit"])
            assert set(rows) == set(ids)
            view = ws.record(ids[0])
            assert view is not None and view.pending >= 0
            ws.pending_actions()

    threads = [threading.Thread(target=guard(f)) for f in (gui_actions, sync_worker)]
    read_thread = threading.Thread(target=guard(reader))
    for thread in [*threads, read_thread]:
        thread.start()
    for thread in threads:
        thread.join(120)
    done.set()
    read_thread.join(30)
    assert not errors, errors
    assert heard and all(isinstance(ids, set) for ids in heard)
    assert db.check_integrity(ws.engine) == "ok"
    ids = list(range(1, RECORDS + 1))
    fields = ["status_unit", "review", "pending_actions", "open_conflicts", "version"]
    stored = ws.rows(ids, fields)
    with ws.write() as tx:
        recompute(tx.conn, ids, ws.actor)
    assert ws.rows(ids, fields) == stored
    assert ingest.cursor(ws) == f"c{ROUNDS - 1}"
    assert ws.pending_actions() + len(ws.conflicts()) > 0
