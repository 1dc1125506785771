"""The scan corpus the 单位填报 tests make themselves (nothing downloaded): one file per upload rule.

``good_jpeg``/``good_png`` pass; ``renamed_pdf`` (a PDF whatever it is called), ``broken_jpeg`` (cut
short), ``big_jpeg`` (over 3 MB: noise does not compress), ``sideways_jpeg`` (EXIF says turn it 90°)
are each refused for their own reason.
"""

from __future__ import annotations

import io
import random

from PIL import Image


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def good_jpeg(size: tuple[int, int] = (1200, 900), colour: tuple[int, int, int] = (200, 220, 240)) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste(colour, (0, 0, size[0] // 3, size[1] // 3))
    return _encode(image, "JPEG", quality=85)


def good_png(size: tuple[int, int] = (800, 600), seed: int = 0) -> bytes:
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste((seed % 256, 80, 160), (0, 0, size[0] // 2, size[1] // 2))
    return _encode(image, "PNG")


def renamed_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def broken_jpeg() -> bytes:
    data = good_jpeg()
    return data[: len(data) // 3]


def big_jpeg(seed: int = 1) -> bytes:
    """A real photo-like JPEG over 3 MB (random noise at high quality)."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (2400, 1800), rng.randbytes(2400 * 1800 * 3))
    return _encode(image, "JPEG", quality=95)


def sideways_jpeg() -> bytes:
    """A phone photo stored landscape with EXIF orientation 6 (shown turned 90° clockwise)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    image = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    return _encode(image, "JPEG", quality=85, exif=exif.tobytes())
