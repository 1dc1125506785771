"""单位填报 batch imports against their goals (issue 15), on this machine:

* 1,000 scans (mixed 0.5–4 MB JPEG/PNG, 10 % with problems: over 3 MB, a renamed PDF, a cut-off file,
  an unknown 证件号码, an unreadable name) to the preview table: ≤ 30 s; filing them: ≤ 15 s.
* A 5,000-row Excel list to its per-row report: ≤ 5 s.
* 预审提示 (issue 17) of the candidates just filed, all pending (the 填报 page's refresh computes them
  here with the server's record rules; the scans were checked in the preview): a figure per 1,000
  candidates, without a goal of its own (INFO).

    python3 benchmarks/entry_bench.py [--scans 1000] [--rows 5000] [--dir DIR]

The scans are made here (noise-textured photos sized to hit the byte range; each file unique) into a
temporary folder, matched to 250 candidates of a fresh local store; the preview runs exactly as the
page's worker runs it (``store.entry.scan_import.preview`` with its thread pool). Figures are wall
times of one run, each with the process's CPU time beside it (INFO): on a machine shared with other
work the wall time measures the queue for the cores, the CPU time what the import itself costs.
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import sys
import tempfile
import time
import zlib
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import line
from reviewdesk.domain.identity import make_resident_id
from reviewdesk.store.entry import actions, excel_import, scan_import, view
from reviewdesk.store.entry import flags as entry_flags
from reviewdesk.store.testing import create_store

TITLES = ("毕业证书", "学信网学历验证报告", "专业技术资格证书", "医师资格证书")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def _person(index: int) -> tuple[str, str]:
    rng = random.Random(index)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    number = make_resident_id("420102", date(1980 + index % 20, 1 + index % 12, 1 + index % 28), index % 1000)
    return name, number


def _base_jpeg(target: int, rng: random.Random) -> bytes:
    """A photo-like JPEG of about ``target`` bytes (noise over a gradient compresses like a photo)."""
    side = int((target / 0.55) ** 0.5)
    width, height = int(side * 1.3), int(side / 1.3)
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    Image.blend(gradient, noise, 0.5).save(out, "JPEG", quality=88)
    return out.getvalue()


def _base_png(target: int, rng: random.Random) -> bytes:
    side = int((target / 1.65) ** 0.5)
    noise = Image.frombytes("L", (side, side), rng.randbytes(side * side)).convert("RGB")
    out = io.BytesIO()
    Image.blend(Image.new("RGB", (side, side), (240, 240, 230)), noise, 0.35).save(
        out, "PNG", compress_level=1
    )
    return out.getvalue()


def _unique_jpeg(data: bytes, n: int) -> bytes:
    return data + f"copy-{n}".encode()  # after EOI: decoders stop at the end marker


def _unique_png(data: bytes, n: int) -> bytes:
    body = b"Comment\x00" + f"copy-{n}".encode()
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return data[:33] + chunk + data[33:]  # after IHDR (8 + 25 bytes)


def make_scans(folder: Path, count: int, people: list[tuple[str, str]]) -> None:
    rng = random.Random(15)
    jpegs = [_base_jpeg(rng.randint(500_000, 2_900_000), rng) for _ in range(12)]
    pngs = [_base_png(rng.randint(500_000, 2_900_000), rng) for _ in range(4)]
    big = _base_jpeg(3_600_000, rng)
    for n in range(count):
        name, number = people[n // len(TITLES) % len(people)]
        title = TITLES[n % len(TITLES)]
        problem = n % 10 == 9  # 10 %
        filename = f"{name}{number}{title}第1页.jpg"
        if problem:
            kind = (n // 10) % 5
            data = (
                _unique_jpeg(big, n),
                b"%PDF-1.4 " + bytes(200_000),
                _unique_jpeg(jpegs[0], n)[: len(jpegs[0]) // 2],
                _unique_jpeg(jpegs[1], n),
                _unique_jpeg(jpegs[2], n),
            )[kind]
            if kind == 3:
                filename = f"{name}{make_resident_id('420199', date(1990, 1, 1), n % 1000)}{title}第1页.jpg"
            if kind == 4:
                filename = f"扫描件{n:04d}.jpg"
        elif n % 5 == 0:
            data = _unique_png(pngs[n % len(pngs)], n)
            filename = filename[:-4] + ".png"
        else:
            data = _unique_jpeg(jpegs[n % len(jpegs)], n)
        (folder / filename).write_bytes(data)


def bench_scans(root: Path, count: int) -> None:
    ws = create_store(root / "store.sqlite")
    people = [_person(i) for i in range(max(1, count // len(TITLES)))]
    book = root / "people.xlsx"
    _excel(book, people)
    excel_import.import_rows(ws, excel_import.read_report(ws, book))
    folder = root / "scans"
    folder.mkdir()
    make_scans(folder, count, people)
    size = sum(p.stat().st_size for p in folder.iterdir())
    started, cpu = time.perf_counter(), time.process_time()
    result = scan_import.preview(ws, [folder])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"# {count} files, {size / 2**20:.0f} MB: matched {result.count('matched')}, "
        f"unmatched {result.count('unmatched')}, refused {result.count('refused')}"
    )
    line("entry_scan_preview_1000", seconds * 1000 / count, "s", "≤30", seconds <= 30 * count / 1000)
    line("entry_scan_preview_1000_cpu", cpu * 1000 / count, "s", "-", None)
    started, cpu = time.perf_counter(), time.process_time()
    filed = scan_import.file_scans(ws, result)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"# filed {filed}")
    line("entry_scan_filing_1000", seconds * 1000 / count, "s", "≤15", seconds <= 15 * count / 1000)
    line("entry_scan_filing_1000_cpu", cpu * 1000 / count, "s", "-", None)
    candidates, catalogue = view.candidates(ws), actions.catalogue_of(ws)
    started = time.perf_counter()
    flags = entry_flags.flags_of(ws, candidates, catalogue)
    seconds = time.perf_counter() - started
    print(f"# {len(candidates)} pending candidates, {sum(map(len, flags.values()))} flags")
    line("entry_flags_pending_1000", seconds * 1000 / len(candidates), "s", "-", None)
    ws.close()


def _excel(path: Path, people: list[tuple[str, str]]) -> None:
    """The list as Excel saves one (shared strings and the sheet's dimension; openpyxl's write-only
    mode writes inline strings and no dimension, which makes reading it several times slower)."""
    book = Workbook()
    sheet = book.active
    sheet.title = excel_import.SHEET
    sheet.append([header for header, _ in excel_import.COLUMNS])
    for name, number in people:
        sheet.append([name, "身份证", number, None, None, "13812345678", "初级(师)", "201"])
    book.save(path)


def bench_excel(root: Path, rows: int) -> None:
    ws = create_store(root / "excel.sqlite")
    people = [_person(i) for i in range(rows)]
    people[10] = (people[10][0], people[10][1][:-1] + ("0" if people[10][1][-1] != "0" else "1"))
    path = root / "list.xlsx"
    _excel(path, people)
    started, cpu = time.perf_counter(), time.process_time()
    report = excel_import.read_report(ws, path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"# {rows} rows: {len(report.good)} good, {len(report.bad)} with problems")
    line("entry_excel_report_5000", seconds * 5000 / rows, "s", "≤5", seconds <= 5 * rows / 5000)
    line("entry_excel_report_5000_cpu", cpu * 5000 / rows, "s", "-", None)
    ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        (root / "b").mkdir()
        bench_excel(root / "b", args.rows)
        bench_scans(root / "a", args.scans)


if __name__ == "__main__":
    main()
