"""The 报名材料审核 list's in-memory columnar index: every filter and sort of 10^6 records in milliseconds.

Why: at 10^6 rows SQLite's ``SELECT id … WHERE … ORDER BY`` takes 4 ms–3 s depending on the plan, too
slow to follow a reviewer's typing. So the list's columns live here as numpy arrays (one element per
record, in record-id order); a query selects its rows with posting lists or masks and orders them with
a cached sort permutation. SQLite stays the truth; :meth:`RecordIndex.update` re-reads the records a
change touched (``Workspace.subscribe``) and patches the arrays. No Qt here.

The meaning of every filter and sort is defined by ``store.sql_query`` (the plain-SQL equivalent, which
is also the benchmark baseline): the property test holds this index to return exactly its ids in exactly
its order.

This module is the index's life cycle behind its face (``RecordIndex``, ``IndexUpdate``, ``IndexError_``,
re-exported by the package):
build or open from the snapshot, follow the workspace, save. Thread safety: queries and patches take one
lock (a query holds it while it selects and orders positions, ≤ 30 ms, and maps them to ids after
releasing it); an update reads SQLite *outside* that lock, under a second lock that keeps concurrent
updates in order. The window queries from a worker thread at scale (``views.review.list_query``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from reviewdesk.domain.enums import ReviewStatus, Tier
from reviewdesk.store.columns import COLUMNS
from reviewdesk.store.filters import RecordFilter, SortKey
from reviewdesk.store.index import plan as index_plan
from reviewdesk.store.index import postings as index_postings
from reviewdesk.store.index import snapshot as index_snapshot
from reviewdesk.store.index import sort as index_sort
from reviewdesk.store.index.columns import (
    BLOB_COLUMNS,
    DICT_COLUMNS,
    ENUM_COLUMNS,
    INDEXED_FIELDS,
    INT_COLUMNS,
    TEXT_COLUMNS,
    TIME_COLUMN,
    DictColumn,
    EnumColumn,
    IntColumn,
    TextColumn,
    TimeColumn,
)
from reviewdesk.store.index.load import (
    PARALLEL_LOAD_MIN,
    TEXT_WIDTH_QUANTILE,
    IndexError_,
    connector,
)
from reviewdesk.store.index.load import load_state as _load  # tests replace ``index._load``
from reviewdesk.store.index.patch import apply_rows
from reviewdesk.store.index.sort import DESCENDING_KEPT
from reviewdesk.store.index.state import State, positions_of, state_arrays, state_from_arrays
from reviewdesk.store.sql_query import ENUM_FIELDS, sort_field

__all__ = [
    "BLOB_COLUMNS",
    "DESCENDING_KEPT",
    "DICT_COLUMNS",
    "ENUM_COLUMNS",
    "FULL_RELOAD_FRACTION",
    "INDEXED_FIELDS",
    "INT_COLUMNS",
    "PARALLEL_LOAD_MIN",
    "TEXT_COLUMNS",
    "TEXT_WIDTH_QUANTILE",
    "TIME_COLUMN",
    "DictColumn",
    "EnumColumn",
    "IndexError_",
    "IndexUpdate",
    "IntColumn",
    "RecordIndex",
    "TextColumn",
    "TimeColumn",
]

log = logging.getLogger(__name__)

#: Above this many changed records, :meth:`RecordIndex.update` reloads everything instead of patching.
FULL_RELOAD_FRACTION = 0.25

#: The fields the list can be sorted by (``RecordIndex.warm_up`` prepares their orders).
SORT_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(c.sort_field for c in COLUMNS if c.sort_field))

#: The snapshot layout this code reads and writes (tests replace it to simulate another version).
_LAYOUT = index_snapshot.layout_id(INDEXED_FIELDS, ENUM_FIELDS)


@dataclass(frozen=True)
class IndexUpdate:
    """What one :meth:`RecordIndex.update` changed (ids). ``reloaded``: it rebuilt everything."""

    updated: frozenset[int] = frozenset()
    inserted: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    reloaded: bool = False

    @property
    def structural(self) -> bool:
        """Rows came or went: a view built from an earlier query should be queried again."""
        return bool(self.inserted or self.deleted or self.reloaded)


class RecordIndex:
    """Filter and sort the list's records in memory. Build with :meth:`build`; see the module doc."""

    def __init__(self, state: State, connect: Callable[[], Any]) -> None:
        self._state = state
        self._connect = connect
        self._lock = threading.RLock()
        self._update_lock = threading.Lock()
        self._listeners: list[Callable[[IndexUpdate], None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        # With a change log (see store.index.snapshot): the log position this state reflects.
        self._log_token: str | None = None
        self._applied_seq = 0
        self._snapshot_path: Path | None = None
        self._saved_seq = -1
        self._saved_perms: frozenset[str] = frozenset()
        self._saver: threading.Thread | None = None
        # Bumped under the lock by every in-place patch: work done outside the lock (warm_up) is only
        # installed when the state it read is still the state.
        self._version = 0
        self._warmer: threading.Thread | None = None
        self._stop_warming = threading.Event()

    # -- building ------------------------------------------------------------------------------------
    @classmethod
    def build(cls, source: Any, *, follow: bool = False) -> RecordIndex:
        """Load the index from a Workspace, an Engine or a store path (always from SQLite).

        ``follow=True`` (a Workspace) subscribes to its changes *before* loading, applies whatever
        changed during the load, and keeps the index up to date from then on (:meth:`close` stops it).
        The app uses :meth:`open`, which adds the snapshot file and the change log.
        """
        return cls._make(source, follow=follow, snapshot=None)

    @classmethod
    def open(cls, workspace: Any, *, snapshot: Path | None = None, follow: bool = True) -> RecordIndex:
        """The app's way in: load the snapshot saved next to the store (``<store>.index.npz``) and
        catch up with the store's change log, or build from SQLite when there is no usable snapshot
        (then save one in the background). See ``store.index.snapshot`` for why it cannot go stale.
        ``workspace``: a Workspace (followed when ``follow``), or a store path (never followed)."""
        store_path = Path(getattr(workspace, "path", workspace))
        path = snapshot or index_snapshot.default_path(store_path)
        return cls._make(workspace, follow=follow and hasattr(workspace, "subscribe"), snapshot=path)

    @classmethod
    def _make(cls, source: Any, *, follow: bool, snapshot: Path | None) -> RecordIndex:
        connect = connector(source)
        heard: set[int] = set()
        heard_lock = threading.Lock()
        index: RecordIndex | None = None

        def listener(changed: set[int]) -> None:
            with heard_lock:
                if index is None:
                    heard.update(changed)
                    return
            index.update(changed)

        unsubscribe = source.subscribe(listener) if follow else None
        try:
            built = cls._load_state(connect, snapshot)
        except BaseException:
            if unsubscribe:
                unsubscribe()
            raise
        built._unsubscribe = unsubscribe
        with heard_lock:
            index = built
            pending = set(heard)
        if pending or built._log_token is not None:
            built.update(pending)  # with a log: also whatever was written since the snapshot or load
        if snapshot is not None and built._saved_seq < 0:
            built.save_in_background()
        return built

    @classmethod
    def _load_state(cls, connect: Callable[[], Any], snapshot: Path | None) -> RecordIndex:
        if snapshot is None:
            return cls(_load(connect), connect)
        conn = connect()
        try:
            token, trusted = index_snapshot.install_change_log(conn, INDEXED_FIELDS)
            loaded = cls._read_snapshot(snapshot, token, conn) if trusted else None
            seq = index_snapshot.anchor(conn) if loaded is None else 0
        finally:
            conn.close()
        if loaded is not None:
            state, applied = loaded
            index = cls(state, connect)
            index._saved_seq = applied
            index._saved_perms = frozenset(state.perms)
        else:
            applied = seq  # everything logged up to here is in the load below (it starts later)
            index = cls(_load(connect), connect)
        index._log_token = token
        index._applied_seq = applied
        index._snapshot_path = snapshot
        return index

    @staticmethod
    def _read_snapshot(path: Path, token: str, conn: Any) -> tuple[State, int] | None:
        if not path.exists():
            return None
        try:
            header, arrays = index_snapshot.load(path)
            if header.token != token or header.layout != _LAYOUT:
                return None
            if not index_snapshot.position_kept(conn, header.applied_seq):
                return None
            state = state_from_arrays(arrays)
        except Exception:  # unreadable, truncated, from another version: rebuild from SQLite
            log.warning("ignoring the list index snapshot %s", path, exc_info=True)
            return None
        if len(state.ids) != header.rows:
            return None
        return state, header.applied_seq

    # -- the snapshot -----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write the snapshot now (atomically) if the index was opened with one and changed since the
        last save; then prune the change log it no longer needs. Returns whether it wrote."""
        if self._snapshot_path is None or self._log_token is None:
            return False
        with self._update_lock:  # no update between taking the arrays and their log position
            with self._lock:
                seq = self._applied_seq
                perms = frozenset(self._state.perms)
                # Also worth writing when new sort orders were computed: the next open gets them free.
                if seq == self._saved_seq and perms <= self._saved_perms:
                    return False
                arrays = state_arrays(self._state)
                rows = len(self._state.ids)
            header = index_snapshot.Header(self._log_token, seq, _LAYOUT, rows)
            index_snapshot.save(self._snapshot_path, header, arrays)
            self._saved_seq = seq
            self._saved_perms = perms
        conn = self._connect()
        try:
            index_snapshot.prune(conn, seq)
        except Exception:  # busy with a long write: prune next time
            log.info("could not prune the index change log yet", exc_info=True)
        finally:
            conn.close()
        return True

    @classmethod
    def refresh_snapshot(cls, workspace: Any) -> None:
        """Leave a current snapshot next to the store, for paths that download or change the scope
        without a window (``reviewdesk sync``): the next start then loads it (~0.2 s at 10^6 records)
        instead of building the index from SQLite (1.5–4.5 s). A snapshot that is already current is
        only read; a missing or stale one is built or caught up and written. Failures are logged, never
        raised: the next open builds the index itself."""
        try:
            cls.open(workspace, follow=False).close()
        except Exception:
            log.warning("could not refresh the list index snapshot", exc_info=True)

    def save_in_background(self) -> threading.Thread:
        """:meth:`save` in a daemon thread (after a full build: the user need not wait for the file)."""
        thread = threading.Thread(target=self._save_quietly, name="index-snapshot", daemon=True)
        self._saver = thread
        thread.start()
        return thread

    def _save_quietly(self) -> None:
        try:
            self.save()
        except Exception:
            log.warning("could not save the list index snapshot", exc_info=True)

    def close(self) -> None:
        """Stop following the workspace and, when opened with a snapshot, save it if it changed."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stop_warming.set()
        if self._warmer is not None:
            self._warmer.join()
        if self._saver is not None:
            self._saver.join()
        self._save_quietly()

    def subscribe(self, callback: Callable[[IndexUpdate], None]) -> Callable[[], None]:
        """Call ``callback(IndexUpdate)`` after each update, from the updating thread (for a GUI: emit a
        queued signal from it). Returns a function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    # -- building ahead of the first queries -----------------------------------------------------------
    def warm_up(self) -> int:
        """Build now what the first queries would otherwise build on first touch: the posting lists of
        every key a filter can drive with (``plan.posted_keys``: 5–50 ms each at 10^6), the ascending
        order of every sortable field the snapshot did not hold (a 姓名 or 证件号码 order: ~0.3 s), and
        the descending orders that are not a cheap copy of slices (姓名, 证件号码, 提交时间: a scatter of
        every row each, 10–200 ms at 10^6 depending on the machine's load; 4 MB each).

        Why: on an index opened from its snapshot, the first filter on a field and the first sort by
        it paid for these inside the query — up to 140 ms of the GUI thread for one query (issue 18's
        stall goal is 100 ms). Each piece is computed *outside* the index's lock from the arrays of
        the moment (numpy's sorts and gathers release the GIL, so a query meanwhile proceeds) and
        installed under it only when no update changed the state in between and no query built it
        first; a query that needs a piece not built yet builds it itself, as before. Returns how many
        pieces were installed. :meth:`warm_in_background` runs this in a daemon thread."""
        installed = 0
        for key in index_plan.posted_keys():
            installed += self._warm_one(
                lambda state, key=key: key not in state.postings,
                lambda state, key=key: index_postings.build(state, key),
                lambda state, built, key=key: state.postings.setdefault(key, built),
            )
        for field_name in SORT_FIELDS:
            installed += self._warm_one(
                lambda state, name=field_name: name not in state.perms,
                lambda state, name=field_name: index_sort.compute_ascending(state, name),
                lambda state, built, name=field_name: state.perms.setdefault(name, built),
            )
        for field_name in SORT_FIELDS:  # descending orders that cost a scatter of every row to derive
            installed += self._warm_one(
                lambda state, name=field_name: index_sort.descending_costly(state, name),
                lambda state, name=field_name: index_sort.compute_descending(state, name),
                lambda state, built, name=field_name: index_sort.keep_descending(state, name, built),
            )
        return installed

    def _warm_one(
        self,
        wanted: Callable[[State], bool],
        compute: Callable[[State], Any],
        install: Callable[[State, Any], Any],
    ) -> int:
        if self._stop_warming.is_set():
            return 0
        with self._lock:
            state, version = self._state, self._version
            if not wanted(state):
                return 0
        built = compute(state)
        with self._lock:
            if self._state is not state or self._version != version or not wanted(state):
                return 0
            install(state, built)
            return 1

    def warm_in_background(self) -> threading.Thread:
        """:meth:`warm_up` in a daemon thread (the window starts it once the first rows are shown);
        :meth:`close` stops it between pieces and waits for it."""
        thread = threading.Thread(target=self._warm_quietly, name="index-warm-up", daemon=True)
        self._warmer = thread
        thread.start()
        return thread

    def _warm_quietly(self) -> None:
        try:
            self.warm_up()
        except Exception:  # the queries build whatever is missing themselves
            log.warning("could not prepare the list index ahead of its queries", exc_info=True)

    # -- reading -------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._state.ids)

    @property
    def ids(self) -> np.ndarray:
        """All record ids, ascending (a copy)."""
        with self._lock:
            return self._state.ids.copy()

    def contains_id(self, record_id: int) -> bool:
        with self._lock:
            return self._position(record_id) is not None

    def query(self, flt: RecordFilter, sort: SortKey, my_org_id: int) -> np.ndarray:
        """The ids of records matching ``flt``, in ``sort`` order (ties by id ascending), as int64 —
        a new array, read-only, so that a view may keep it as it is (the list's model does: copying
        10^6 ids is 8 MB of fresh memory on every re-query)."""
        result = self._query(flt, sort, my_org_id)
        result.flags.writeable = False
        return result

    def _query(self, flt: RecordFilter, sort: SortKey, my_org_id: int) -> np.ndarray:
        with self._lock:
            ids, ordered = self._ordered_positions(flt, sort_field(sort), sort.descending, my_org_id)
        # The ids of those positions, outside the lock: ``ids`` and the cached orders are never changed
        # in place (an update replaces them), and this gather — up to 8 MB of fresh memory at 10^6
        # rows, most of a re-sort's time — then holds up no update (a decision made while the list's
        # worker queries) and no other reader.
        return ids[ordered]

    def _ordered_positions(
        self, flt: RecordFilter, field_name: str, descending: bool, my_org_id: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """The state's ids and the positions matching ``flt`` in the order asked. Under the lock."""
        state = self._state
        matches = index_plan.select(state, flt, my_org_id)
        if matches.everything:
            return state.ids, index_sort.permutation(state, field_name, descending)
        positions = matches.positions
        if positions is None:
            assert matches.mask is not None
            few = np.count_nonzero(matches.mask) <= len(state.ids) * index_sort.FEW_FRACTION
            if not few:
                return state.ids, index_sort.order_mask(state, field_name, matches.mask, descending)
            positions = np.flatnonzero(matches.mask)
        return state.ids, index_sort.order_positions(state, field_name, positions, descending)

    def count(self, flt: RecordFilter, my_org_id: int) -> int:
        with self._lock:
            state = self._state
            return index_plan.select(state, flt, my_org_id).count(len(state.ids))

    def status_counts(
        self,
        tier: Tier,
        flt: RecordFilter | None = None,
        my_org_id: int = 0,
        *,
        ids: np.ndarray | Sequence[int] | None = None,
    ) -> dict[ReviewStatus | None, int]:
        """How many records stand at each 审核状态 at ``tier`` (None: not reached): of the records
        matching ``flt`` (the current view: a few ms at 10^6, less when it is selective), or of ``ids``
        (a selection)."""
        field_name = f"status_{Tier(tier).value}"
        with self._lock:
            state = self._state
            codes = state.columns[field_name].codes
            if ids is not None:
                positions = positions_of(state.ids, np.asarray(ids, dtype=np.int64))
                codes = codes[positions[positions >= 0]]
            elif flt is not None:
                codes = index_plan.select(state, flt, my_org_id).of(codes)
            counts = np.bincount(codes.astype(np.intp), minlength=len(ReviewStatus) + 2)
        result: dict[ReviewStatus | None, int] = {None: int(counts[0])}
        for i, status in enumerate(ReviewStatus):
            result[status] = int(counts[i + 1])
        return result

    def prepare(self, sort: SortKey) -> None:
        """Compute (and cache) the permutation ``sort`` needs, e.g. in a worker before the GUI asks."""
        field_name = sort_field(sort)
        with self._lock:
            index_sort.permutation(self._state, field_name, sort.descending)

    def memory_bytes(self) -> int:
        """Bytes held by the arrays (columns, ids, cached permutations and posting lists)."""
        with self._lock:
            state = self._state
            total = state.ids.nbytes + sum(c.nbytes() for c in state.columns.values())
            for p in state.perms.values():
                for array in (p.ascending, p.starts, p.descending, p.inverse, p.group_starts):
                    total += array.nbytes if array is not None else 0
            total += sum(p.nbytes() for p in state.postings.values() if p is not None)
            return int(total)

    # -- internals: positions -----------------------------------------------------------------------------
    def _position(self, record_id: int) -> int | None:
        ids = self._state.ids
        at = int(np.searchsorted(ids, record_id))
        return at if at < len(ids) and int(ids[at]) == record_id else None

    # -- updating ------------------------------------------------------------------------------------
    def update(self, changed_ids: Iterable[int]) -> IndexUpdate:
        """Re-read these records from SQLite and patch the arrays: changed rows, new rows, rows that are
        gone. Safe to call from any thread while others query. With a change log (:meth:`open`), the
        records logged since the last update are re-read too, whoever changed them."""
        wanted = {int(i) for i in changed_ids}
        if not wanted and self._log_token is None:
            return IndexUpdate()
        with self._update_lock:
            conn = self._connect()
            try:
                conn.execute("BEGIN")  # the log position and the rows from one snapshot of the store
                try:
                    upto = self._applied_seq
                    if self._log_token is not None:
                        upto = index_snapshot.current_seq(conn)
                        wanted |= index_snapshot.changed_since(conn, self._applied_seq, upto)
                    ordered = sorted(wanted)
                    rows = None
                    if ordered and len(ordered) <= max(1000, FULL_RELOAD_FRACTION * len(self)):
                        rows = self._read_rows(conn, ordered)
                finally:
                    conn.execute("COMMIT")
            finally:
                conn.close()
            if not ordered:
                self._applied_seq = upto
                return IndexUpdate()
            result = self._reload() if rows is None else self._apply(ordered, rows)
            self._applied_seq = upto
        for listener in list(self._listeners):
            listener(result)
        return result

    def _reload(self) -> IndexUpdate:
        before = self.ids
        loaded = _load(self._connect)
        with self._lock:
            self._state = loaded
            self._version += 1
        after = loaded.ids
        return IndexUpdate(
            updated=frozenset(np.intersect1d(before, after).tolist()),
            inserted=frozenset(np.setdiff1d(after, before).tolist()),
            deleted=frozenset(np.setdiff1d(before, after).tolist()),
            reloaded=True,
        )

    def _read_rows(self, conn: Any, wanted: Sequence[int]) -> dict[int, tuple[Any, ...]]:
        rows: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT id, {', '.join(INDEXED_FIELDS)} FROM records WHERE id IN ({marks})"
            for row in conn.execute(sql, part).fetchall():
                rows[int(row[0])] = tuple(row[1:])
        return rows

    def _apply(self, wanted: Sequence[int], rows: dict[int, tuple[Any, ...]]) -> IndexUpdate:
        with self._lock:
            self._version += 1
            patched = apply_rows(self._state, wanted, rows)
        return IndexUpdate(
            updated=frozenset(patched.updated),
            inserted=frozenset(patched.inserted),
            deleted=frozenset(patched.deleted),
        )
