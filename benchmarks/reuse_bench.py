"""Reused scans, measured: ``python benchmarks/reuse_bench.py [--pages 30] [--db-pages 500] [--seed 1] [--why]``.

The hard case for 预审提示's "the same scan on two candidates": two people's certificates of one
template, scanned flat — the same background at the same place, differing only in the lines of text
(name, dates, numbers). They must **not** match; the same scan re-uploaded must. The pages are drawn by
the demo's certificate painter (``server.demo.scans.ScanPainter.page``: its 毕业证书 and 专业技术资格证书
backgrounds, lines written from drawn people), ``--pages`` per template, saved as JPEG q80 (the
"original scan"). Each original is then changed the ways a phone photo re-scanned or a screenshot
changes it:

* ``quality``: re-saved at JPEG quality 25–95;
* ``resize``: scaled ×0.5–1 or ×1–2 (bicubic), re-saved q60–95;
* ``crop``: 0–4 % cut off each side independently, re-saved;
* ``rotate``: turned by up to ±2° (the corners filled with paper), re-saved;
* ``relit``: brightness ×0.75–1.2, contrast ×0.7–1.3, gamma 0.7–1.4, re-saved;
* ``combined``: turned, cropped, re-lit, scaled and re-saved q35–90 at once.

Per transformation: **recall** = copies found (a key the copy looks up, ``scan_checks.probe_keys``, that
the original is stored under, ``hash_bands``, and that is not common) and confirmed by
``scan_checks.same_scan``. **Look-up at 10^5 scans**: ``--db-pages`` more pages per template are drawn
(keys only) and a key counts only if it is on at most ``MAX_SHARED_BAND × pages / 100,000`` of them (at
least 1: the original's own) — the share of pages a key may be on for it to stay under
``MAX_SHARED_BAND`` records in a database of 10^5 scans of these two templates; how many other pages
such a key hands to the confirmation is its cost (the server compares the ``MAX_CONFIRMED`` pages
sharing most keys, of as many keys those whose probes flipped fewest bits, ``flags.ranked``: an original
with fewer than those, or as many, is counted missed — "if ties went its way": only fewer). ``--sizes N,…``: the same
estimate from the first N database pages per template too — how it moves with the database's size (with
5,000 pages or more in all, "at most 1" is no longer rounded up: the share is the server's own). ``--rank-caps C,…``: the
same at 10^5 if keys on up to C records voted (common ones no longer skipped) and the 4 pages with most
votes were compared, ties counted against the original. ``--why``: for each copy missed at
``--db-pages``, why — (a) its original met but ranked below the ``MAX_CONFIRMED`` compared, (b) no tile
of the original's own met (per grid, how many bits the copy's tile at the same place is off, and how many
of those its probes cannot flip), (c) compared but not confirmed — and the count per kind and cause.
``--rerank N``: the server's second stage at ``--db-pages`` — the first N pages by tiles
(default ``flags.TILE_CANDIDATES``, as the server) ordered again by how near their prints are
(``scan_nearness.nearest``: block means, unaligned — what ``flags.nearest_candidates`` keeps) before
the ``MAX_CONFIRMED`` nearest are compared; ``--rerank 0``: without it (tiles, then bits, only). ``--cache FILE.npz``: the drawn prints
(every key and print here is a function of a scan's print) are kept and read back by later runs of the
same ``--pages``, ``--db-pages``, ``--seed``. ``--probe-flips N,…``: the look-up's figures (recall at
each size, keys asked, the look-up's SQL) for each of these ``scan_checks.KEY_PROBE_FLIPS`` in the same
run, on the same prints (figures named ``…_flipsN``; what is stored does not depend on it, nor does the
other direction's confirmation). The other direction, the **false-match rate** = pairs
of different pages of one template that ``same_scan`` takes for one scan (every pair), and of a copy
against the template's other pages. Speed: the fingerprint and all checks of a 4000×3000 JPEG (CPU
time), one confirmation, and the look-up's SQL at that size (SQLite, ``flag_keys``' shape) per 10^5
scans. Goals (issue 17): recall ≥ 95 % per transformation, false matches ≤ 2 %, checks ≤ 40 ms.
"""

from __future__ import annotations

import argparse
import io
import itertools
import random
import sqlite3
import statistics
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance

