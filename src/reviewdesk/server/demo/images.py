"""Certificate-like images for demo data, rendered with Pillow from a seed.

Why a *pool* of images shared by all candidates (content-addressed by sha256): a real scan is 2000–4000
px wide and 0.3–3 MB; rendering and encoding even one per material takes tens of milliseconds, so a
province of 100,000 candidates (~400,000 images) would take hours and hundreds of gigabytes. A pool of
a few dozen distinct images, each referenced by many materials, exercises everything a client must do
with real scans — download by hash once, cache, decode big JPEGs/PNGs, rotate, zoom, cope with broken
files — at a cost of seconds. The images say 演示样例 and carry no candidate's data, so sharing them is
honest.

The pool deliberately holds the awkward cases reviewers meet: sideways (90°) and upside-down (180°)
scans, a blurred one, a tiny one (300×200) and a corrupt one (a JPEG cut short), plus some PNGs.

Chinese text needs a CJK font. :func:`find_cjk_font` looks in the usual places (fontconfig, Noto CJK,
WenQuanYi, Droid Sans Fallback, Windows' 微软雅黑/宋体, macOS' PingFang); without one the images fall back
to Pillow's built-in font and pinyin/ASCII text. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FontType = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Certificate titles, and their ASCII stand-ins when no CJK font is present.
EDUCATION_CERT = "毕业证书"
EDUCATION_REPORT = "学信网学历验证报告"
DEGREE_CERT = "学位证书"
TITLE_CERT = "专业技术资格证书"
PHYSICIAN_QUALIFICATION_CERT = "医师资格证书"
PHYSICIAN_PRACTICE_CERT = "医师执业证书"
NURSE_PRACTICE_CERT = "护士执业证书"
RESIDENCY_CERT = "住院医师规范化培训合格证书"
SUPPLEMENT_DOC = "补充材料"

CERT_TITLES: tuple[str, ...] = (
    EDUCATION_CERT,
    EDUCATION_REPORT,
    TITLE_CERT,
    PHYSICIAN_QUALIFICATION_CERT,
    PHYSICIAN_PRACTICE_CERT,
    NURSE_PRACTICE_CERT,
    DEGREE_CERT,
    RESIDENCY_CERT,
    SUPPLEMENT_DOC,
)

_PINYIN: dict[str, str] = {
    EDUCATION_CERT: "BIYE ZHENGSHU",
    EDUCATION_REPORT: "XUEXIN XUELI YANZHENG BAOGAO",
    DEGREE_CERT: "XUEWEI ZHENGSHU",
    TITLE_CERT: "ZHUANYE JISHU ZIGE ZHENGSHU",
    PHYSICIAN_QUALIFICATION_CERT: "YISHI ZIGE ZHENGSHU",
    PHYSICIAN_PRACTICE_CERT: "YISHI ZHIYE ZHENGSHU",
    NURSE_PRACTICE_CERT: "HUSHI ZHIYE ZHENGSHU",
    RESIDENCY_CERT: "ZHUYUAN YISHI GUIPEI HEGE ZHENGSHU",
    SUPPLEMENT_DOC: "BUCHONG CAILIAO",
}

# Variants of pool images.
NORMAL = "normal"
ROTATED_90 = "rotated_90"
ROTATED_180 = "rotated_180"
BLURRED = "blurred"
TINY = "tiny"
CORRUPT = "corrupt"
#: The awkward cases, placed at the end of every pool big enough to hold them (≥ 8 images).
SPECIAL_VARIANTS: tuple[str, ...] = (CORRUPT, TINY, ROTATED_90, ROTATED_180, BLURRED)

JPEG = "image/jpeg"
PNG = "image/png"

_CJK_FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
)

_SCHOOLS = ("湖北中医药大学", "湖北医药学院", "长江大学", "三峡大学", "江汉大学", "湖北科技学院", "武汉大学")
_SAMPLE_LINES: dict[str, tuple[str, ...]] = {
    EDUCATION_CERT: (
        "学生 示例，性别 女，一九九〇年三月七日生，",
        "于二〇〇八年九月至二〇一二年七月在本校 护理学 专业",
        "四年制本科学习，修完教学计划规定的全部课程，",
        "成绩合格，准予毕业。",
        "校 名：{school}",
        "证书编号：1052 7120 1205 0001 23",
    ),
    EDUCATION_REPORT: (
        "教育部学历证书电子注册备案表",
        "姓名：示例    性别：女    出生日期：1990年03月07日",
        "入学日期：2008年09月01日    毕（结）业日期：2012年07月01日",
        "学校名称：{school}    专业：护理学",
        "层次：本科    学制：4年    学习形式：普通全日制",
        "在线验证码：A1B2C3D4E5F6G7H8    更新日期：2026年11月20日",
    ),
    DEGREE_CERT: (
        "示例，女，一九九〇年三月七日生。在{school}",
        "护理学专业完成了本科学习计划，业已毕业。",
        "经审核符合《中华人民共和国学位条例》的规定，",
        "授予 医学 学士学位。",
        "证书编号：1052 7420 1200 1234",
    ),
    TITLE_CERT: (
        "姓名：示例        性别：女",
        "出生年月：1990年3月",
        "专业名称：护理学    资格名称：护师",
        "批准日期：2016年5月    管理号：2016042000012345",
        "经全国卫生专业技术资格考试合格，",
        "表明其已具备相应专业技术职务任职资格。",
    ),
    PHYSICIAN_QUALIFICATION_CERT: (
        "姓名：示例        性别：男",
        "出生日期：1988年6月12日",
        "身份证件号：示例示例示例",
        "资格级别：执业医师    类别：临床",
        "证书编码：200842110420123456789012",
        "签发日期：2014年12月30日",
    ),
    PHYSICIAN_PRACTICE_CERT: (
        "姓名：示例        性别：男",
        "执业级别：执业医师    执业类别：临床",
        "执业范围：内科专业",
        "主要执业机构：示例人民医院",
        "证书编码：110420000012345",
        "发证日期：2015年3月20日",
    ),
    NURSE_PRACTICE_CERT: (
        "姓名：示例        性别：女",
        "证书编码：201342009876",
        "执业地点：示例人民医院",
        "注册有效期至：2028年7月31日",
        "发证机关：湖北省卫生健康委员会",
    ),
    RESIDENCY_CERT: (
        "示例 同志于2016年9月至2019年8月在本基地",
        "内科 专业完成住院医师规范化培训，",
        "经考核合格，特发此证。",
        "证书编号：201942000123",
    ),
    SUPPLEMENT_DOC: (
        "工作年限证明",
        "兹证明 示例 同志自2013年7月起在我单位从事护理工作，",
        "至今从事本专业工作满三年。",
        "特此证明。",
        "（单位盖章）",
    ),
}


@dataclass(frozen=True)
class PoolImage:
    """One distinct image of the pool. ``data`` is the file's bytes, ``sha256`` its content address."""

    title: str
    variant: str
    data: bytes
    sha256: str
    mime: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def extension(self) -> str:
        return "png" if self.mime == PNG else "jpg"


