"""Certificate scans drawn from their own record's fields, so a reviewer can practise comparing them.

Why: the pooled scans (``images.py``) say 示例 and carry no candidate's data, so in the demo a record that
says 中专 / 黄冈市卫生学校 showed a 本科 / 江汉大学 certificate — nothing to compare, and a reviewer learns to
ignore the scan. Here the 毕业证书 and the 专业技术资格证书 of a candidate are painted from that candidate's
name, 证件号码, school, level, dates and certificate number. A known share (:data:`MISMATCH_SHARE`, 5 %)
disagrees on purpose in exactly one field, and each such case is listed (:class:`ScanMismatch`; the seed
writes them to a CSV beside the database and prints it), so the demo also shows what a careful reviewer
catches and a benchmark can score pre-check flags against it.

Why only some candidates: painting and encoding a scan costs ~10–30 ms, so personal scans for a whole
province would add minutes to the demo's first start. They are made for the candidates the demo's own
accounts review first (``DemoData.personal_scan_units``: the demo unit's county and the two extra demo
units); everyone else keeps the pool. Each candidate's scans come from a generator of their own, so
switching them on changes no other drawn value.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import replace
from datetime import date
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from reviewdesk.domain.enums import ImageSide, MaterialKind
from reviewdesk.server.demo import images as demo_images
from reviewdesk.server.demo.records import DemoMaterial, PersonalScan, ScanMismatch

#: Share of personal scans that disagree with their record in one field, on purpose.
MISMATCH_SHARE = 0.05
#: Width of a personal scan: legible when zoomed, cheap to encode (a real phone photo is wider).
WIDTH = 1400
JPEG = demo_images.JPEG

#: The materials whose 证书A面 is painted from the record.
PERSONAL_KINDS = {
    MaterialKind.EDUCATION: demo_images.EDUCATION_CERT,
    MaterialKind.TITLE: demo_images.TITLE_CERT,
}
#: The field of each material that a mismatch may change, with how it is changed.
_MISMATCH_FIELDS = {
    MaterialKind.EDUCATION: ("毕业学校", "学历层级", "毕业时间", "毕业证号", "姓名"),
    MaterialKind.TITLE: ("资格级别", "批准日期", "证书编号", "姓名"),
}
_OTHER_SCHOOLS = ("江汉大学", "湖北科技学院", "长江大学", "三峡大学", "湖北医药学院", "武汉科技大学")
_OTHER_LEVELS = {
    "中专": "大专",
    "大专": "本科",
    "本科": "大专",
    "硕士研究生": "本科",
    "博士研究生": "硕士研究生",
}
_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–31 as a certificate writes it: 七, 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")) + (
        _CHINESE_DIGITS[ones] if ones else ""
    )


def _chinese_date(value: date) -> str:
    """A date as certificates print it: 一九八九年二月十日."""
    year = "".join(_CHINESE_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{_chinese_number(value.month)}月{_chinese_number(value.day)}日"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _changed(field: str, value: str, rng: random.Random) -> str:
    """A plausible wrong value for ``field``: what a careless typist or a borrowed certificate shows."""
    if field == "毕业学校":
        return rng.choice([s for s in _OTHER_SCHOOLS if s != value])
    if field == "学历层级":
        return _OTHER_LEVELS.get(value, "本科")
    if field == "资格级别":
        return "初级(士)" if "师" in value else "初级(师)"
    if field in ("毕业时间", "批准日期"):
        parsed = _date(value)
        return (parsed.replace(year=parsed.year - 1) if parsed else date(2015, 7, 1)).isoformat()
    if field == "姓名":
        return value[:-1] + ("明" if value[-1] != "明" else "华")
    digits = [c for c in value]
    positions = [i for i, c in enumerate(digits) if c.isdigit()]
    if positions:
        i = positions[-1 - rng.randrange(min(4, len(positions)))]
        digits[i] = str((int(digits[i]) + 1 + rng.randrange(8)) % 10)
    return "".join(digits)


def certificate_lines(
    kind: MaterialKind, name: str, gender: str, birth: date, fields: dict[str, str]
) -> list[str]:
    sex = "女" if gender == "female" else "男"
    if kind is MaterialKind.EDUCATION:
        entered, graduated = _date(fields.get("入学时间", "")), _date(fields.get("毕业时间", ""))
        period = (
            f"于{_chinese_date(entered)}至{_chinese_date(graduated)}" if entered and graduated else "于本校"
        )
        return [
            f"学生 {name}，性别 {sex}，{_chinese_date(birth)}生，",
            f"{period}在本校 {fields.get('所学专业', '')} 专业",
            f"{fields.get('学制', '')}制{fields.get('学历层级', '')}学习，修完教学计划规定的全部课程，",
            "成绩合格，准予毕业。",
            f"校 名：{fields.get('毕业学校', '')}",
            f"证书编号：{fields.get('毕业证号', '')}",
        ]
    approved = _date(fields.get("批准日期", ""))
    return [
        f"姓名：{name}        性别：{sex}",
        f"出生年月：{birth.year}年{birth.month}月",
        f"专业名称：{fields.get('专业', '')}",
        f"资格名称：{fields.get('资格级别', '')}（{fields.get('资格系列', '')}）",
        f"批准日期：{approved.year}年{approved.month}月" if approved else "批准日期：",
        f"管理号：{fields.get('证书编号', '')}",
        "经全国卫生专业技术资格考试合格，表明其已具备相应专业技术职务任职资格。",
    ]


class ScanPainter:
    """Paints personal scans on backgrounds rendered once per certificate title (frame, title, seal)."""

    def __init__(self, font_path: Path | None = None) -> None:
        self._font_path = font_path if font_path is not None else demo_images.find_cjk_font()

    @cached_property
    def _font(self) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        size = WIDTH // 44
        if self._font_path is None:
            return ImageFont.load_default(size=size)
        return ImageFont.truetype(str(self._font_path), size)

    @cached_property
    def _backgrounds(self) -> dict[str, Image.Image]:
        rng = random.Random("reviewdesk-demo-scan-backgrounds")
        return {
            title: demo_images.blank_certificate(title, rng, WIDTH, self._font_path)
            for title in PERSONAL_KINDS.values()
        }

    def paint(self, title: str, lines: list[str]) -> bytes:
        buffer = io.BytesIO()
        _as_photographed(self.page(title, lines), "\n".join(lines)).save(buffer, format="JPEG", quality=80)
        return buffer.getvalue()

    def page(self, title: str, lines: list[str]) -> Image.Image:
        """The certificate ``title`` with ``lines`` written on it, as a flatbed scanner sees it: every page
        of a title on the same background at the same place (the reuse benchmark's hardest case)."""
        image = self._backgrounds[title].copy()
        draw = ImageDraw.Draw(image)
        x, y, step = WIDTH // 12, image.height // 4, int(WIDTH / 44 * 1.9)
        for line in lines:
            text = line if self._font_path is not None else demo_images.ascii_stand_in(line)
            draw.text((x, y), text, fill=(30, 30, 30), font=self._font)
            y += step
        return image


def _as_photographed(image: Image.Image, key: str) -> Image.Image:
    """The page as a phone photographs it: slightly turned, framed a little off and lit a little
    differently — drawn from ``key`` (the page's text), so the same record always gives the same bytes.

    Why: two certificates of one template differ only in a few lines of text; painted on one background
    at one position they were near-identical to a perceptual hash (16–60 bits of 4,096 apart), and
    pre-check took them for one scan reused on two candidates. Real photos of two certificates are
    never framed alike."""
    rng = random.Random(hashlib.sha256(key.encode()).digest())
    paper = image.getpixel((2, 2))
    turned = image.rotate(rng.uniform(-2.0, 2.0), resample=Image.Resampling.BILINEAR, fillcolor=paper)
    w, h = turned.size
    dx, dy = int(w * rng.uniform(0.0, 0.05)), int(h * rng.uniform(0.0, 0.05))
    framed = turned.crop((dx, dy, w - int(w * 0.05) + dx, h - int(h * 0.05) + dy))
    light = rng.uniform(0.92, 1.04)
    return framed.point(lambda v: min(255, int(v * light)))


def personalise(
    painter: ScanPainter,
    materials: list[DemoMaterial],
    *,
    name: str,
    gender: str,
    birth: date,
    id_number: str,
    pooled_specials: frozenset[str],
    rng: random.Random,
) -> tuple[list[DemoMaterial], list[PersonalScan], ScanMismatch | None]:
    """The materials with their 证书A面 painted from the record (a scan the pool made awkward on purpose —
    rotated, blurred, tiny, corrupt — stays as it is), the new scans' bytes, and the planted mismatch."""
    candidates = [
        index
        for index, material in enumerate(materials)
        if material.kind in PERSONAL_KINDS
        and any(i.side is ImageSide.A and i.sha256 not in pooled_specials for i in material.images)
    ]
    mismatch_at = rng.choice(candidates) if candidates and rng.random() < MISMATCH_SHARE else None
    mismatch: ScanMismatch | None = None
    scans: list[PersonalScan] = []
    result = list(materials)
    for index in candidates:
        material = materials[index]
        shown = dict(material.fields)
        shown_name = name
        if index == mismatch_at:
            field = rng.choice(_MISMATCH_FIELDS[material.kind])
            before = name if field == "姓名" else material.fields.get(field, "")
            after = _changed(field, before, rng)
            if field == "姓名":
                shown_name = after
            else:
                shown[field] = after
            mismatch = ScanMismatch(id_number, name, material.kind.label, field, before, after)
        data = painter.paint(
            PERSONAL_KINDS[material.kind], certificate_lines(material.kind, shown_name, gender, birth, shown)
        )
        sha256 = hashlib.sha256(data).hexdigest()
        scans.append(PersonalScan(sha256, data, JPEG))
        images = [
            replace(image, sha256=sha256, mime=JPEG, size=len(data), filename=_jpg(image.filename))
            if image.side is ImageSide.A and image.sha256 not in pooled_specials
            else image
            for image in material.images
        ]
        result[index] = replace(material, images=images)
    return result, scans, mismatch


def _jpg(filename: str) -> str:
    stem, _, _ext = filename.rpartition(".")
    return f"{stem or filename}.jpg"


__all__ = ["MISMATCH_SHARE", "PersonalScan", "ScanMismatch", "ScanPainter", "personalise"]