from _report import line
from reviewdesk.domain import scan_checks, scan_nearness
from reviewdesk.server.demo.scans import PERSONAL_KINDS, ScanPainter, certificate_lines
from reviewdesk.server.flag_keys import MAX_SHARED_BAND
from reviewdesk.server.flags import MAX_CONFIRMED, TILE_CANDIDATES

RECALL_GOAL = 0.95
FALSE_GOAL = 0.02
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌"
SUBJECTS = ("临床医学", "护理学", "药学", "医学检验技术", "中医学", "医学影像技术")
SCHOOLS = ("湖北医药学院", "江汉大学", "长江大学", "三峡大学", "湖北科技学院")


def person(rng: random.Random) -> tuple[str, str, date, dict[str, str]]:
    """A drawn candidate: name, gender, birth date and the fields a certificate prints."""
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    birth = date(rng.randrange(1965, 2002), rng.randrange(1, 13), rng.randrange(1, 29))
    graduated = date(birth.year + 21 + rng.randrange(0, 4), 7, 1)
    fields = {
        "入学时间": date(graduated.year - 4, 9, 1).isoformat(),
        "毕业时间": graduated.isoformat(),
        "所学专业": rng.choice(SUBJECTS),
        "学制": rng.choice(("三年", "四年", "五年")),
        "学历层级": rng.choice(("大专", "本科")),
        "毕业学校": rng.choice(SCHOOLS),
        "毕业证号": "".join(str(rng.randrange(10)) for _ in range(18)),
        "专业": rng.choice(SUBJECTS),
        "资格级别": rng.choice(("初级(士)", "初级(师)", "中级")),
        "资格系列": "卫生",
        "批准日期": date(rng.randrange(2005, 2025), rng.randrange(1, 13), 1).isoformat(),
        "证书编号": "".join(str(rng.randrange(10)) for _ in range(12)),
    }
    return name, rng.choice(("male", "female")), birth, fields


def jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


PAPER = (250, 247, 240)


def _cut(image: Image.Image, rng: random.Random) -> Image.Image:
    w, h = image.size
    return image.crop(
        (
            int(w * rng.uniform(0, 0.04)),
            int(h * rng.uniform(0, 0.04)),
            w - int(w * rng.uniform(0, 0.04)),
            h - int(h * rng.uniform(0, 0.04)),
        )
    )


def _scaled(image: Image.Image, scale: float) -> Image.Image:
    return image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.BICUBIC)


def _scale(rng: random.Random) -> float:
    return rng.choice((rng.uniform(0.5, 1.0), rng.uniform(1.0, 2.0)))


def _turned(image: Image.Image, rng: random.Random) -> Image.Image:
    return image.rotate(rng.uniform(-2.0, 2.0), Image.Resampling.BICUBIC, fillcolor=PAPER)


def _relit(image: Image.Image, rng: random.Random) -> Image.Image:
    image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.75, 1.2))
    image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.7, 1.3))
    gamma = rng.uniform(0.7, 1.4)
    return image.point(lambda v: int(255 * (v / 255) ** gamma))


TRANSFORMS: dict[str, Callable[[Image.Image, random.Random], bytes]] = {
    "quality": lambda page, rng: jpeg(page, rng.randrange(25, 96)),
    "resize": lambda page, rng: jpeg(_scaled(page, _scale(rng)), rng.randrange(60, 96)),
    "crop": lambda page, rng: jpeg(_cut(page, rng), rng.randrange(60, 96)),
    "rotate": lambda page, rng: jpeg(_turned(page, rng), rng.randrange(60, 96)),
    "relit": lambda page, rng: jpeg(_relit(page, rng), rng.randrange(60, 96)),
    "combined": lambda page, rng: jpeg(
        _scaled(_relit(_cut(_turned(page, rng), rng), rng), _scale(rng)), rng.randrange(35, 91)
    ),
}


def fingerprint(data: bytes) -> tuple[set[str], str, bytes]:
    """(keys it is stored under, its hash: what it looks up by, print) of one scan's bytes."""
    report = scan_checks.check_scan(data)
    return set(scan_checks.hash_bands(report.hash)), report.hash, report.print


