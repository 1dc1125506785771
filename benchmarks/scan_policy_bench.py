"""Hostile scans against the one image policy, on both paths: escapes, English messages, peak memory.

    python3 benchmarks/scan_policy_bench.py                    # the crafted cases + the largest scans allowed
    python3 benchmarks/scan_policy_bench.py FOLDER [FOLDER …]  # every file below them (e.g. Pillow's Tests/images)
    python3 benchmarks/scan_policy_bench.py --samples DIR      # write the crafted cases to DIR and stop
    python3 benchmarks/scan_policy_bench.py FOLDER --baseline  # also plain Pillow (no policy) per file

Goals (issue 13): 0 escapes and 0 English messages on both paths; peak memory of any single decode
≤ 300 MB; every refusal says what was wrong in Chinese.

Each file goes through:

* ``server``: ``domain.scan_rules.inspect_scan`` on its bytes with the upload limit (3 MB) — the
  server's door (candidate submit, blob upload) and the desktop's 填报 before it uploads;
* ``thumb``, ``viewer``, ``full``: ``store.imaging.load_for_display`` at the thumbnail's 240×300, the
  viewer's 1280×768 and full size (the viewer's zoom to 1:1) — the detail pane, the 专项信息 cards and the
  viewer;
* with ``--baseline``: ``Image.open`` + ``load`` + ``thumbnail(240×300)`` with no policy — what the desktop
  did before (its failures are Pillow's own exceptions, not escapes of ours).

Every decode runs in a forked child process, so one bomb cannot take the run down with it and each
decode's peak memory is its own: the child's peak RSS (``ru_maxrss``) minus its RSS when it started.
An *escape* is any exception other than the policy's refusal (``ScanRefused``/``ImageLoadError``), or a
child that died. An *English message* is a refusal whose text, once the file's name and the format and
unit words it may quote (``PNG``, ``PDF``, ``MB`` …) are taken out, still holds Latin letters, or holds
no Chinese at all.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # scan_samples: the crafted cases the tests use

from PIL import Image  # noqa: E402

from _report import line  # noqa: E402
from reviewdesk.domain import scan_rules  # noqa: E402
from reviewdesk.store.imaging import ImageLoadError, load_for_display  # noqa: E402

GOAL_MB = 300
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words a Chinese refusal may quote: format names (what a file really is), units, code points.
QUOTED = re.compile(
    r"\b(png|jpg|jpeg|JPEG 2000|PNG|JPEG|PDF|GIF|BMP|TIFF|DDS|PSD|EPS|ZIP|Office|ICO|WebP|HEIC|AVIF|MB|KB|B|U\+[0-9A-F]+)\b"
)


@dataclass
class Result:
    path: str
    outcome: str  # accepted | refused | escaped | died
    message: str
    peak_mb: float


def _server(path: Path) -> None:
    scan_rules.inspect_scan(path.read_bytes())


def _desktop(size: tuple[int, int] | None) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        load_for_display(path, size)

    return run


def _plain_pillow(path: Path) -> None:
    with Image.open(path) as image:
        image.load()
        image.thumbnail((240, 300))


PATHS: dict[str, Callable[[Path], None]] = {
    "server": _server,
    "thumb": _desktop((240, 300)),
    "viewer": _desktop((1280, 768)),
    "full": _desktop(None),
}
REFUSALS = (scan_rules.ScanRefused, ImageLoadError)


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(work: Callable[[Path], None], path: Path, policy: bool = True) -> Result:
    """``work(path)`` in a forked child: its outcome, message and peak memory above its start."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        start = _rss_kb()
        try:
            work(path)
            outcome, message = "accepted", ""
        except REFUSALS as refusal:
            outcome, message = "refused", str(refusal)
        except Exception as error:
            outcome = "refused" if not policy else "escaped"
            message = f"{type(error).__name__}: {error}"
            if policy:
                message += "\n" + traceback.format_exc(limit=3)
        report = {"outcome": outcome, "message": message, "peak_kb": _rss_kb() - start}
        with os.fdopen(write, "w") as out:
            json.dump(report, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as stream:
        text = stream.read()
    _, status, _usage = os.wait4(pid, 0)
    if not text or status != 0:
        return Result(str(path), "died", f"child status {status}", 0.0)
    report = json.loads(text)
    return Result(str(path), report["outcome"], report["message"], report["peak_kb"] / 1024)


def english(message: str, name: str) -> bool:
    """A refusal that is not plain Chinese (see the module docstring)."""
    text = message.removesuffix(name).rstrip("：: ")
    return not CJK.search(text) or bool(re.search("[A-Za-z]", QUOTED.sub("", text)))


def corpus(folders: list[Path]) -> list[Path]:
    files = [p for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()]
    return [p for p in files if not p.is_symlink()]


def write_samples(folder: Path) -> list[Path]:
    """The crafted cases of the tests plus the largest scans the policy allows (for the memory goal)."""
    import scan_samples

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in scan_samples.hostile_samples().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    side = int(scan_rules.MAX_PIXELS**0.5)  # 6000×6000: exactly at the limit
    largest = {
        "limit-rgba.png": Image.new("RGBA", (side, side), (250, 250, 245, 255)),
        "limit-cmyk.jpg": Image.new("CMYK", (side, side), (5, 5, 10, 0)),
        "limit-rgb.jpg": Image.linear_gradient("L").resize((side, side)).convert("RGB"),
        "limit-grey16.png": Image.new("I;16", (side, side), 40_000),
    }
    for name, image in largest.items():
        out = io.BytesIO()
        image.save(out, "PNG" if name.endswith(".png") else "JPEG")
        (folder / name).write_bytes(out.getvalue())
        written.append(folder / name)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folders", nargs="*", type=Path, help="folders of images (default: the crafted cases)"
    )
    parser.add_argument("--samples", type=Path, help="write the crafted cases to this folder and stop")
    parser.add_argument("--baseline", action="store_true", help="also decode with plain Pillow (no policy)")
    parser.add_argument("--show", type=int, default=10, help="list this many of the worst files per path")
    args = parser.parse_args()

    if args.samples:
        for path in write_samples(args.samples):
            print(path)
        return 0
    with tempfile.TemporaryDirectory(prefix="scan-policy-") as tmp:
        files = corpus(args.folders) if args.folders else write_samples(Path(tmp))
        print(f"# {len(files)} files", flush=True)
        paths = dict(PATHS)
        if args.baseline:
            paths["pillow"] = _plain_pillow
        worst_mb = 0.0
        total_escapes = total_english = 0
        for label, work in paths.items():
            results = [run_one(work, path, policy=label != "pillow") for path in files]
            counts = {
                o: sum(r.outcome == o for r in results) for o in ("accepted", "refused", "escaped", "died")
            }
            escapes = [r for r in results if r.outcome in ("escaped", "died")]
            englishes = [
                r for r in results if r.outcome == "refused" and english(r.message, Path(r.path).name)
            ]
            peak = max(results, key=lambda r: r.peak_mb, default=None)
            print(f"# {label}: {counts}", flush=True)
            for r in (escapes + englishes)[: args.show]:
                print(f"#   {r.outcome} {r.path}: {r.message.splitlines()[0] if r.message else ''}")
            for r in sorted(results, key=lambda r: -r.peak_mb)[: min(3, args.show)]:
                print(f"#   peak {r.peak_mb:.0f} MB {r.outcome} {r.path}")
            peak_mb = peak.peak_mb if peak else 0.0
            if label == "pillow":
                line("pillow_peak_decode", peak_mb, "MB", "-", None, ".0f")
                line("pillow_exceptions", counts["refused"] + len(escapes), "files", "-", None, "d")
                continue
            total_escapes += len(escapes)
            total_english += len(englishes)
            worst_mb = max(worst_mb, peak_mb)
            line(f"{label}_peak_decode", peak_mb, "MB", f"≤{GOAL_MB}", peak_mb <= GOAL_MB, ".0f")
        line("escapes", total_escapes, "files", "0", total_escapes == 0, "d")
        line("english_messages", total_english, "files", "0", total_english == 0, "d")
        line("worst_peak_decode", worst_mb, "MB", f"≤{GOAL_MB}", worst_mb <= GOAL_MB, ".0f")
    return 0


if __name__ == "__main__":
    sys.exit(main())
