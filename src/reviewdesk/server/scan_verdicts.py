"""Kept verdicts on pairs of scans: whether two stored scans are one scan (``scan_verdicts`` rows).

Why: a reused scan is confirmed by comparing two prints (``scan_checks.same_scan``, ~8 ms a pair), and a
re-flag of a database with several scans per record compared every candidate pair again (~1,600 s for
10^5 scans, docs/PERFORMANCE.md). A verdict depends only on the two files and the image checks'
version, so it is kept: a pair is compared once per ``scan_checks.SCAN_CHECKS_VERSION``.

Kept verdicts also make a match symmetric: a scan's look-up ranks a few candidates (``flags.ranked``),
and a copy's candidates may hold its original while the original's are other people's pages of the
same template. A record is flagged for every other candidate holding a scan judged the same as one of
its own (:func:`same_of`), whichever side's look-up found the pair.

Where verdicts are made and written: any flagging judges what it needs (:class:`Judge`: the table
first, then what this process compared before, :data:`_MEMO`, else the prints), and every verdict it
used that the table lacks waits in :data:`_UNSAVED` until a writer — a change's ``peers.update_matches``
and ``flags.reflag``, a snapshot refresh, ``flags.reflag_all`` — writes it (:func:`save_unsaved`). A
read never writes; a write that rolls back loses them to the table only until they are used again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server.models import Blob, ScanVerdict

VERDICTS = ScanVerdict.__table__
Pair = tuple[str, str]
#: Verdicts remembered in this process (LRU), and those not yet written (``save_unsaved``).
MEMO_SIZE = 200_000
_MEMO: OrderedDict[tuple[str, str, int], bool] = OrderedDict()
_UNSAVED: dict[tuple[str, str, int], bool] = {}
_LOCK = threading.Lock()
#: ``IN`` lists are cut to this many values.
CHUNK = 900


def pair(a: str, b: str) -> Pair:
    """The pair in its stored order (``sha_a`` < ``sha_b``)."""
    return (a, b) if a < b else (b, a)


def _note(verdicts: Mapping[Pair, bool]) -> None:
    """Verdicts used here that the table does not hold (yet): remembered and waiting for a writer."""
    version = scan_checks.SCAN_CHECKS_VERSION
    with _LOCK:
        for (a, b), same in verdicts.items():
            key = (a, b, version)
            _MEMO[key] = same
            _MEMO.move_to_end(key)
            _UNSAVED[key] = same
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
        while len(_UNSAVED) > MEMO_SIZE:
            del _UNSAVED[next(iter(_UNSAVED))]


def _remembered(pairs: Iterable[Pair]) -> dict[Pair, bool]:
    version = scan_checks.SCAN_CHECKS_VERSION
    with _LOCK:
        return {p: _MEMO[(*p, version)] for p in pairs if (*p, version) in _MEMO}


def kept(connection: Session | Connection, pairs: Iterable[Pair]) -> dict[Pair, bool]:
    """The kept verdicts of these (ordered) pairs under the current scan checks."""
    wanted = sorted(set(pairs))
    found: dict[Pair, bool] = {}
    version = scan_checks.SCAN_CHECKS_VERSION
    columns = (VERDICTS.c.sha_a, VERDICTS.c.sha_b)
    for start in range(0, len(wanted), CHUNK):
        query = select(VERDICTS.c.sha_a, VERDICTS.c.sha_b, VERDICTS.c.same).where(
            tuple_(*columns).in_(wanted[start : start + CHUNK]), VERDICTS.c.scan_version == version
        )
        for a, b, same in connection.execute(query):
            found[(a, b)] = bool(same)
    return found


def same_of(connection: Session | Connection, shas: Iterable[str]) -> dict[str, set[str]]:
    """Each of these scans → the other scans judged the same as it under the current scan checks."""
    wanted = sorted(set(shas))
    out: dict[str, set[str]] = {}
    version = scan_checks.SCAN_CHECKS_VERSION
    for mine, other in ((VERDICTS.c.sha_a, VERDICTS.c.sha_b), (VERDICTS.c.sha_b, VERDICTS.c.sha_a)):
        for start in range(0, len(wanted), CHUNK):
            query = select(mine, other).where(
                and_(
                    mine.in_(wanted[start : start + CHUNK]),
                    VERDICTS.c.same,
                    VERDICTS.c.scan_version == version,
                )
            )
            for a, b in connection.execute(query):
                out.setdefault(a, set()).add(b)
    chosen = set(wanted)
    with _LOCK:  # judged here and not written yet (this transaction's own, or a read's)
        for (a, b, at), same in _UNSAVED.items():
            if same and at == version:
                if a in chosen:
                    out.setdefault(a, set()).add(b)
                if b in chosen:
                    out.setdefault(b, set()).add(a)
    return out


def save(connection: Session | Connection, verdicts: Mapping[Pair, bool]) -> None:
    """Write verdicts judged under the current scan checks (over any older one of the same pair), in
    the pairs' order (two writers of the same pairs then lock them in the same order)."""
    version = scan_checks.SCAN_CHECKS_VERSION
    rows = [
        {"sha_a": a, "sha_b": b, "scan_version": version, "same": same}
        for (a, b), same in sorted(verdicts.items())
    ]
    if not rows:
        return
    bind = connection.get_bind() if isinstance(connection, Session) else connection
    for start in range(0, len(rows), 500):
        connection.execute(_UPSERT[bind.dialect.name], rows[start : start + 500])


