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
used that the table lacks waits in :data:`_UNSAVED` until a writer — a change's ``peers.sharing``
and ``flags.reflag``, a snapshot refresh, ``flags.reflag_all`` — writes it (:func:`save_unsaved`). A
read never writes; a write that rolls back loses them to the table only until they are used again.

Every read asks for the current version only. Rows no flag reads any more — of another version, or on a
scan no record holds — are deleted by ``reviewdesk-server reflag`` once the current version's re-flag
has completed (:func:`prune`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, exists, or_, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server.models import Blob, Image, ScanVerdict

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
    return judged_with(connection, shas, same_only=True)


def judged_with(
    connection: Session | Connection, shas: Iterable[str], same_only: bool = False
) -> dict[str, set[str]]:
    """Each of these scans → the other scans a verdict under the current scan checks was reached on
    with it (``same_only``: judged the same), kept or judged here and not written yet. Every pair a
    look-up made candidates has one, so a scan without one was never among another's candidates."""
    wanted = sorted(set(shas))
    out: dict[str, set[str]] = {}
    version = scan_checks.SCAN_CHECKS_VERSION
    for mine, other in ((VERDICTS.c.sha_a, VERDICTS.c.sha_b), (VERDICTS.c.sha_b, VERDICTS.c.sha_a)):
        for start in range(0, len(wanted), CHUNK):
            chosen_ = mine.in_(wanted[start : start + CHUNK])
            query = select(mine, other).where(
                and_(chosen_, VERDICTS.c.same, VERDICTS.c.scan_version == version)
                if same_only
                else and_(chosen_, VERDICTS.c.scan_version == version)
            )
            for a, b in connection.execute(query):
                out.setdefault(a, set()).add(b)
    chosen = set(wanted)
    with _LOCK:  # judged here and not written yet (this transaction's own, or a read's)
        for (a, b, at), same in _UNSAVED.items():
            if (same or not same_only) and at == version:
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


#: Verdict rows read, and at most deleted, per transaction of :func:`prune`.
PRUNE_BATCH = 5000


def prune(db: Any, batch: int = PRUNE_BATCH) -> tuple[int, int]:
    """``reviewdesk-server reflag``'s last step: delete the verdicts no flag reads any more — those of
    another scan-checks version and those on a scan no record's material holds (removed or replaced
    everywhere; uploaded again, its pairs are judged again). Returns (other version, orphaned) counts.

    Only once the current version's re-flag has completed (``server_meta.matches_version``): an
    interrupted one keeps every row, so the version it replaces still has its verdicts and the run
    resumes from the current ones it wrote. The table is walked in its key's order ``batch`` rows at
    a time, each batch's deletions one short write transaction (a big table holds no long lock, a
    server may run beside it); the delete checks again what it deletes (still another version, still
    held by no image), so a pair re-judged or a scan attached meanwhile keeps its row — on PostgreSQL
    after waiting for writers of ``images`` (a change attaching a scan judges with its verdicts before
    it commits; SQLite's writers queue anyway). This process's memo forgets the same verdicts."""
    from reviewdesk.server.feed import server_meta

    version = scan_checks.SCAN_CHECKS_VERSION
    with db.read() as session:
        if server_meta(session).matches_version != version:
            return 0, 0
    columns = (VERDICTS.c.sha_a, VERDICTS.c.sha_b)
    other_version, orphaned = 0, 0
    after: Pair | None = None
    while True:
        query = select(*columns, VERDICTS.c.scan_version).order_by(*columns).limit(batch)
        if after is not None:
            query = query.where(
                or_(columns[0] > after[0], and_(columns[0] == after[0], columns[1] > after[1]))
            )
        with db.read() as session:
            rows = [(a, b, at) for a, b, at in session.execute(query)]
            current = [(a, b) for a, b, at in rows if at == version]
            held = _held(session, {sha for p in current for sha in p})
        if not rows:
            break
        after = rows[-1][:2]
        old = [(a, b) for a, b, at in rows if at != version]
        lost = [p for p in current if not (p[0] in held and p[1] in held)]
        if old or lost:
            with db.write() as session:
                if lost and session.get_bind().dialect.name == "postgresql":
                    # a transaction attaching one of these scans has judged with its verdicts: wait for it
                    # (and hold new ones back for this batch) so that the check below sees its image
                    session.execute(text("LOCK TABLE images IN SHARE MODE"))
                other_version += _delete(session, old, VERDICTS.c.scan_version != version)
                orphaned += _delete(session, lost, or_(~_image_of(columns[0]), ~_image_of(columns[1])))
            with _LOCK:
                for a, b in lost:
                    _MEMO.pop((a, b, version), None)
                    _UNSAVED.pop((a, b, version), None)
    with _LOCK:  # verdicts of other versions are never read: not kept in memory either
        for memo in (_MEMO, _UNSAVED):
            for key in [key for key in memo if key[2] != version]:
                del memo[key]
    return other_version, orphaned


def _image_of(column: Any) -> Any:
    """Some record's material holds this scan."""
    return exists().where(Image.sha256 == column)


def _held(connection: Session | Connection, shas: Iterable[str]) -> set[str]:
    """Which of these scans some record's material holds."""
    wanted = sorted(set(shas))
    out: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        query = select(Image.sha256).where(Image.sha256.in_(wanted[start : start + CHUNK])).distinct()
        out.update(connection.execute(query).scalars())
    return out


def _delete(connection: Session | Connection, pairs: Sequence[Pair], condition: Any) -> int:
    """Delete the rows of these pairs that still meet ``condition``; returns how many."""
    deleted = 0
    columns = (VERDICTS.c.sha_a, VERDICTS.c.sha_b)
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        statement = VERDICTS.delete().where(tuple_(*columns).in_(chunk), condition)
        deleted += connection.execute(statement).rowcount
    return deleted


def _upsert(dialect_insert: Any) -> Any:
    statement = dialect_insert(VERDICTS)
    return statement.on_conflict_do_update(
        index_elements=[VERDICTS.c.sha_a, VERDICTS.c.sha_b],
        set_={"scan_version": statement.excluded.scan_version, "same": statement.excluded.same},
    )


_UPSERT = {"postgresql": _upsert(postgresql.insert), "sqlite": _upsert(sqlite.insert)}
