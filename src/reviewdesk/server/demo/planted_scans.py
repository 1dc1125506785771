"""Scans with one known problem each, drawn on purpose: the demo plants them, the tests and the
benchmark check that 预审提示 finds them (ground truth, not guesses).

Why drawn rather than taken from the image pool: the pool is a few dozen shared *samples* (the
reused-scan check leaves them alone), while a planted problem must belong to one candidate — a reused
scan in particular is one candidate's page turning up, rescaled and re-compressed, on another's record.
Pages are certificate-like (a frame, a heading, lines of dark 'characters' whose lengths vary with the
seed), so two seeds are two different certificates of one template.
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

#: Problems a planted scan can have (domain.scan_checks codes), and a clean page.
CLEAN = "clean"
PLANTED_SCANS: tuple[str, ...] = (
    "scan_not_image",
    "scan_small",
    "scan_blurred",
    "scan_exposure",
    "scan_sideways",
    "scan_upside_down",
)


def document(seed: int, width: int = 1800) -> Image.Image:
    """A certificate-like greyscale page; other seeds give other 'text' on the same template."""
    rng = random.Random(f"demo-scan:{seed}")
    height = int(width / 1.414)
    page = Image.new("L", (width, height), 242)
    draw = ImageDraw.Draw(page)
    draw.rectangle((width // 45, width // 45, width - width // 45, height - width // 45), outline=50, width=8)
    char = width // 42
    left = width // 2 - 6 * char
    for k in range(6):  # heading: six big characters, centred near the top
        x = left + k * char * 2
        draw.rectangle((x, height // 8, x + char * 2 - 12, height // 8 + char * 2), fill=40)
    y = height // 8 + char * 4
    for _line in range(7):
        x = width // 8
        for _ in range(rng.randrange(14, 26)):
            if rng.random() < 0.15:
                x += char  # a space
                continue
            top, bottom = y + rng.randrange(0, 5), y + char - rng.randrange(0, 5)
            draw.rectangle((x, top, x + char - rng.randrange(2, 10), bottom), fill=rng.randrange(20, 70))
            x += char + 4
        y += int(char * 1.9)
    return page


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def planted_scan(problem: str, seed: int, width: int = 1800) -> bytes:
    """JPEG bytes of a page with ``problem`` (one of :data:`PLANTED_SCANS`, or :data:`CLEAN`);
    strength and size vary with ``seed`` so a benchmark sees a spread, not one picture."""
    rng = random.Random(f"demo-scan-problem:{problem}:{seed}")
    page = document(seed, width)
    if problem == "scan_not_image":
        return jpeg(page)[: rng.randrange(2_000, 20_000)]  # cut short
    if problem == "scan_small":
        scale = rng.uniform(0.12, 0.3)
        page = page.resize((int(width * scale), int(page.height * scale)))
    elif problem == "scan_blurred":
        page = page.filter(ImageFilter.GaussianBlur(rng.uniform(5, 10)))
    elif problem == "scan_exposure":
        dark = rng.random() < 0.5
        page = (
            page.point(lambda v: v // rng.randrange(6, 12)) if dark else page.point(lambda v: 232 + v // 25)
        )
    elif problem == "scan_sideways":
        page = page.transpose(rng.choice((Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270)))
    elif problem == "scan_upside_down":
        page = page.transpose(Image.Transpose.ROTATE_180)
    return jpeg(page, rng.randrange(60, 92))


def reused_copy(seed: int, width: int = 1800) -> bytes:
    """The page of ``seed`` as someone else would upload it again: rescaled and re-compressed."""
    rng = random.Random(f"demo-scan-reused:{seed}")
    page = document(seed, width)
    scale = rng.uniform(0.5, 0.9)
    return jpeg(page.resize((int(width * scale), int(page.height * scale))), rng.randrange(50, 90))
