"""Shared helpers for the workstation's widget tests: real image files and RecordSnapshot-shaped data."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw


def make_scan(
    path: Path, size: tuple[int, int] = (1600, 1200), colour: tuple[int, int, int] = (230, 220, 200)
) -> Path:
    """A certificate-like JPEG/PNG with a dark border, written to ``path``."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(120, 40, 40), width=12)
    draw.rectangle((0, 0, size[0] // 5, size[1] // 5), fill=(200, 0, 0))
    image.save(path, "PNG" if path.suffix == ".png" else "JPEG", quality=85)
    return path


def make_corrupt(path: Path) -> Path:
    """A JPEG cut short, like an interrupted download."""
    make_scan(path, (1200, 900))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 4])
    return path