@lru_cache(maxsize=1)
def find_cjk_font() -> Path | None:
    """A font file able to draw Chinese, or None. Looks only on this machine (fontconfig, known paths)."""
    for candidate in _CJK_FONT_CANDIDATES:
        path = Path(candidate)
        if path.is_file():
            return path
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            result = subprocess.run(
                [fc_match, "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=5
            )
        except (OSError, subprocess.SubprocessError):
            return None
        path = Path(result.stdout.strip())
        if result.returncode == 0 and path.is_file() and path.suffix.lower() in {".ttc", ".ttf", ".otf"}:
            font = ImageFont.truetype(str(path), 20)
            if font.getbbox("证")[2] > 0 and font.getmask("证").getbbox():
                return path
    return None


class _Fonts:
    """Fonts of the sizes one image needs; CJK when available, else Pillow's default and pinyin text."""

    def __init__(self, font_path: Path | None, width: int) -> None:
        self.cjk = font_path is not None
        self.title = self._font(font_path, width // 16)
        self.body = self._font(font_path, width // 42)
        self.seal = self._font(font_path, width // 60)

    @staticmethod
    def _font(font_path: Path | None, size: int) -> FontType:
        if font_path is not None:
            return ImageFont.truetype(str(font_path), size)
        return ImageFont.load_default(size=size)

    def text(self, chinese: str) -> str:
        if self.cjk:
            return chinese
        return chinese if chinese.isascii() else _PINYIN.get(chinese, "DEMO SAMPLE - YANSHI YANGLI")


def blank_certificate(title: str, rng: random.Random, width: int, font_path: Path | None) -> Image.Image:
    """A certificate without its body text: paper, frame, title, seal and the demo's footer. The pool
    writes sample lines on it; ``scans.py`` writes a candidate's own."""
    portrait = title in {EDUCATION_REPORT, SUPPLEMENT_DOC}
    height = int(width * 1.414) if portrait else int(width / 1.414)
    paper = rng.choice(((252, 250, 242), (248, 244, 230), (255, 255, 255), (246, 248, 250)))
    image = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(image)
    fonts = _Fonts(font_path, width)
    accent = rng.choice(((150, 30, 30), (30, 60, 120), (40, 90, 60), (120, 80, 20)))
    margin = width // 25
    draw.rectangle(
        (margin, margin, width - margin, height - margin), outline=accent, width=max(4, width // 200)
    )
    inner = margin + width // 60
    draw.rectangle((inner, inner, width - inner, height - inner), outline=accent, width=max(2, width // 600))
    draw.text(
        (width // 2, inner + height // 12), fonts.text(title), fill=accent, font=fonts.title, anchor="mm"
    )
    line_height = int(width / 42 * 1.9)
    # A red seal: two circles, a star, the issuer's name.
    radius = width // 11
    cx, cy = width - inner - radius - width // 14, height - inner - radius - height // 14
    red = (205, 30, 35)
    draw.ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=max(5, width // 250)
    )
    draw.ellipse(
        (cx - radius + 14, cy - radius + 14, cx + radius - 14, cy + radius - 14), outline=red, width=2
    )
    star = [
        (cx, cy - radius // 3),
        (cx + radius // 10, cy - radius // 10),
        (cx + radius // 3, cy - radius // 10),
    ]
    star += [
        (cx + radius // 8, cy + radius // 12),
        (cx + radius // 5, cy + radius // 3),
        (cx, cy + radius // 6),
    ]
    star += [(cx - radius // 5, cy + radius // 3), (cx - radius // 8, cy + radius // 12)]
    star += [(cx - radius // 3, cy - radius // 10), (cx - radius // 10, cy - radius // 10)]
    draw.polygon(star, fill=red)
    draw.text(
        (cx, cy + radius // 2),
        fonts.text("演示专用章") if fonts.cjk else "DEMO",
        fill=red,
        font=fonts.seal,
        anchor="mm",
    )
    draw.text(
        (inner + width // 14, height - inner - line_height * 2),
        fonts.text("演示样例，不含真实个人信息") if fonts.cjk else "DEMO SAMPLE - NOT A REAL CERTIFICATE",
        fill=(150, 150, 150),
        font=fonts.body,
    )
    return image


def _render_certificate(title: str, rng: random.Random, width: int, font_path: Path | None) -> Image.Image:
    image = blank_certificate(title, rng, width, font_path)
    draw = ImageDraw.Draw(image)
    fonts = _Fonts(font_path, width)
    height = image.height
    inner = width // 25 + width // 60
    school = rng.choice(_SCHOOLS)
    line_height = int(width / 42 * 1.9)
    y = inner + height // 12 + line_height * 2
    for line in _SAMPLE_LINES[title]:
        text = fonts.text(line.format(school=school)) if fonts.cjk else "DEMO SAMPLE  " + _ascii_line(rng)
        draw.text((inner + width // 14, y), text, fill=(30, 30, 30), font=fonts.body)
        y += line_height
    return image


def ascii_stand_in(line: str) -> str:
    """A line's ASCII part (numbers, dates) where no CJK font can draw the rest."""
    kept = "".join(c if c.isascii() else " " for c in line).split()
    return " ".join(kept) or "DEMO"


def _ascii_line(rng: random.Random) -> str:
    return " ".join(f"{rng.randrange(10**5):05d}" for _ in range(4))


def _encode(image: Image.Image, mime: str) -> bytes:
    buffer = io.BytesIO()
    if mime == PNG:
        image.save(buffer, format="PNG", compress_level=1)
    else:
        image.save(buffer, format="JPEG", quality=78)
    return buffer.getvalue()


def _variant_for(index: int, size: int) -> str:
    specials = SPECIAL_VARIANTS if size >= 8 else ()
    from_end = size - 1 - index
    return specials[from_end] if from_end < len(specials) else NORMAL


def render_pool(size: int, seed: int, font_path: Path | bool | None = True) -> list[PoolImage]:
    """``size`` distinct images, the same for the same seed and font (``True``: find one; ``None``: none).

    Titles cycle through :data:`CERT_TITLES`; every pool of 8 or more ends with one of each
    :data:`SPECIAL_VARIANTS`; about one normal image in six is a PNG, the rest are JPEGs.
    """
    font = find_cjk_font() if font_path is True else (font_path or None)
    rng = random.Random(f"demo-images:{seed}")
    pool: list[PoolImage] = []
    for index in range(size):
        title = CERT_TITLES[index % len(CERT_TITLES)]
        variant = _variant_for(index, size)
        mime = PNG if variant == NORMAL and index % 6 == 5 else JPEG
        if variant == TINY:
            image = _render_certificate(title, rng, 300, font).resize((300, 200))
        else:
            image = _render_certificate(title, rng, rng.randrange(2000, 3200, 8), font)
        if variant == ROTATED_90:
            image = image.transpose(Image.Transpose.ROTATE_90)
        elif variant == ROTATED_180:
            image = image.transpose(Image.Transpose.ROTATE_180)
        elif variant == BLURRED:
            small = image.reduce(12)
            image = small.resize(image.size, Image.Resampling.BILINEAR)
        data = _encode(image, mime)
        if variant == CORRUPT:
            data = data[: len(data) * 3 // 5]  # a JPEG cut short: header fine, scan data truncated
        pool.append(
            PoolImage(
                title=title,
                variant=variant,
                data=data,
                sha256=hashlib.sha256(data).hexdigest(),
                mime=mime,
                width=image.width,
                height=image.height,
            )
        )
    return pool
