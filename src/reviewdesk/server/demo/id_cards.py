"""Specimen photos of identity cards (front: name, number; back: 签发机关, 有效期限), drawn with Pillow.

Why: automatic verification reads the number off the photo of the card's front, and the demo, the
browser tests and the OCR measurement (``benchmarks/ocr_bench.py``) need such photos — including the
tilted and blurred ones a phone camera takes — without downloading anything or using anybody's real
card. Every specimen says 样本 across it.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from reviewdesk.server.demo.images import find_cjk_font

CARD_SIZE = (856, 540)  # the ISO/IEC 7810 ID-1 proportions at 10 px per mm
BACKGROUND = (226, 236, 240)
INK = (30, 30, 30)


@dataclass(frozen=True)
class Shot:
    """How the phone took the photo: tilt in degrees, blur radius, JPEG quality."""

    tilt: float = 0.0
    blur: float = 0.0
    quality: int = 88


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = find_cjk_font()
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _photo(card: Image.Image, shot: Shot, seed: int) -> bytes:
    """The card on a table, as a phone sees it: margin, tilt, blur, JPEG."""
    rng = random.Random(seed)
    table = (rng.randint(90, 140), rng.randint(80, 120), rng.randint(60, 100))
    canvas = Image.new("RGB", (CARD_SIZE[0] + 160, CARD_SIZE[1] + 160), table)
    canvas.paste(card, (80, 80))
    if shot.tilt:
        canvas = canvas.rotate(shot.tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=table)
    if shot.blur:
        canvas = canvas.filter(ImageFilter.GaussianBlur(shot.blur))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=shot.quality)
    return out.getvalue()


def front(
    name: str,
    id_number: str,
    *,
    gender: str = "",
    birth: date | None = None,
    address: str = "湖北省武汉市江岸区解放大道100号",
    shot: Shot = Shot(),
    seed: int = 0,
) -> bytes:
    """The photo of a card's front (居民身份证 layout), JPEG bytes."""
    if not gender and len(id_number) == 18 and id_number[16].isdigit():
        gender = "男" if int(id_number[16]) % 2 else "女"  # the sequence's parity (GB 11643)
    card = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(card)
    label, value, number = _font(26), _font(32), _font(40)
    draw.rounded_rectangle(
        (2, 2, CARD_SIZE[0] - 3, CARD_SIZE[1] - 3), radius=28, outline=(150, 170, 180), width=3
    )
    draw.text((50, 50), "姓名", font=label, fill=(60, 100, 140))
    draw.text((140, 44), name, font=value, fill=INK)
    draw.text((50, 120), "性别", font=label, fill=(60, 100, 140))
    draw.text((140, 114), gender, font=value, fill=INK)
    draw.text((260, 120), "民族", font=label, fill=(60, 100, 140))
    draw.text((350, 114), "汉", font=value, fill=INK)
    if birth is None and len(id_number) == 18 and id_number[6:14].isdigit():
        birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    draw.text((50, 190), "出生", font=label, fill=(60, 100, 140))
    if birth is not None:
        draw.text((140, 184), f"{birth.year}年{birth.month}月{birth.day}日", font=value, fill=INK)
    draw.text((50, 260), "住址", font=label, fill=(60, 100, 140))
    draw.text((140, 254), address[:14], font=value, fill=INK)
    draw.text((140, 300), address[14:], font=value, fill=INK)
    draw.text((50, 440), "公民身份号码", font=label, fill=(60, 100, 140))
    draw.text((240, 430), id_number, font=number, fill=INK)
    draw.rectangle((620, 60, 800, 290), fill=(200, 210, 215), outline=(170, 180, 185))
    draw.text((665, 160), "照片", font=label, fill=(120, 130, 135))
    draw.text((560, 360), "样本", font=_font(60), fill=(200, 80, 80))
    return _photo(card, shot, seed)


def back(
    *,
    authority: str = "武汉市公安局江岸分局",
    valid: str = "2016.03.01-2036.03.01",
    shot: Shot = Shot(),
    seed: int = 1,
) -> bytes:
    """The photo of a card's back (国徽面), JPEG bytes."""
    card = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle(
        (2, 2, CARD_SIZE[0] - 3, CARD_SIZE[1] - 3), radius=28, outline=(150, 170, 180), width=3
    )
    draw.ellipse((60, 40, 200, 180), outline=(200, 60, 60), width=6)
    draw.text((260, 70), "中华人民共和国", font=_font(48), fill=INK)
    draw.text((300, 150), "居民身份证", font=_font(56), fill=INK)
    draw.text((160, 360), "签发机关", font=_font(26), fill=(60, 100, 140))
    draw.text((300, 354), authority, font=_font(32), fill=INK)
    draw.text((160, 430), "有效期限", font=_font(26), fill=(60, 100, 140))
    draw.text((300, 424), valid, font=_font(32), fill=INK)
    draw.text((620, 250), "样本", font=_font(60), fill=(200, 80, 80))
    return _photo(card, shot, seed)