def save_unsaved(connection: Session | Connection) -> int:
    """Write every verdict this process judged and has not written yet; returns how many. If the
    transaction then rolls back they are lost to the table, not to the flags: judged again when needed."""
    version = scan_checks.SCAN_CHECKS_VERSION
    with _LOCK:
        taken = {(a, b): same for (a, b, at), same in _UNSAVED.items() if at == version}
        _UNSAVED.clear()
    save(connection, taken)
    return len(taken)


def forget() -> None:
    """Drop what this process remembers (tests: another database, the same process)."""
    with _LOCK:
        _MEMO.clear()
        _UNSAVED.clear()


class Judge:
    """Whether two scans are one scan: a kept verdict, else one this process reached before, else their
    prints compared (read only for such pairs, each once). ``known``: verdicts found beforehand (a
    re-flag's, kept for all its batches), consulted first."""

    def __init__(self, connection: Session | Connection, known: Mapping[Pair, bool] | None = None) -> None:
        self._connection = connection
        self._known: Mapping[Pair, bool] = known or {}
        self._verdicts: dict[Pair, bool] = {}
        self._prints: dict[str, bytes] = {}

    def prepare(self, pairs: Iterable[Pair]) -> None:
        """Read the kept verdicts of pairs about to be asked, in one go (not a query per pair)."""
        wanted = {pair(a, b) for a, b in pairs if a != b} - self._verdicts.keys() - self._known.keys()
        if not wanted:
            return
        found = kept(self._connection, wanted)
        unkept = _remembered(wanted - found.keys())
        _note(unkept)
        self._verdicts.update(found)
        self._verdicts.update(unkept)

    def same(self, a: str, b: str) -> bool:
        if a == b:
            return True
        key = pair(a, b)
        if key in self._known:
            return self._known[key]
        if key not in self._verdicts:
            self.prepare([key])
        if key not in self._verdicts:
            missing = [sha for sha in key if sha not in self._prints]
            self._prints.update(prints(self._connection, missing))
            verdict = scan_checks.same_scan(self._prints.get(a, b""), self._prints.get(b, b""))
            self._verdicts[key] = verdict
            _note({key: verdict})
        return self._verdicts[key]


def prints(connection: Session | Connection, shas: Iterable[str]) -> dict[str, bytes]:
    """The stored prints of these scans (``b""`` where none)."""
    wanted = sorted(set(shas))
    out: dict[str, bytes] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(Blob.sha256, Blob.scan_print).where(Blob.sha256.in_(wanted[start : start + CHUNK]))
        out.update((sha, bytes(data or b"")) for sha, data in connection.execute(query))
    return out


def _judge_chunk(items: Sequence[tuple[Pair, bytes, bytes]]) -> list[bool]:
    """Compare prints, pair by pair — a worker process's task."""
    return [scan_checks.same_scan(first, second) for _, first, second in items]


def judge_all(
    db: Any, pairs: Iterable[Pair], jobs: int = 1, batch: int = 2000
) -> tuple[dict[Pair, bool], int]:
    """Every pair's verdict under the current scan checks: the kept ones read, the others compared
    (in ``jobs`` processes) and written batch by batch, each batch its own transaction — an
    interrupted re-flag keeps what it compared. Returns (verdicts, how many were compared)."""
    wanted = sorted({pair(a, b) for a, b in pairs if a != b})
    with db.read() as session:
        verdicts = kept(session, wanted)
    missing = [p for p in wanted if p not in verdicts]
    pool = None
    if jobs > 1 and missing:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(jobs)
    try:
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            with db.read() as session:
                found = prints(session, {sha for p in part for sha in p})
            items = [(p, found.get(p[0], b""), found.get(p[1], b"")) for p in part]
            chunks = [items[i : i + 50] for i in range(0, len(items), 50)]
            results: Iterator[list[bool]] = (
                pool.map(_judge_chunk, chunks) if pool else map(_judge_chunk, chunks)
            )
            judged = dict(zip(part, (v for chunk in results for v in chunk), strict=True))
            with db.write() as session:
                save(session, judged)
            verdicts.update(judged)
    finally:
        if pool is not None:
            pool.shutdown()
    return verdicts, len(missing)


def _upsert(dialect_insert: Any) -> Any:
    statement = dialect_insert(VERDICTS)
    return statement.on_conflict_do_update(
        index_elements=[VERDICTS.c.sha_a, VERDICTS.c.sha_b],
        set_={"scan_version": statement.excluded.scan_version, "same": statement.excluded.same},
    )


_UPSERT = {"postgresql": _upsert(postgresql.insert), "sqlite": _upsert(sqlite.insert)}
