"""A change's peers: the other records whose 预审提示 a changed record can change, and re-flagging them.

Why not look each peer up again: the store-time check of one new scan used to re-flag every record
sharing a non-common key with it (~200 at 19,360 scans), each looked up scan by scan — 1.6 s of a 2.5 s
upload, growing with the database (docs/PERFORMANCE.md). But another record's duplicate-number and
reused-scan flags change only by what it shares with the changed record: a certificate number, an exact
file, or a scan judged the same as one of the record's (a kept verdict, ``server.scan_verdicts``) —
before or after the change. So only those records are re-flagged, and from what is known
(``flag_index.hits_of_records``: numbers and exact files; the kept verdicts), as a record-rule
re-flag does: no scan of theirs is looked up.

That holds while every pair a look-up would make candidates has a kept verdict. The changed record's
own look-up judges its scans' candidates; the other side is judged here (:func:`_judge_around`): a
stored scan P that, now that a new scan N exists, would compare N although N's look-up compares other
pages — a copy stored before its original — gets (P, N) judged; and a scan whose candidates held a
scan now gone gets a fresh look-up (another scan takes its place). P compares N when N is among its
first ``flags.TILE_CANDIDATES`` by tiles and fewer than ``flags.MAX_CONFIRMED`` of those are nearer by
print (``flags.nearest_candidates``). That is decided among the scans around N
(``flag_index.part_candidates``), where N can only rank higher than in the whole database and only
scans left out can join those ahead of it: judged here are the pairs N is among P's first by tiles
and fewer than ``flags.MAX_CONFIRMED`` of those ranked ahead of it by tiles are as near or nearer by
print (as near: ahead wins the tie) — every pair the whole database's look-up can compare. Left to
``reviewdesk-server reflag --full``: a scan whose tiles meet N's only with its own least certain bits
flipped and none of N's (N's keys do not find its record); a key that becomes common, or stops
being common, with this change (every scan asking it ranks its candidates anew); and the pairs the
change lets in *beside* N — N entering P's first ``flags.TILE_CANDIDATES`` pushes the last one out, and
a removed scan lets the next one in, so a fifth-nearest page of P's can become one of its four (P, X)
with neither side changed. Measured: after 10 uploads, 120 such pairs at 4,959 scans and 138 at 9,755
(of ~15,000 and ~30,000 judged), none of which changed a flag of the records sampled around them
(docs/PERFORMANCE.md, "The store-time check under scan checks 5"); closing it would need each scan whose
first candidates gain or lose a changed scan (~60–120 an upload) to know its next one. Hence the
periodic ``reflag --full`` in docs/API.md: it compares only the pairs without a kept verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from reviewdesk.server import db, flag_index, flag_keys, flags, scan_tiles, scan_verdicts
from reviewdesk.server.models import FlagKey


@dataclass
class Change:
    """The keys changed records held before and after (record, key, sha), and the other records a
    verdict "same" judged around them concerns (:func:`_judge_around`)."""

    records: set[int]
    before: set[tuple[int, str, str]]
    after: set[tuple[int, str, str]]
    touched: set[int] = field(default_factory=set)


def store_keys(session: Session, record_ids: Iterable[int]) -> Change:
    """Store changed records' keys from their materials as the transaction holds them, and judge the
    pairs only their neighbours' rankings make (:func:`_judge_around`). Call it before their snapshots
    are built (their matches are judged against the keys just stored, as a fresh build would), then
    :func:`sharing`. Every writer that changes a record's materials calls this."""
    ids = sorted(set(record_ids))
    before = _stored(session, ids)
    flag_keys.update_keys_of(session, ids)
    change = Change(set(ids), before, _stored(session, ids))
    for record_id in ids:
        held_before = {sha for rid, key, sha in before if rid == record_id and key.startswith("x:")}
        held_after = {sha for rid, key, sha in change.after if rid == record_id and key.startswith("x:")}
        change.touched |= _judge_around(
            session, record_id, held_after - held_before, held_before - held_after
        )
    return change


