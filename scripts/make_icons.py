"""Draw the application icon with Pillow: ``resources/reviewdesk.png`` (256 px) and ``reviewdesk.ico``.

    python scripts/make_icons.py

Why drawn in code: no design tool or font is needed to change it, and the .ico carries every size
Windows asks for (16 px in the title bar and Explorer's details view, 24/32 in the taskbar, 48 on the
desktop, 256 in large icon views and on high-DPI screens). Each size is drawn from a 1024 px master
with supersampling, so small sizes stay crisp instead of being one blurry downscale.

The picture: a document (a registration form) with a green check mark, on the blue of a health
administration's forms.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
MASTER = 1024

BLUE = (23, 92, 170, 255)
PAPER = (250, 251, 253, 255)
LINE = (160, 176, 196, 255)
GREEN = (34, 160, 84, 255)


def draw_master(size: int = MASTER) -> Image.Image:
    s = size / 1024
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((32 * s, 32 * s, 992 * s, 992 * s), radius=180 * s, fill=BLUE)
    # the form
    draw.rounded_rectangle((250 * s, 170 * s, 774 * s, 854 * s), radius=48 * s, fill=PAPER)
    for i, width in enumerate((380, 300, 340, 220)):
        y = (300 + i * 105) * s
        draw.rounded_rectangle((330 * s, y, (330 + width) * s, y + 40 * s), radius=20 * s, fill=LINE)
    # the check mark, over the lower right corner of the form
    draw.ellipse((560 * s, 560 * s, 940 * s, 940 * s), fill=GREEN)
    draw.line(
        [(650 * s, 752 * s), (725 * s, 825 * s), (855 * s, 672 * s)],
        fill=PAPER,
        width=int(62 * s),
        joint="curve",
    )
    return image


def render(size: int, master: Image.Image) -> Image.Image:
    return master.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    master = draw_master()
    OUT.mkdir(exist_ok=True)
    render(256, master).save(OUT / "reviewdesk.png", optimize=True)
    images = [render(size, master) for size in ICO_SIZES]
    images[-1].save(OUT / "reviewdesk.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    print(
        f"wrote {OUT / 'reviewdesk.png'} and {OUT / 'reviewdesk.ico'} ({', '.join(map(str, ICO_SIZES))} px)"
    )


if __name__ == "__main__":
    main()