@dataclass(frozen=True)
class Drawn:
    """The run's prints (``scan_checks.PRINT_SIZE`` ink levels, uint8): what every figure here is
    computed from — a scan's keys and its confirmation print are functions of its print alone
    (``scan_checks.fingerprint``), so a cached run (``--cache``) gives the same figures without drawing
    and decoding ~5,000 pages again (~20 min of CPU)."""

    originals: np.ndarray
    template_of: np.ndarray
    copies: np.ndarray
    how: np.ndarray
    copy_of: np.ndarray
    db: np.ndarray
    db_template: np.ndarray


def levels_of(data: bytes) -> np.ndarray:
    """The print of one scan's bytes as ink levels (uint8, ``scan_checks.PRINT_SIZE``)."""
    printed = scan_checks.check_scan(data).print
    width, height = scan_checks.PRINT_SIZE
    return np.frombuffer(zlib.decompress(printed), np.uint8).reshape(height, width)


def from_print(levels: np.ndarray) -> Original:
    """(stored keys, hash, print) as ``scan_checks.fingerprint`` makes them from this print."""
    keys = scan_checks.print_keys(levels.astype(np.float32) / 255)
    text = f"{scan_checks.HASH_FORMAT}:" + " ".join(keys)
    return set(scan_checks.hash_bands(text)), text, zlib.compress(levels.tobytes(), 6)


def drawn_prints(pages: int, db_pages: int, seed: int, cache: Path | None) -> Drawn:
    """Draw (or read from ``cache``) the originals, their copies and the database's pages."""
    if cache is not None and cache.exists():
        with np.load(cache) as saved:
            return Drawn(**{name: saved[name] for name in Drawn.__dataclass_fields__})
    rng = random.Random(f"reuse-bench:{seed}")
    painter = ScanPainter()
    originals, template_of, copies, how, copy_of = [], [], [], [], []
    for kind, title in PERSONAL_KINDS.items():
        drawn = [painter.page(title, certificate_lines(kind, *person(rng))) for _ in range(pages)]
        for page in drawn:
            originals.append(levels_of(jpeg(page, 80)))
            template_of.append(title)
            for name, transform in TRANSFORMS.items():
                copies.append(levels_of(transform(page, rng)))
                how.append(name)
                copy_of.append(len(originals) - 1)
    db, db_template = [], []
    for kind, title in PERSONAL_KINDS.items():
        for _ in range(db_pages):
            page = painter.page(title, certificate_lines(kind, *person(rng)))
            db.append(levels_of(jpeg(page, 80)))
            db_template.append(title)
    result = Drawn(
        np.array(originals),
        np.array(template_of),
        np.array(copies),
        np.array(how),
        np.array(copy_of),
        np.array(db),
        np.array(db_template),
    )
    if cache is not None:
        np.savez_compressed(cache, **{name: getattr(result, name) for name in Drawn.__dataclass_fields__})
    return result


def both_ways(a: bytes, b: bytes) -> float:
    return (scan_checks.print_difference(a, b) + scan_checks.print_difference(b, a)) / 2


def cpu_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def speed(page: Image.Image, prints: list[bytes]) -> None:
    """CPU time of the checks of a 4000×3000 JPEG (draft-decoded) and of one confirmation."""
    big = jpeg(_scaled(page, 4000 / page.width).resize((4000, 3000)), 88)
    scan_checks.check_scan(big)
    checks = cpu_ms(lambda: scan_checks.check_scan(big), 15)
    line("reuse_scan_checks_4000x3000_cpu_ms", checks, "ms", "≤40", checks <= 40, ".1f")
    grey, _ = scan_checks.working_copy(big)
    line(
        "reuse_fingerprint_cpu_ms", cpu_ms(lambda: scan_checks.fingerprint(grey), 15), "ms", "-", None, ".1f"
    )
    pairs = list(itertools.pairwise(prints))[:20]
    compare = cpu_ms(lambda: [scan_checks.same_scan(a, b) for a, b in pairs], 3) / len(pairs)
    line("reuse_confirmation_cpu_ms", compare, "ms", "-", None, ".1f")