def sharing(session: Session, change: Change) -> set[int]:
    """The other records whose flags a change can alter — those holding, before or after it, a
    certificate number or a file of a changed record or a scan judged the same as one of its scans —
    found after the changed records' snapshots were built (their own look-ups judged their pairs).
    Pass them to :func:`reflag_peers` after ``log_change``."""
    shas = {sha for _, key, sha in change.before | change.after if key.startswith("x:")}
    same = scan_verdicts.same_of(session, shas)  # with what was judged in this transaction
    keys = {key for _, key, _ in change.before | change.after if key.startswith("n:")}
    keys |= {f"x:{sha}" for sha in shas | {other for others in same.values() for other in others}}
    scan_verdicts.save_unsaved(session)  # what their flags were judged on: kept for every later re-flag
    return (flag_keys.records_with_keys(session, keys) | change.touched) - change.records


def reflag_peers(session: Session, record_ids: Iterable[int]) -> list[int]:
    """``flags.reflag`` of a change's peers from what is known (module docstring): their numbers and
    exact files found for them alone, their reused scans the kept verdicts. Returns the ids whose
    flags changed."""
    ids = sorted(set(record_ids))
    return flags.reflag(session, ids, flag_index.hits_of_records(session, ids) if ids else None)


def _stored(session: Session, record_ids: list[int]) -> set[tuple[int, str, str]]:
    """These records' ``flag_keys`` — certificate numbers and exact files, not tiles — as (record, key, sha)."""
    columns = [FlagKey.record_id, FlagKey.key, FlagKey.sha256]
    return {
        (rid, key, sha) for rid, key, sha in db.rows_where_in(session, columns, FlagKey.record_id, record_ids)
    }


def _judge_around(session: Session, record_id: int, added: set[str], removed: set[str]) -> set[int]:
    """Judge the pairs other scans' rankings make with the record's scans just added, and look up
    again the scans whose candidates held one just removed. Returns the records a new "same" verdict
    of the latter concerns (the former's are found by ``same_of`` of the record's scans).

    The neighbourhood: every scan holding a (non-common) key these scans hold or ask, and the
    record's own scans (:func:`_scans_with_keys`: not the neighbours' other pages); each is ranked
    among them with the removed scans still in (as ``top`` grows by the changed scans, leaving one
    side's out keeps the other side's order)."""
    changed = added | removed
    if not changed:
        return set()
    blobs = flag_keys.blob_rows(session, changed)
    probe = {"id": record_id, "materials": [{"images": [{"sha256": sha} for sha in sorted(changed)]}]}
    looked = flag_keys.lookup_keys(session, [probe], blobs)
    keys = {key for key, _ in looked.keys[record_id]}
    keys |= {
        tile
        for sha in changed
        if sha in blobs
        for tile in scan_tiles.stored_tiles(blobs[sha].scan_hash or "")
    }
    keys -= flag_keys.common_tiles(session, {key for key in keys if isinstance(key, int)}, known=looked)
    around = {(rid, sha) for rid, sha in _scans_with_keys(session, keys) if rid != record_id}
    if not around:
        return set()
    scans = around | set(_scans_of(session, {record_id}))
    scans |= {(record_id, sha) for sha in removed if sha in blobs and not blobs[sha].sample}
    ranked = flag_index.part_candidates(session, scans, flags.TILE_CANDIDATES + len(changed))
    mine_added = {(record_id, sha) for sha in added}
    mine_removed = {(record_id, sha) for sha in removed}
    judged = {other for others in scan_verdicts.judged_with(session, removed).values() for other in others}
    pairs: set[tuple[str, str]] = set()
    again: set[tuple[int, str]] = set()
    asking: list[tuple[str, list[tuple[int, str]]]] = []  # (P, its first by tiles up to a new scan of N's)
    for (rid, sha), best in ranked.items():
        if rid == record_id:
            continue  # its own look-up is the record's snapshot's
        with_added = [c for c in best if c not in mine_removed][: flags.TILE_CANDIDATES]
        for n, candidate in enumerate(with_added):
            if candidate in mine_added:
                asking.append((sha, with_added[: n + 1]))
        with_removed = [c for c in best if c not in mine_added][: flags.TILE_CANDIDATES]
        if sha in judged and any(c in mine_removed for c in with_removed):
            again.add((rid, sha))  # a removed scan may have been among those it compared
    pairs |= {(sha, ahead[-1][1]) for sha, ahead in _compared_last(session, asking)}
    judge = scan_verdicts.Judge(session)
    judge.prepare(pairs)
    for a, b in sorted(pairs):
        judge.same(a, b)
    return _look_up_again(session, judge, again)


