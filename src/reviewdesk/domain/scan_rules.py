"""One image policy for certificate scans, the same on the desktop and on the server.

API (everything works on bytes already in memory; this module opens no file and no socket)::

    inspect_scan(data, max_bytes=MAX_UPLOAD_BYTES) -> ScanInfo
        The server's door (and the desktop's 填报 before it uploads): the whole file is decoded once,
        bounded, and refused with a Chinese reason unless it is a complete PNG or JPEG within the limits.
    decode_for_display(data, max_size=None, max_bytes=MAX_DISPLAY_BYTES) -> PIL.Image.Image
        The desktop's thumbnails, viewer and 专项信息 cards: upright (EXIF), RGB, no larger
        than ``max_size``; ``image.info[ORIGINAL_SIZE]`` is the file's full upright size.
    inspect_and_fit(data, box, max_bytes=MAX_UPLOAD_BYTES) -> (ScanInfo, PIL.Image.Image)
        Both of the above from one decode (the 填报 preview: the door's check, then the image checks
        on the fitted picture).
    check_size(size_bytes, max_bytes=MAX_UPLOAD_BYTES) -> None
        Refuse an empty or too large file from its size alone (before reading it).
    ScanRefused(code, **fields): .reason, .code, .template, .fields
        The only exception either raises. ``reason`` is the Chinese sentence to show (it says the real
        size and the limit), ``code`` a stable machine word (the server's 422 ``code``), ``template`` and
        ``fields`` what ``reason`` was made of, so a Qt view can translate it.

What is accepted, and why (docs/IMAGES.md says the same for users and operators):

- **Formats, by content:** PNG and JPEG only (seed 001 §4.2.1: 扫描件格式要求 png、jpg、jpeg). The file's
  name and the declared MIME type are never trusted: Pillow is asked to try these two decoders and no
  other (``Image.open(..., formats=...)``), so a renamed PDF, a PSD, a DDS texture or an EPS (which
  Pillow would hand to a Ghostscript subprocess) never reaches a decoder. A refused file says what it
  really is when its first bytes tell (``PDF``, ``TIFF``, ``HEIC`` …).
- **Bytes:** ``MAX_UPLOAD_BYTES`` = 3 MB at upload (the seed's 大小不超过 3M). What is already stored is
  shown up to ``MAX_DISPLAY_BYTES`` = 32 MB (scans that came from elsewhere, e.g. the central system,
  before this rule), which bounds what a display decode holds in memory for the file itself.
- **Pixels:** ``MAX_PIXELS`` = 36,000,000, checked from the header *before* any pixel is decoded. An A4
  page scanned at 600 dpi is 4961×7016 = 34.8 million pixels, A3 at 400 dpi 31 million, a 12 or 24
  megapixel phone photo far less; a certificate needs nothing bigger. It bounds memory: the widest
  mode PNG/JPEG decode to is 4 bytes a pixel (RGBA, CMYK, 32-bit grey), 144 MB, plus the RGB copy
  a conversion makes (108 MB): ≤ ~260 MB for the largest single decode, under the 300 MB goal.
  (Pillow's own bomb guard only starts at 89 million pixels as a warning and 179 million as an
  error: a 13000×13000 PNG of 684 KB passed it and took 2 GB.)
- **Bounded decoding:** JPEG is decoded with ``draft()`` at the smallest DCT scale that still fills the
  requested size, at every size asked for; the server's check decodes JPEGs at 1/8 scale (libjpeg still
  reads every byte of the entropy-coded data, so a cut-off file is still noticed) and PNGs whole.
- **Completeness:** a file whose data ends early (an interrupted upload, a broken disk) or does not
  decode is refused at the server's door, so nothing is stored that no reviewer could see; a PNG's
  chunk checksums and its end chunk are checked there too. Display is more forgiving: whatever
  decodes is shown (a PNG whose last chunk is missing still shows its complete pixels).
- **Modes:** 16-bit greyscale is scaled to 8 bits (not clipped to white), every other mode becomes RGB
  *before* any resize (transparency flattened onto white, as on paper), so thumbnails and the viewer
  agree.
"""

from __future__ import annotations

import io
import sys
import warnings
from dataclasses import dataclass, field
from typing import Final

from PIL import Image

from reviewdesk.domain.wording import Words

