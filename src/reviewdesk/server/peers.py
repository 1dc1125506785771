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
stored scan P whose first ``flags.MAX_CONFIRMED`` candidates, now that a new scan N exists, hold N
although N's hold other pages — a copy stored before its original — gets (P, N) judged; and a scan
whose candidates held a scan now gone gets a fresh look-up (another scan takes its place). Whether N is
among P's candidates is decided among the scans around N (``flag_index.part_candidates``), where N can
only rank higher than in the whole database: a pair is judged when it may be a candidate, never missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewdesk.domain import scan_checks
from reviewdesk.server import flag_index, flags, scan_verdicts
from reviewdesk.server.models import FlagKey


def update_matches(session: Session, snapshot: Mapping[str, Any]) -> tuple[bool, set[int]]:
    """Store a changed record's keys from its snapshot (built in the change's transaction) and judge
    the pairs only its neighbours' rankings make (:func:`_judge_around`). Returns whether its keys
    changed (then build its snapshot again: its matches are judged against the keys just stored) and
    the other records whose flags it can change — pass them to :func:`reflag_peers` after
    ``log_change``. Every writer that changes a record's materials calls this."""
    record_id = int(snapshot["id"])
    before = _stored(session, record_id)
    flags.update_keys(session, [snapshot])
    after = _stored(session, record_id)
    held_before, held_after = _held(before), _held(after)
    touched = _judge_around(session, record_id, held_after - held_before, held_before - held_after)
    shas = held_before | held_after
    same = scan_verdicts.same_of(session, shas)  # with what was judged in this transaction
    keys = {key for key, _ in before | after if key.startswith("n:")}
    keys |= {f"x:{sha}" for sha in shas | {other for others in same.values() for other in others}}
    scan_verdicts.save_unsaved(session)  # what its flags were judged on: kept for every later re-flag
    peers = flags.records_with_keys(session, keys) | touched
    return {k for k, _ in before} != {k for k, _ in after}, peers - {record_id}


def reflag_peers(session: Session, record_ids: Iterable[int]) -> list[int]:
    """``flags.reflag`` of a change's peers from what is known (module docstring): their numbers and
    exact files found for them alone, their reused scans the kept verdicts. Returns the ids whose
    flags changed."""
    ids = sorted(set(record_ids))
    return flags.reflag(session, ids, flag_index.hits_of_records(session, ids) if ids else None)


def _stored(session: Session, record_id: int) -> set[tuple[str, str]]:
    """The record's ``flag_keys`` as (key, sha)."""
    rows = session.execute(select(FlagKey.key, FlagKey.sha256).where(FlagKey.record_id == record_id))
    return {(key, sha) for key, sha in rows}


def _held(keys: Iterable[tuple[str, str]]) -> set[str]:
    return {sha for key, sha in keys if key.startswith("x:")}


def _judge_around(session: Session, record_id: int, added: set[str], removed: set[str]) -> set[int]:
    """Judge the pairs other scans' rankings make with the record's scans just added, and look up
    again the scans whose candidates held one just removed. Returns the records a new "same" verdict
    of the latter concerns (the former's are found by ``same_of`` of the record's scans).

    The neighbourhood: every record holding a (non-common) key these scans hold or ask, and their
    scans; each is ranked among them with the removed scans still in (as ``top`` grows by the changed
    scans, leaving one side's out keeps the other side's order)."""
    changed = added | removed
    if not changed:
        return set()
    blobs = flags._blob_rows(session, changed)
    probe = {"id": record_id, "materials": [{"images": [{"sha256": sha} for sha in sorted(changed)]}]}
    keys = {key for key, _ in flags._lookup_keys(session, [probe], blobs)[record_id]}
    keys |= {f"s:{tile}" for sha in changed if sha in blobs for tile in scan_checks.hash_bands(
        blobs[sha].scan_hash or "")}  # fmt: skip
    keys -= flags._common_bands(session, {key for key in keys if key.startswith("s:")})
    around = flags.records_with_keys(session, keys) - {record_id}
    if not around:
        return set()
    scans = {(rid, sha) for rid, sha in _scans_of(session, around | {record_id})}
    scans |= {(record_id, sha) for sha in removed if sha in blobs and not blobs[sha].sample}
    ranked = flag_index.part_candidates(session, scans, flags.MAX_CONFIRMED + len(changed))
    mine_added = {(record_id, sha) for sha in added}
    mine_removed = {(record_id, sha) for sha in removed}
    pairs: set[tuple[str, str]] = set()
    again: set[int] = set()
    for (rid, sha), best in ranked.items():
        if rid == record_id:
            continue  # its own look-up is the record's snapshot's
        with_added = [c for c in best if c not in mine_removed][: flags.MAX_CONFIRMED]
        pairs |= {(sha, other) for c in with_added if c in mine_added for other in [c[1]]}
        with_removed = [c for c in best if c not in mine_added][: flags.MAX_CONFIRMED]
        if any(c in mine_removed for c in with_removed):
            again.add(rid)
    judge = scan_verdicts.Judge(session)
    judge.prepare(pairs)
    for a, b in sorted(pairs):
        judge.same(a, b)
    return _look_up_again(session, judge, again)


def _scans_of(session: Session, record_ids: set[int]) -> list[tuple[int, str]]:
    """(record, sha) of each scan these records hold (their ``x:`` keys; shared samples have none)."""
    query = select(FlagKey.record_id, FlagKey.sha256).where(FlagKey.key >= "x:", FlagKey.key < "y")
    out: list[tuple[int, str]] = []
    ids = sorted(record_ids)
    for start in range(0, len(ids), 900):
        rows = session.execute(query.where(FlagKey.record_id.in_(ids[start : start + 900])))
        out += [(rid, sha) for rid, sha in rows]
    return out


def _look_up_again(session: Session, judge: scan_verdicts.Judge, record_ids: set[int]) -> set[int]:
    """These records' scans looked up afresh and their candidates judged; returns the records of every
    pair judged the same (both sides)."""
    if not record_ids:
        return set()
    from reviewdesk.server.records import material_rows

    ids = sorted(record_ids)
    materials = material_rows(session, ids)
    snapshots = [{"id": rid, "materials": materials.get(rid, [])} for rid in ids]
    found = flags._lookup_hits(session, snapshots, flags._blob_rows(session, flags._image_shas(snapshots)))
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