def _compared_last(
    session: Session, asking: list[tuple[str, list[tuple[int, str]]]]
) -> list[tuple[str, list[tuple[int, str]]]]:
    """Those of ``asking`` (a scan, its candidates by tiles up to and with a new scan last) whose last
    is among what the second stage keeps of them (``flags.nearest_candidates``: the
    ``flags.MAX_CONFIRMED`` nearest by print, ties to those ahead) — fewer than that many ahead of it
    are as near. Scans ranked after it are left out: the whole database's look-up may rank others
    between, so only those ahead of it surely compete with it."""
    kept = flags.nearest_candidates(session, asking)
    return [(sha, ahead) for (sha, ahead), nearest in zip(asking, kept, strict=True) if ahead[-1] in nearest]


def _scans_with_keys(session: Session, keys: set[flag_keys.Key]) -> set[tuple[int, str]]:
    """(record, sha) of each scan holding one of these keys: ``x:`` files and tiles (the ``x:`` rows
    say whose). Not the other scans of their records: a scan holding none of the keys is not found by
    the changed scans' look-up, and left out of the ranking it can only let a changed scan rank
    higher (module docstring). Their records' other pages were half the scans ranked (1,171 → ~550
    at 4,871 scans, docs/PERFORMANCE.md)."""
    texts = {key for key in keys if isinstance(key, str)}
    columns = [FlagKey.record_id, FlagKey.sha256]
    found = {(rid, sha) for rid, sha in db.rows_where_in(session, columns, FlagKey.key, texts) if sha}
    tiles = {key for key in keys if isinstance(key, int)}
    return found | {(rid, sha) for _, rid, sha in flag_keys.tile_holders(session, tiles)}


def _scans_of(session: Session, record_ids: set[int]) -> list[tuple[int, str]]:
    """(record, sha) of each scan these records hold (their ``x:`` keys; shared samples have none)."""
    columns = [FlagKey.record_id, FlagKey.sha256]
    held = (FlagKey.key >= "x:", FlagKey.key < "y")
    return [
        (rid, sha) for rid, sha in db.rows_where_in(session, columns, FlagKey.record_id, record_ids, *held)
    ]


def _look_up_again(session: Session, judge: scan_verdicts.Judge, scans: set[tuple[int, str]]) -> set[int]:
    """These (record, scan) looked up afresh, each scan alone, and their candidates judged; returns the
    records of every pair judged the same (both sides)."""
    if not scans:
        return set()
    images: dict[int, list[dict[str, Any]]] = {}
    for rid, sha in sorted(scans):
        images.setdefault(rid, []).append({"sha256": sha})
    snapshots = [{"id": rid, "materials": [{"images": held}]} for rid, held in images.items()]
    found = flags._lookup_hits(session, snapshots, flag_keys.blob_rows(session, {sha for _, sha in scans}))
    touched: set[int] = set()
    others: set[str] = set()
    for rid, hits in found.items():
        for sha, candidates in hits.candidates.items():
            for other_id, other in candidates:
                if judge.same(sha, other):
                    touched |= {rid, other_id}
                    others.add(other)
    held = flags._holders(session, others)
    return touched | {rid for holders in held.values() for rid in holders}