# -- the limits ----------------------------------------------------------------------------------------
#: Decoders tried, by content (the file name and the declared type are never trusted).
ALLOWED_FORMATS: Final = ("PNG", "JPEG")
#: The MIME type of each allowed format, as the server stores and serves it.
MIME_TYPES: Final = {"PNG": "image/png", "JPEG": "image/jpeg"}
#: seed 001 §4.2.1: 大小不超过 3M.
MAX_UPLOAD_BYTES: Final = 3 * 1024 * 1024
#: Largest stored file the desktop decodes for display (see the module docstring).
MAX_DISPLAY_BYTES: Final = 32 * 1024 * 1024
#: Largest width × height accepted anywhere (A4 at 600 dpi fits; see the module docstring).
MAX_PIXELS: Final = 36_000_000

# Pillow's DecompressionBombWarning comes long after our own, lower limit (its error, above 2 × 89
# million pixels, becomes the same refusal as ours), and its UserWarnings ("Corrupt EXIF data", "Truncated
# File Read") are about files this policy judges itself. Filtered once, here, for these categories only:
# ``warnings.catch_warnings`` around each decode would race between the decoding threads (it swaps the
# process-wide filter list) and could leave "ignore everything" behind.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")

#: ``image.info`` key holding the full (upright) size of the file, before any reduction.
ORIGINAL_SIZE: Final = "reviewdesk.original_size"

# -- refusals: codes and their Chinese reasons ---------------------------------------------------------------
EMPTY: Final = "图片文件为空（0 字节）"
TOO_MANY_BYTES: Final = "图片文件过大（{size}），不能超过 {limit}"
WRONG_FORMAT: Final = "图片格式不符：文件内容是 {kind} 格式，仅支持 png、jpg、jpeg"
NOT_AN_IMAGE: Final = "图片格式不符：文件内容不是 png、jpg、jpeg 图片"
TOO_MANY_PIXELS: Final = "图片像素过多（{width}×{height}，共 {pixels} 像素），不能超过 {limit} 像素"
TRUNCATED: Final = "图片文件不完整（数据被截断），无法解码"
CORRUPT: Final = "图片文件已损坏，无法解码"

#: code → template. The codes are the server's 422 ``code`` words (docs/API.md).
REASONS: Final = {
    "image_empty": EMPTY,
    "image_too_large": TOO_MANY_BYTES,
    "image_format": WRONG_FORMAT,
    "image_not_an_image": NOT_AN_IMAGE,
    "image_too_many_pixels": TOO_MANY_PIXELS,
    "image_truncated": TRUNCATED,
    "image_corrupt": CORRUPT,
}

#: First bytes of formats people send instead of a scan, to say what a refused file really is.
_SIGNATURES: Final = (
    (b"%PDF", "PDF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"DDS ", "DDS"),
    (b"8BPS", "PSD"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"PK\x03\x04", "ZIP"),
    (b"\xd0\xcf\x11\xe0", "Office"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
)
_EXIF_ORIENTATION: Final = 0x0112
_TRANSPOSED_ORIENTATIONS: Final = frozenset({5, 6, 7, 8})
#: EXIF orientation → the turn that shows the scan upright (what ``ImageOps.exif_transpose`` does).
_TRANSPOSES: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SIXTEEN_BIT_GREY: Final = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})


class ScanRefused(ValueError):
    """A scan this policy does not accept. ``str(error)`` is the Chinese reason.

    ``code`` is one of :data:`REASONS`' keys; ``template`` and ``fields`` rebuild ``reason`` (a view
    translates ``template`` and formats it with ``fields``); ``detail`` is the decoder's own words, for
    logs only (English, never shown).
    """

    def __init__(self, code: str, detail: str = "", **fields: str) -> None:
        self.code = code
        self.template = REASONS[code]
        self.fields: dict[str, str] = dict(fields)
        self.reason = Words(code, self.template, **fields)  # str: the Chinese reason
        self.detail = detail
        super().__init__(self.reason)