def lookup_sql(stored: list[set[str]], hashes: list[str], common_over: int) -> float:
    """Seconds per 10^5 look-ups of the server's queries (``server.flags._matches``: which stored keys
    are common, which of the probes are, then who holds the rest) on a ``flag_keys``-shaped SQLite
    table of every page's keys."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE flag_keys (id INTEGER PRIMARY KEY, record_id INTEGER, key TEXT, sha256 TEXT)")
    db.execute("CREATE INDEX ix_key ON flag_keys (key)")
    db.executemany(
        "INSERT INTO flag_keys (record_id, key, sha256) VALUES (?, ?, '')",
        ((i, f"s:{key}") for i, keys in enumerate(stored) for key in keys),
    )

    def common(keys: list[str]) -> set[str]:
        found: set[str] = set()
        for at in range(0, len(keys), 900):
            chunk = keys[at : at + 900]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key FROM flag_keys WHERE key IN ({marks}) GROUP BY key HAVING count(*) > ?"
            found.update(row[0] for row in db.execute(query, (*chunk, common_over)))
        return found

    started = time.process_time()
    asked = 0
    for text in hashes:
        skip = {key[2:] for key in common([f"s:{key}" for key in scan_checks.hash_bands(text)])}
        wanted = sorted(f"s:{key}" for key in scan_checks.probe_keys(text, skip))
        rest = sorted(set(wanted) - common(wanted))
        asked += len(wanted)
        for at in range(0, len(rest), 900):
            chunk = rest[at : at + 900]
            marks = ",".join("?" * len(chunk))
            db.execute(f"SELECT key, record_id FROM flag_keys WHERE key IN ({marks})", chunk).fetchall()
    seconds = (time.process_time() - started) * 100_000 / len(hashes)
    print(f"#   look-up: {asked / len(hashes):.0f} keys asked per scan, {len(stored)} pages' keys stored")
    return seconds


def stage_cpu_ms(pages: list[bytes], copies: list[bytes], top: int) -> float:
    """CPU ms of the server's second stage for one upload (``flags.nearest_candidates``: ``top``
    candidates' and the copy's prints read from a ``blobs`` table — SQLite, every page's print stored —,
    decoded, their block means compared), median over the copies, each with ``top`` pages for
    candidates: what a scan with more than ``MAX_CONFIRMED`` candidates adds to its look-up."""
    from sqlalchemy import create_engine, insert
    from sqlalchemy.orm import Session

    from reviewdesk.server.flags import nearest_candidates
    from reviewdesk.server.models import Blob

    engine = create_engine("sqlite://")
    Blob.__table__.create(engine)
    prints = [*pages, *copies]
    with Session(engine) as session:
        session.execute(
            insert(Blob),
            [
                {"sha256": f"{n:064x}", "size": 0, "mime": "image/jpeg", "created_at": datetime(2026, 1, 1, tzinfo=UTC),
                 "scan_print": data}
                for n, data in enumerate(prints)
            ],
        )  # fmt: skip
        session.commit()
        rng = random.Random(1)
        times = []
        for copy in range(len(pages), len(prints)):
            asked = [(f"{copy:064x}", [(n, f"{n:064x}") for n in rng.sample(range(len(pages)), top)])]
            started = time.process_time()
            nearest_candidates(session, asked)
            times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


Original = tuple[set[str], str, bytes]
Copy = tuple[str, int, str, bytes]


def tile_bits(text: str) -> dict[str, int]:
    """Each tile's bits as a number by its position (``"grid.row.column"``): what a probe of it is
    compared with to count the bits it flipped (the server counts them on ``scan_tiles`` integers)."""
    return {tag: int(bits, 16) for tag, bits, _ in scan_checks.hash_parts(text)}


def flips_of(text: str, probes: set[str]) -> dict[str, int]:
    """How many bits of the scan's own tile (``text``: its hash) each of its probes has the other way
    (what ``flags.ranked`` counts among candidates of as many shared tiles)."""
    own = tile_bits(text)
    return {key: (int(key.split(":")[1], 16) ^ own[key.split(":")[0]]).bit_count() for key in probes}


def at_size(
    originals: list[Original],
    copies: list[Copy],
    same: list[bool],
    db: list[list[set[str]]],
    main: bool,
    why: bool = False,
    rerank: tuple[int, list[np.ndarray], list[np.ndarray]] | None = None,
    tag: str = "",
) -> None:
    """Recall at 10^5 scans estimated from a database of the originals and ``db`` (per template: its
    pages' stored keys): a key counts if it is on at most ``MAX_SHARED_BAND`` × pages / 100,000 of them
    (at least 1: the original's own) and the original is among the ``MAX_CONFIRMED`` pages sharing most
    counted keys with the copy's probes, of as many keys those whose probes flipped fewer bits
    (``flags.ranked``) — pages with as many keys and bits counted ahead of it (the server breaks the ties
    left by record id, which says nothing about which is the copy's original). At 5,000 pages and more, "at most 1" is no longer rounded up:
    a key on one page in 5,000 is on 20 in 100,000 (of these two templates)."""
    stored = [keys for keys, _, _ in originals] + [keys for pages in db for keys in pages]
    large = Counter(key for keys in stored for key in keys)
    limit = max(1, MAX_SHARED_BAND * len(stored) // 100_000)
    common = {key for key, n in large.items() if n > limit}
    holders: dict[str, list[int]] = {}
    for index, keys in enumerate(stored):
        for key in keys:
            if large[key] <= limit:
                holders.setdefault(key, []).append(index)
    found, confirmed, unless_tied, count = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    handed, asked, behind = [], [], 0
    causes: Counter[tuple[str, str]] = Counter()
    for (how, index, copy_hash, copy_print), confirms in zip(copies, same, strict=True):
        probes = set(scan_checks.probe_keys(copy_hash, common))
        asked.append(len(probes - common))
        usable = {key for key in probes & stored[index] if large[key] <= limit}
        flipped = flips_of(copy_hash, probes)
        votes, flips = Counter[int](), Counter[int]()
        for key in probes:
            for i in holders.get(key, ()):
                if i != index:
                    votes[i] += 1
                    flips[i] += flipped[key]
        mine = (len(usable), -sum(flipped[key] for key in usable))  # as flags.ranked: tiles, then bits
        ranks = [(n, -flips[i]) for i, n in votes.items()]  # flipped (fewest first), then record id
        ahead = sum(rank > mine for rank in ranks)  # the server confirms the top few,
        tied = sum(rank == mine for rank in ranks)  # ties by record id: counted against it
        compared, if_won = ahead + tied < MAX_CONFIRMED, ahead < MAX_CONFIRMED
        if rerank is not None and usable:
            compared, if_won = reranked(
                rerank, copies.index((how, index, copy_hash, copy_print)), index, votes, flips, mine
            )
        count[how] += 1
        found[how] += bool(usable)
        confirmed[how] += bool(usable) and confirms and compared
        unless_tied[how] += bool(usable) and confirms and if_won
        handed.append(min(len(votes) + bool(usable), MAX_CONFIRMED))
        behind += bool(usable) and not compared
        if why and not (usable and confirms and compared):
            cause, detail = miss_cause(
                originals[index], copy_hash, copy_print, usable, confirms, ranks, mine, limit, large
            )
            causes[how, cause] += 1
            print(f"#   missed {how} copy of original {index}: {cause} — {detail}")
    suffix = ("" if main else f"_from_{len(stored)}_pages") + tag
    for how in TRANSFORMS:
        rate = confirmed[how] / count[how]
        line(f"reuse_recall_{how}_at_1e5{suffix}", 100 * rate, "%", "≥95", rate >= RECALL_GOAL, ".1f")
    overall = sum(confirmed.values()) / sum(count.values())
    line(f"reuse_recall_all_at_1e5{suffix}", 100 * overall, "%", "≥95", overall >= RECALL_GOAL, ".1f")
    unique = statistics.median(sum(large[key] <= limit for key in keys) for keys, _, _ in originals)
    print(
        f"#   at 10^5 from {len(stored)} pages: a key counts if on ≤ {limit} of them; "
        + ", ".join(
            f"{how} {found[how]} found, {confirmed[how]} confirmed ({unless_tied[how]} if ties went its way)"
            for how in TRANSFORMS
        )
        + f"; an original's keys that count: median {unique:g}; keys a copy asks that are not common: mean "
        f"{statistics.mean(asked):.0f}; pages compared per look-up (the {MAX_CONFIRMED} sharing most keys): "
        f"mean {statistics.mean(handed):.1f}; originals not among them: {behind}"
    )
    if why:
        print(
            "#   why missed: "
            + ", ".join(
                f"{how}: "
                + " ".join(f"{cause} {n}" for (kind, cause), n in sorted(causes.items()) if kind == how)
                for how in TRANSFORMS
                if any(kind == how for kind, _ in causes)
            )
        )


def reranked(
    rerank: tuple[int, list[np.ndarray], list[np.ndarray]],
    copy: int,
    index: int,
    votes: Counter[int],
    flips: Counter[int],
    mine: tuple[int, int],
) -> tuple[bool, bool]:
    """Whether the original is among the ``MAX_CONFIRMED`` compared by the server's second stage —
    (every tie lost, every tie won): the first ``top`` pages by tiles, then bits (``flags.ranked``),
    the original last (first) of its ties, kept by ``scan_nearness.nearest`` to the copy's print as
    ``flags.nearest_candidates`` keeps them (of as near, the first by tiles)."""
    top, copy_blocks, page_blocks = rerank
    order = sorted(votes, key=lambda i: (-votes[i], flips[i]))
    ahead = [i for i in order if (votes[i], -flips[i]) > mine]
    tied = [i for i in order if (votes[i], -flips[i]) == mine]
    behind = [i for i in order if (votes[i], -flips[i]) < mine]
    compared = []
    for pool in ([*ahead, *tied, index, *behind], [*ahead, index, *tied, *behind]):
        first = pool[:top]
        kept = scan_nearness.nearest(copy_blocks[copy], [page_blocks[i] for i in first], MAX_CONFIRMED)
        compared.append(index in {first[k] for k in kept})
    return compared[0], compared[1]


def miss_cause(
    original: Original,
    copy_hash: str,
    copy_print: bytes,
    usable: set[str],
    confirms: bool,
    ranks: list[tuple[int, int]],
    mine: tuple[int, int],
    limit: int,
    large: Counter[str],
) -> tuple[str, str]:
    """Why a copy's original was not confirmed at this size, and the figures that say so:

    * ``(b) no tile``: none of the copy's probes met one of the original's tiles that is not common —
      per grid, how many of the original's own (not common) tiles the copy has a tile at the same place
      for, and how many bits those are off (the probes reach ≤ ``KEY_PROBE_FLIPS`` of the copy's
      ``KEY_PROBE_BITS`` least certain bits);
    * ``(a) ranked below``: met, but other pages shared more tiles (or as many, with as few bits);
    * ``(c) not confirmed``: among the pages compared, but ``same_scan`` said no (its difference)."""
    _, original_hash, original_print = original
    if usable and not confirms:
        return "(c) not confirmed", f"print difference {both_ways(original_print, copy_print):.3f}"
    if usable:
        ahead = sorted((rank for rank in ranks if rank >= mine), reverse=True)[:6]
        return "(a) ranked below", f"it: {mine[0]} tiles, {-mine[1]} bits; at or ahead of it: {ahead}"
    theirs = tile_bits(original_hash)
    ours = {tag: (value, set(uncertain)) for tag, value, uncertain in _tiles_with_doubt(copy_hash)}
    off: dict[str, list[str]] = {}
    for tag, value in theirs.items():
        if large[f"{tag}:{value:012x}"] > limit:
            continue  # the template's: common, asked as stored only
        grid = tag.split(".")[0]
        if tag not in ours:
            off.setdefault(grid, []).append("-")
            continue
        bits, doubtful = ours[tag]
        wrong = {47 - b for b in range(48) if (bits ^ value) >> b & 1}
        off.setdefault(grid, []).append(f"{len(wrong)}/{len(wrong - doubtful)}")
    detail = "; ".join(f"grid {grid}: {' '.join(sorted(marks))}" for grid, marks in sorted(off.items()))
    return "(b) no tile", f"own tiles (bits off / of them not probed) {detail or 'none'}"


def _tiles_with_doubt(text: str) -> list[tuple[str, int, bytes]]:
    """(position, bits, the cells of its least certain bits) of each tile of a hash."""
    return [
        (tag, int(bits, 16), bytes.fromhex(uncertain))
        for tag, bits, uncertain in scan_checks.hash_parts(text)
    ]


def rank_caps(
    caps: list[int], originals: list[Original], copies: list[Copy], same: list[bool], stored: list[set[str]]
) -> None:
    """The same at 10^5 if keys on up to C records voted (common ones no longer skipped) and the
    ``MAX_CONFIRMED`` pages with most votes were compared, ties counted against the original."""
    large = Counter(key for keys in stored for key in keys)
    limits = {cap: max(1, cap * len(stored) // 100_000) for cap in caps}
    voters: dict[str, list[int]] = {}
    for index, keys in enumerate(stored):
        for key in keys:
            if large[key] <= max(limits.values()):
                voters.setdefault(key, []).append(index)
    for cap, cap_limit in limits.items():
        capped, count = Counter[str](), Counter[str]()
        over = {key for key, n in large.items() if n > cap_limit}
        for (how, index, copy_hash, _), confirms in zip(copies, same, strict=True):
            tiles = set(scan_checks.probe_keys(copy_hash, over))
            ballots = Counter(i for key in tiles if large[key] <= cap_limit for i in voters.get(key, ()))
            mine = ballots.pop(index, 0)
            ahead = sum(votes >= mine for votes in ballots.values())  # ties counted against the original
            count[how] += 1
            capped[how] += bool(mine) and confirms and ahead < MAX_CONFIRMED
        rate = sum(capped.values()) / sum(count.values())
        line(
            f"reuse_recall_all_at_1e5_keys_on_up_to_{cap}_vote",
            100 * rate,
            "%",
            "≥95",
            rate >= RECALL_GOAL,
            ".1f",
        )
        shares = ", ".join(f"{how} {capped[how]}/{count[how]}" for how in TRANSFORMS)
        print(
            f"#   at 10^5, keys on up to {cap} records vote (≤ {cap_limit} of {len(stored)} pages): {shares}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=30, help="pages per template, each copied every way")
    parser.add_argument("--db-pages", type=int, default=500, help="more pages per template (keys only)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--sizes",
        default="",
        help="also estimate the recall at 10^5 from these many database pages per template (comma-separated)",
    )
    parser.add_argument(
        "--rank-caps",
        default="",
        help="also: recall at 10^5 when keys on up to N records vote (comma-separated N)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="an .npz of the drawn prints: read if it exists (same --pages, --db-pages, --seed), else written",
    )
    parser.add_argument(
        "--why",
        action="store_true",
        help="at --db-pages: why each missed copy was missed (and how many per cause)",
    )
    parser.add_argument(
        "--rerank",
        type=int,
        default=TILE_CANDIDATES,
        help="the server's second stage: the first N pages by tiles (default: the server's "
        "flags.TILE_CANDIDATES) ordered again by their prints' block means; 0: without it",
    )
    parser.add_argument(
        "--probe-flips",
        default=str(scan_checks.KEY_PROBE_FLIPS),
        help="the look-up's figures for each of these scan_checks.KEY_PROBE_FLIPS (comma-separated), same run",
    )
    args = parser.parse_args()
    caps = [int(n) for n in args.rank_caps.split(",") if n]
    drawn = drawn_prints(args.pages, args.db_pages, args.seed, args.cache)
    originals = [from_print(levels) for levels in drawn.originals]
    template_of = list(drawn.template_of)
    copies: list[Copy] = []
    for how, index, levels in zip(drawn.how, drawn.copy_of, drawn.copies, strict=True):
        _, copy_hash, copy_print = from_print(levels)
        copies.append((str(how), int(index), copy_hash, copy_print))
    db_keys: dict[str, list[set[str]]] = {}  # the database's pages' stored keys, per template
    for title, levels in zip(drawn.db_template, drawn.db, strict=True):
        db_keys.setdefault(str(title), []).append(from_print(levels)[0])
    stored = [keys for keys, _, _ in originals] + [keys for pages in db_keys.values() for keys in pages]
    small = Counter(key for keys, _, _ in originals for key in keys)
    common = {key for key, count in small.items() if count > MAX_SHARED_BAND}
    worst: dict[str, float] = {}
    same: list[bool] = []
    cross_pairs = cross_matches = 0
    for how, index, _, copy_print in copies:  # the confirmation: the same whatever is probed
        original_print = originals[index][2]
        same.append(scan_checks.same_scan(original_print, copy_print))
        worst[how] = max(worst.get(how, 0.0), both_ways(original_print, copy_print))
        for other, (_, _, other_print) in enumerate(originals):  # a copy of A against B, C, … of its template
            if other != index and template_of[other] == template_of[index]:
                cross_pairs += 1
                cross_matches += scan_checks.same_scan(copy_print, other_print)

    def blocks(levels: np.ndarray) -> np.ndarray:  # as scan_nearness.print_blocks reads a stored print
        return scan_nearness.level_blocks(levels.astype(np.float32) / 255.0)

    copy_blocks = [blocks(levels) for levels in drawn.copies] if args.rerank else []
    page_blocks = [blocks(levels) for levels in [*drawn.originals, *drawn.db]] if args.rerank else []
    sizes = sorted({int(n) for n in args.sizes.split(",") if n} | {args.db_pages})
    settings = [int(n) for n in args.probe_flips.split(",") if n]
    limit = max(1, MAX_SHARED_BAND * len(stored) // 100_000)
    handed: dict[int, int] = {}
    for flips in settings:  # what a look-up probes: the same prints, the same confirmations
        scan_checks.KEY_PROBE_FLIPS = flips
        tag = f"_flips{flips}" if len(settings) > 1 else ""
        if tag:
            print(f"# look-up with up to {flips} of {scan_checks.KEY_PROBE_BITS} uncertain bits flipped")
        found, confirmed, count = Counter[str](), Counter[str](), Counter[str]()
        for (how, index, copy_hash, _), confirms in zip(copies, same, strict=True):
            keys = originals[index][0]
            probes = set(scan_checks.probe_keys(copy_hash, common))  # the server does not probe common tiles
            count[how] += 1
            found[how] += bool((probes & keys) - common)
            confirmed[how] += bool((probes & keys) - common) and confirms
        for how in TRANSFORMS:
            recall = confirmed[how] / count[how]
            line(f"reuse_recall_{how}{tag}", 100 * recall, "%", "≥95", recall >= RECALL_GOAL, ".1f")
            print(
                f"#   {how}: {found[how]}/{count[how]} found by a key, {confirmed[how]} confirmed; largest print "
                f"difference {worst[how]:.3f} (threshold {scan_checks.PRINT_MAX_DIFF})"
            )
        for size in sizes:
            at_size(
                originals,
                copies,
                same,
                [pages[:size] for pages in db_keys.values()],
                size == args.db_pages,
                args.why and size == args.db_pages,
                (args.rerank, copy_blocks, page_blocks) if args.rerank and size == args.db_pages else None,
                tag,
            )
        handed[flips] = 0
        for i, (keys, _, _) in enumerate(originals):  # pairs of a template's pages handed to the confirmation
            for j in range(i + 1, len(originals)):
                if template_of[j] == template_of[i]:
                    other_hash = originals[j][1]
                    handed[flips] += bool((set(scan_checks.probe_keys(other_hash, common)) & keys) - common)
        per_1e5 = lookup_sql(stored, [text for _, _, text, _ in copies], limit)
        line(f"reuse_lookup_sql_seconds_per_1e5_scans{tag}", per_1e5, "s", "-", None, ".1f")
    if caps:
        rank_caps(caps, originals, copies, same, stored)
    differences, false_matches = [], 0
    for i, (_, _, print_) in enumerate(originals):  # the other direction: every pair of a template
        for j in range(i + 1, len(originals)):
            if template_of[j] != template_of[i]:
                continue
            other_print = originals[j][2]
            differences.append(both_ways(print_, other_print))
            false_matches += scan_checks.same_scan(print_, other_print)
    rate = false_matches / len(differences)
    line("reuse_false_same_template", 100 * rate, "%", "≤2", rate <= FALSE_GOAL, ".2f")
    print(
        f"#   {false_matches}/{len(differences)} pairs of one template's pages matched; smallest print "
        f"difference {min(differences):.3f}, 1st percentile {statistics.quantiles(differences, n=100)[0]:.3f}; "
        + ", ".join(
            f"{n} pairs shared a key that is not common at this size with ≤ {f} flips"
            for f, n in handed.items()
        )
        + " (confirmed on the server)"
    )
    cross = cross_matches / cross_pairs
    line("reuse_false_copy_vs_other_page", 100 * cross, "%", "≤2", cross <= FALSE_GOAL, ".2f")
    print(f"#   {cross_matches}/{cross_pairs} copies matched another page of their template")
    if args.rerank:
        stage = stage_cpu_ms([p for _, _, p in originals], [p for _, _, _, p in copies], args.rerank)
        line("reuse_second_stage_cpu_ms_per_lookup", stage, "ms", "-", None, ".2f")
    speed(ScanPainter().page(PERSONAL_KINDS[next(iter(PERSONAL_KINDS))], []), [p for _, _, p in originals])


if __name__ == "__main__":
    main()
