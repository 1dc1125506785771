"""The ID-card photos of 实名认证 go through the one image policy too (issue 13's siblings).

Before, a photo passed with its magic bytes and ``verify()`` — which decodes nothing — so a JPEG cut
short was stored for a reviewer who could not see it, and a 13000×13000 PNG reached the OCR, which
decoded all 169 million pixels. Now ``_photo_problem`` is ``inspect_scan`` (8 MB here) and the OCR
decodes through ``decode_for_display``.
"""

from __future__ import annotations

import scan_samples as samples
from reviewdesk.server.candidate_web import ocr, realname


def test_photos_are_checked_by_content_decoded_whole_and_refused_with_the_real_size() -> None:
    assert realname._photo_problem(samples.scan_jpeg((1600, 1200))) == ""
    assert realname._photo_problem(b"") == realname.PHOTO_MISSING
    assert realname._photo_problem(samples.truncated_jpeg()) == "图片文件不完整（数据被截断），无法解码"
    assert (
        realname._photo_problem(samples.renamed_pdf())
        == "图片格式不符：文件内容是 PDF 格式，仅支持 png、jpg、jpeg"
    )
    assert realname._photo_problem(samples.huge_png()) == (
        "图片像素过多（13000×13000，共 169,000,000 像素），不能超过 36,000,000 像素"
    )
    oversized = samples.scan_jpeg() + bytes(9 * 1024 * 1024)
    assert realname._photo_problem(oversized).endswith("，不能超过 8 MB")
    assert realname._mime(samples.scan_png()) == "image/png"


def test_the_ocr_reads_an_upright_bounded_picture_and_nothing_from_a_refused_one() -> None:
    pixels = ocr._pixels(samples.scan_jpeg((4000, 3000), orientation=6))  # a phone held sideways
    assert pixels.shape == (ocr.MAX_SIDE, 960, 3)
    assert pixels[5, -5, 2] > 200  # the red corner, turned to the top right (BGR: red is last)
    assert ocr.read_lines(samples.huge_png()) == []  # refused before the engine is even built
    assert ocr.read_lines(samples.dds_texture()) == []