@dataclass(frozen=True)
class ScanInfo:
    """What :func:`inspect_scan` found in an accepted scan."""

    format: str  #: "PNG" or "JPEG"
    width: int  #: as stored (before the EXIF orientation is applied)
    height: int
    mode: str  #: Pillow's mode of the file ("RGB", "L", "I;16", "CMYK", …)
    orientation: int = 1  #: EXIF orientation 1–8 (1 = upright as stored)
    size_bytes: int = 0
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def mime(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def upright_size(self) -> tuple[int, int]:
        """(width, height) as the scan is meant to be seen (sideways EXIF orientations swap them)."""
        if self.orientation in _TRANSPOSED_ORIENTATIONS:
            return (self.height, self.width)
        return (self.width, self.height)


# -- public API ------------------------------------------------------------------------------------------
def inspect_scan(data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> ScanInfo:
    """Check ``data`` completely (format by content, bytes, pixels, a whole bounded decode).

    Raises :class:`ScanRefused` with the reason; never any other exception.
    """
    info, image = _inspect(data, max_bytes, None)
    image.close()
    return info


def inspect_and_fit(
    data: bytes, box: tuple[int, int], max_bytes: int = MAX_UPLOAD_BYTES
) -> tuple[ScanInfo, Image.Image]:
    """:func:`inspect_scan` and :func:`decode_for_display` ``(data, box)`` from one decode: the same
    verdict (a JPEG is decoded at the DCT scale that fits ``box`` instead of 1/8 — libjpeg reads every
    byte of the entropy-coded data at any scale, so a cut-off or corrupt file is refused alike) and the
    same picture. For a caller that needs both — the 填报 preview checks a scan, then runs the image
    checks (``domain.scan_checks``) on its working copy: the second decode doubled the preview's CPU.

    Raises :class:`ScanRefused` with the reason; never any other exception.
    """
    info, image = _inspect(data, max_bytes, box)
    return info, _fitted(image, info.orientation, box, (info.width, info.height))


def _inspect(data: bytes, max_bytes: int, box: tuple[int, int] | None) -> tuple[ScanInfo, Image.Image]:
    """The door's check, and the decoded image (a JPEG at 1/8 scale, or with ``box`` at the scale that
    fits it), which the caller closes or hands on."""
    image = _open_checked(data, max_bytes)
    if image.format == "PNG":
        # Every chunk's CRC and the IEND: a flipped byte in the pixel data can decode to garbage
        # without an error, and a file cut after its last pixel row is still a cut file.
        try:
            image.verify()
        except Exception as error:
            raise _decoding_failed(error) from error
        finally:
            image.close()
        image = _open_checked(data, max_bytes)
    width, height, mode = image.width, image.height, image.mode  # draft() changes them
    try:
        if image.format == "JPEG" and box is None:
            # 1/8 scale: libjpeg still walks all the entropy-coded data, so truncation and corrupt
            # data are noticed, at 1/64 of the memory.
            _draft(image, (max(1, width // 8), max(1, height // 8)))
        elif image.format == "JPEG" and box is not None:
            _draft(
                image, _draft_request((width, height), box, _orientation(image) in _TRANSPOSED_ORIENTATIONS)
            )
        orientation = _load_and_orient(image)
    except BaseException:
        image.close()
        raise
    return ScanInfo(image.format or "", width, height, mode, orientation, len(data)), image


def decode_for_display(
    data: bytes, max_size: tuple[int, int] | None = None, max_bytes: int = MAX_DISPLAY_BYTES
) -> Image.Image:
    """``data`` decoded upright, as RGB (transparency flattened onto white), fitted into ``max_size`` (aspect kept;
    ``None`` = full size). ``result.info[ORIGINAL_SIZE]`` is the file's whole upright size, so a viewer
    knows what 1:1 means and when to ask for more pixels.

    Raises :class:`ScanRefused` with the reason; never any other exception.
    """
    opened = _open_checked(data, max_bytes)
    try:
        width, height = opened.size
        if opened.format == "JPEG":
            # draft at every size asked for, the full one included (libjpeg then converts YCbCr itself);
            # a JPEG's EXIF sits in its header, so the orientation is known before decoding
            sideways = _orientation(opened) in _TRANSPOSED_ORIENTATIONS
            _draft(
                opened, _draft_request((width, height), max_size, sideways) if max_size else (width, height)
            )
        orientation = _load_and_orient(opened)
    except BaseException:
        opened.close()
        raise
    return _fitted(opened, orientation, max_size, (width, height))


def _fitted(
    opened: Image.Image, orientation: int, max_size: tuple[int, int] | None, file_size: tuple[int, int]
) -> Image.Image:
    """The decoded ``opened`` as :func:`decode_for_display` gives it: RGB, upright, fitted into
    ``max_size``, ``info[ORIGINAL_SIZE]`` set from the file's ``file_size``. Takes ``opened`` over
    (closed unless it is what is returned)."""
    image = opened
    transposed = orientation in _TRANSPOSED_ORIENTATIONS
    try:
        try:
            # Memory: each step lets go of the image before it as soon as it can (the largest decode
            # then holds at most two full images at once), and ``thumbnail`` reduces in place — the
            # opened image is ours alone, so it needs no copy.
            image = _display_mode(opened)
            if image is not opened:
                opened.close()
            if orientation in _TRANSPOSES:
                turned = image.transpose(_TRANSPOSES[orientation])
                image.close()
                image = turned
            if max_size is not None and (image.width > max_size[0] or image.height > max_size[1]):
                image.thumbnail(max_size, Image.Resampling.BICUBIC, reducing_gap=2.0)
        except Exception as error:  # a decoder's surprise must not escape (the goal: zero escapes)
            raise ScanRefused("image_corrupt", detail=_describe(error)) from error
    finally:
        if image is not opened:
            opened.close()
    if image is opened:
        opened.fp = None  # the pixels are loaded; let the BytesIO go with the decoder state
    width, height = file_size
    image.info[ORIGINAL_SIZE] = (height, width) if transposed else (width, height)
    return image


def check_size(size_bytes: int, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse an empty or too large file from its size alone, before its bytes are read."""
    if size_bytes <= 0:
        raise ScanRefused("image_empty")
    if size_bytes > max_bytes:
        raise ScanRefused("image_too_large", size=format_bytes(size_bytes), limit=format_bytes(max_bytes))


def format_bytes(size: int) -> str:
    """A file size the way the reasons say it: ``3 MB``, ``3.5 MB``, ``684 KB``, ``12 B``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def sniff_kind(data: bytes) -> str:
    """What the first bytes say a file is ("PNG", "JPEG", "PDF", "TIFF", …; "" when they don't tell)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        return "AVIF" if data[8:12] in (b"avif", b"avis") else "HEIC"
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    return ""


# -- the steps -------------------------------------------------------------------------------------------
def _open_checked(data: bytes, max_bytes: int) -> Image.Image:
    """``Image.open`` on ``data`` limited to the allowed decoders, after the byte checks and before any
    pixel is decoded the pixel check. The caller closes the image."""
    check_size(len(data), max_bytes)
    kind = sniff_kind(data)
    if kind not in ALLOWED_FORMATS:
        raise ScanRefused("image_format", kind=kind) if kind else ScanRefused("image_not_an_image")
    try:
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError as error:
        raise _bomb_refusal(data, kind, error) from error
    except Exception as error:  # UnidentifiedImageError, SyntaxError, struct.error, …
        raise _decoding_failed(error) from error
    if image.format == "MPO":  # a JPEG with a second picture (some phones): the first is the scan
        image.format = "JPEG"
    if image.format not in ALLOWED_FORMATS or image.format != kind:
        found = image.format or ""
        image.close()
        raise ScanRefused("image_format", kind=found) if found else ScanRefused("image_not_an_image")
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels(image.width, image.height)
    return image


def _draft(image: Image.Image, size: tuple[int, int]) -> None:
    """Ask libjpeg to decode at the smallest DCT scale (1/1 … 1/8) that still gives ``size``."""
    try:
        image.draft("RGB" if image.mode == "RGB" else image.mode, size)
    except Exception as error:
        raise _decoding_failed(error) from error


def _load(image: Image.Image) -> None:
    """Decode the pixels; any failure becomes a refusal (truncated, or corrupt)."""
    try:
        image.load()
    except Exception as error:
        raise _decoding_failed(error) from error


def _load_and_orient(image: Image.Image) -> int:
    """Decode the pixels, then read the EXIF orientation. In this order: a PNG's ``getexif()`` decodes
    the whole image to reach an eXIf chunk after the pixels, and must not be where a decoding error is
    met (it would be taken for a broken EXIF block and the damaged scan shown)."""
    _load(image)
    return _orientation(image)


def _decoding_failed(error: BaseException) -> ScanRefused:
    text = str(error).lower()
    truncated = isinstance(error, EOFError) or "truncat" in text or "premature end" in text
    return ScanRefused("image_truncated" if truncated else "image_corrupt", detail=_describe(error))


def _too_many_pixels(width: int, height: int) -> ScanRefused:
    return ScanRefused(
        "image_too_many_pixels",
        width=str(width),
        height=str(height),
        pixels=f"{width * height:,}",
        limit=f"{MAX_PIXELS:,}",
    )


def _bomb_refusal(data: bytes, kind: str, error: BaseException) -> ScanRefused:
    """Pillow's own bomb guard fired (above 2 × 89 million pixels): the same refusal as ours, with the
    width and height read from the header alone (the plugin class, without the guard). A header that
    cannot be read twice is a damaged file, never "0×0 pixels"."""
    from PIL import JpegImagePlugin, PngImagePlugin

    plugin = PngImagePlugin.PngImageFile if kind == "PNG" else JpegImagePlugin.JpegImageFile
    try:
        with plugin(io.BytesIO(data)) as image:
            width, height = image.size
    except Exception:
        return ScanRefused("image_corrupt", detail=_describe(error))
    return _too_many_pixels(width, height)


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 when there is none or it cannot be read: a broken EXIF block only
    loses the rotation, not the scan)."""
    try:
        value = image.getexif().get(_EXIF_ORIENTATION, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _display_mode(image: Image.Image) -> Image.Image:
    """RGB, whatever the file's mode: 16-bit grey scaled to 8 bits rather than clipped
    (``convert("L")`` clips every value above 255 to white), transparency flattened onto white.

    Why white: a scan is paper; a transparent one shown on the viewer's dark background loses its black
    text, and the thumbnails (JPEG) flatten onto white anyway, so the viewer and the cards now agree.
    It also bounds memory: RGBA resized as RGBA is first copied whole into premultiplied RGBa by Pillow
    (a 36-million-pixel scan took 299 MB for a thumbnail); pasted onto white it takes 252 MB at most.
    """
    if image.mode in _SIXTEEN_BIT_GREY:
        return _eight_bit_grey(image).convert("RGB")
    if image.mode in ("LA", "La"):  # grey with alpha: flattened as grey, then RGB (the smaller way)
        grey = image if image.mode == "LA" else image.convert("LA")  # Pillow turns "La" into "LA" only
        paper = Image.new("L", image.size, 255)
        paper.paste(grey.convert("L"), (0, 0), grey.getchannel("A"))
        return paper.convert("RGB")
    # "transparency" is a palette PNG's transparent entries, or the one transparent colour (tRNS) of an
    # RGB, grey or black-and-white PNG: converted to RGBA, those pixels become transparent
    if image.mode in ("RGBA", "RGBa", "PA") or "transparency" in image.info:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        paper = Image.new("RGB", image.size, "white")
        paper.paste(rgba, (0, 0), rgba)
        return paper
    return image if image.mode == "RGB" else image.convert("RGB")


#: The raw unpacker that keeps a 16-bit sample's high byte (value // 256), by the mode's byte order.
_HIGH_BYTE = {
    "I;16": "L;16",
    "I;16L": "L;16",
    "I;16B": "L;16B",
    "I;16N": "L;16" if sys.byteorder == "little" else "L;16B",
}


def _eight_bit_grey(image: Image.Image) -> Image.Image:
    """16-bit grey as 8-bit "L" (value // 256). From the raw bytes for the 16-bit modes (2 bytes a pixel
    on top of the image, where a detour through 32-bit "I" would take 8); through a table for "I"."""
    unpacker = _HIGH_BYTE.get(image.mode)
    if unpacker is not None:
        return Image.frombytes("L", image.size, image.tobytes(), "raw", unpacker)
    return image.point([min(255, value >> 8) for value in range(65536)], "L")


def _draft_request(file_size: tuple[int, int], box: tuple[int, int], transposed: bool) -> tuple[int, int]:
    """The size to ask ``Image.draft`` for: the file fitted into ``box`` (aspect kept), less the slack.

    ``draft`` picks the smallest DCT scale whose result is at least the request in *both* sides, so the
    request must be the fitted size, not the box: a square box asked as it is would keep a landscape
    scan at full size (3000 / 2 < 1536). ``draft`` works in file coordinates, so a box for a scan
    stored sideways (EXIF 90°/270°) is turned first.
    """
    box_w, box_h = (box[1], box[0]) if transposed else box
    width, height = file_size
    scale = min(box_w / width, box_h / height, 1.0) * DRAFT_SLACK
    return (max(1, int(width * scale)), max(1, int(height * scale)))


#: A DCT-scaled decode up to this much smaller than the fitted size is taken as it is: a 4000×3000
#: scan fitted into 1280×768 needs 1024×768, and libjpeg's 1/4 scale gives 1000×750 in ~30 ms, while
#: insisting on ≥ 1024 means the 1/2 scale (2000×1500) plus a resize: ~3× the time for 2 % more pixels.
DRAFT_SLACK: Final = 0.9


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
