"""Hostile and awkward scans, made by the tests themselves (nothing downloaded): bytes in memory.

Each one stands for a case issue 13 found with Pillow's corpus or crafted files: a DDS texture Pillow
cannot decode (``NotImplementedError``), a 13000×13000 PNG of a few hundred KB (2 GB to decode), a
16-bit greyscale TIFF and PNG, a JPEG cut short, a PNG with a broken chunk, a renamed PDF, an EPS.
``benchmarks/scan_policy_bench.py --samples DIR`` writes them to a folder to run the benchmark on.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def scan_jpeg(size: tuple[int, int] = (1600, 1200), orientation: int | None = None) -> bytes:
    """A JPEG with a gradient (so it compresses like a photo, not to nothing) and a red top-left corner."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    return encode(image, "JPEG", quality=85, exif=exif.tobytes())


def scan_png(size: tuple[int, int] = (800, 600), mode: str = "RGB") -> bytes:
    return encode(Image.new(mode, size, "white" if mode != "I;16" else 40_000), "PNG")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def huge_png(width: int = 13000, height: int = 13000, complete: bool = True) -> bytes:
    """A valid 1-bit greyscale PNG of ``width``×``height`` in a few hundred KB (all white rows).

    ``complete=False`` keeps only the header and a scrap of data: refused for its pixels, it proves the
    check came before any decoding (a decode would have said "truncated")."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    pixels = zlib.compress(row * height, 9) if complete else zlib.compress(row)[:20]
    return b"\x89PNG\r\n\x1a\n" + header + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def huge_jpeg(width: int = 13000, height: int = 13000) -> bytes:
    """A small JPEG whose frame header says ``width``×``height`` (its data then ends early)."""
    data = bytearray(encode(Image.new("RGB", (16, 16), "white"), "JPEG"))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def truncated_jpeg() -> bytes:
    data = scan_jpeg((1200, 900))
    return data[: len(data) // 3]


def broken_png() -> bytes:
    """A PNG whose pixel data was damaged (a flipped byte inside the IDAT, its CRC left as it was)."""
    data = bytearray(encode(Image.linear_gradient("L").resize((300, 300)), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 40] ^= 0xFF
    return bytes(data)


def dds_texture(dxgi_format: int = 93) -> bytes:
    """A DDS texture with a DX10 header naming a DXGI format Pillow cannot decode (NotImplementedError)."""
    pixel_format = struct.pack("<II4sIIIII", 32, 0x4, b"DX10", 0, 0, 0, 0, 0)
    header = (
        struct.pack("<IIIIIII", 124, 0x1007, 64, 64, 256, 0, 1)
        + b"\0" * 44
        + pixel_format
        + struct.pack("<IIIII", 0x1000, 0, 0, 0, 0)
    )
    return b"DDS " + header + struct.pack("<IIIII", dxgi_format, 3, 0, 1, 0) + b"\0" * (64 * 64 * 4)


def sixteen_bit_tiff() -> bytes:
    return encode(Image.new("I;16", (300, 200), 40_000), "TIFF")


def renamed_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def eps() -> bytes:
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\n"


def hostile_samples() -> dict[str, bytes]:
    """The crafted cases by file name (the names carry the extensions people would give them)."""
    return {
        "dds-dxgi93.jpg": dds_texture(),
        "huge-13000x13000.png": huge_png(),
        "huge-13000x13000.jpg": huge_jpeg(),
        "grey16.tif": sixteen_bit_tiff(),
        "grey16.png": scan_png((300, 200), "I;16"),
        "cut.jpg": truncated_jpeg(),
        "broken.png": broken_png(),
        "certificate.pdf.jpg": renamed_pdf(),
        "drawing.eps.png": eps(),
        "fine.jpg": scan_jpeg(),
        "fine.png": scan_png(),
    }


# -- arrays for the scan checks' parts (domain.scan_checks works on greyscale arrays and stored prints) --
def noise_print() -> np.ndarray:
    """A print (144 × 192 cells) of random ink and paper: laid over itself, any shift or scale but none
    costs."""
    return (np.random.default_rng(7).random((144, 192)) < 0.5).astype(np.uint8) * 255


def stored_print(levels: np.ndarray) -> bytes:
    """A print's cells as ``scan_checks.fingerprint`` stores them (uint8, zlib)."""
    return zlib.compress(levels.astype(np.uint8).tobytes())


def line_page(height: int, width: int, rise: int) -> np.ndarray:
    """A one-pixel black line across a white picture, rising ``rise`` rows over its width."""
    grey = np.full((height, width), 255, dtype=np.uint8)
    for x in range(width):
        grey[int(x * rise / (width - 1)), x] = 0
    return grey


def ruled_page(angle: float) -> np.ndarray:
    """Sixteen ruled lines, 3 px thick and 440 long, on a white 600 px page, turned counter-clockwise by
    ``angle``° (bilinear, the corners filled white)."""
    page = np.full((600, 600), 255, dtype=np.uint8)
    for y in range(100, 500, 25):
        page[y : y + 3, 80:520] = 0
    return np.asarray(Image.fromarray(page).rotate(angle, Image.Resampling.BILINEAR, fillcolor=255))
