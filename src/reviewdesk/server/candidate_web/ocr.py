"""Reading the 公民身份号码 off the photo of an ID card's front, for automatic verification.

Engine: RapidOCR (``rapidocr_onnxruntime``: PaddleOCR's PP-OCR detection, angle and recognition models
in ONNX, shipped inside the wheel, so nothing is downloaded at run time). Chosen over Debian's
``tesseract-ocr`` by measuring both on the specimen photos, tilted and blurred ones included
(``benchmarks/ocr_bench.py``, figures in ``docs/OCR.md``).

The engine is built once per process on first use (about a second) and reused; it holds no state
between calls. Photos are decoded in memory and never written anywhere.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import numpy as np

from reviewdesk.domain.scan_rules import ScanRefused, decode_for_display

#: Recognition is run on the photo scaled so its longer side is at most this (phone photos are 4000 px).
MAX_SIDE = 1280
_EIGHTEEN = re.compile(r"\d{17}[\dXx]")
_lock = threading.Lock()


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed (the workstation's frozen build leaves it out on purpose)."""


@lru_cache(maxsize=1)
def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise OcrUnavailable(str(error)) from error
    return RapidOCR()


def _pixels(data: bytes) -> np.ndarray:
    """The photo upright, RGB, its longer side at most ``MAX_SIDE``: decoded by the one image policy
    (``domain.scan_rules``: png/jpeg only, bounded in pixels and memory, JPEG at DCT scale)."""
    picture = decode_for_display(data, (MAX_SIDE, MAX_SIDE))
    return np.asarray(picture)[:, :, ::-1].copy()  # RGB → BGR, as OpenCV-based engines expect


def read_lines(data: bytes) -> list[str]:
    """Every text line the engine finds on the photo (empty when none or the bytes are no image)."""
    try:
        pixels = _pixels(data)
    except ScanRefused:
        return []
    with _lock:  # onnxruntime sessions are thread-safe, but two at once on 2 cores only thrash
        result, _elapsed = _engine()(pixels)
    return [str(item[1]) for item in result or []]


def id_numbers_in(lines: list[str]) -> list[str]:
    """18-character ID numbers found in OCR output (spaces inside a number, as OCR sometimes splits it,
    are ignored; a lower-case x is the check character X)."""
    found: list[str] = []
    for line in lines:
        compact = "".join(line.split())
        found += [m.group(0).upper() for m in _EIGHTEEN.finditer(compact)]
    joined = "".join("".join(lines).split())
    found += [m.group(0).upper() for m in _EIGHTEEN.finditer(joined) if m.group(0).upper() not in found]
    return found


def read_id_number(data: bytes) -> list[str]:
    """The ID numbers readable on the photo of a card's front."""
    return id_numbers_in(read_lines(data))
