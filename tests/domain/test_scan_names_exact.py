"""Scan file names read back compared whole: the extension as stored (jpeg → jpg, any case), the last
path part only, names with dots, and each refusal's sentence and parts (``test_scan_names``: the
variants people type)."""

from __future__ import annotations

import pytest

from reviewdesk.domain.scan_names import NameProblem, ScanName, parse_scan_name
from reviewdesk.domain.wording import to_json

NUMBER = "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "extension"),
    [("a.JPEG", "jpg"), ("a.jpeg", "jpg"), ("a.Png", "png"), ("a.JPG", "jpg")],
    ids=["JPEG", "jpeg", "Png", "JPG"],
)
def test_the_extension_is_stored_in_lower_case_and_jpeg_as_jpg(typed: str, extension: str) -> None:
    found = parse_scan_name(f"扫描/2024/王芳{NUMBER}毕业证书第1页{typed[1:]}")
    assert found == ScanName("王芳", NUMBER, "毕业证书", 1, extension)


def test_only_the_last_path_part_counts() -> None:
    found = parse_scan_name(f"2024.12/王芳{NUMBER}毕业证书第2页.jpg")
    assert found == ScanName("王芳", NUMBER, "毕业证书", 2, "jpg")


def reason(typed: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    with pytest.raises(NameProblem) as caught:
        parse_scan_name(typed)
    return str(caught.value), to_json(caught.value.words)


def test_each_refusal_whole() -> None:
    why = "文件名不符合“姓名+身份证号+证书名称+第几页”："
    assert reason(f"王芳{NUMBER}.jpg") == (
        why + "无法识别证书名称“（空）”",
        {"code": "scan_name.invalid", "parts": {"why": {"code": "scan_name.no_title",
                                                         "parts": {"title": {"code": "scan_name.empty", "parts": {}}}}}},
    )  # fmt: skip
    assert reason(f"王芳{NUMBER}毕业证书第0页.jpg") == (
        why + "页码无效",
        {"code": "scan_name.invalid", "parts": {"why": {"code": "scan_name.bad_page", "parts": {}}}},
    )
    assert reason(f"王芳{NUMBER}结婚证第1页.jpg")[0] == why + "无法识别证书名称“结婚证”"
    assert reason("王芳.jpg")[0] == why + "姓名后没有证件号码"
    assert reason(f"{NUMBER}毕业证书.jpg")[0] == why + "开头没有姓名"
    assert reason(f"王芳{NUMBER}毕业证书.pdf")[0] == why + "扩展名应为 png、jpg 或 jpeg"


def test_a_page_number_needs_a_title_before_it() -> None:
    # right after the number, "第1页" is not the page of no certificate: it is read as the title
    assert reason(f"王芳{NUMBER}第1页.jpg")[0].endswith("无法识别证书名称“第1页”")


def test_dots_inside_the_name_are_separators_and_only_the_last_one_starts_the_extension() -> None:
    """People write "王芳.证号.毕业证书.第2页.jpg": the extension is after the last dot only."""
    assert parse_scan_name(f"王芳.{NUMBER}.毕业证书.第2页.jpg") == ScanName(
        "王芳", NUMBER, "毕业证书", 2, "jpg"
    )


def test_a_page_number_one_character_after_the_number_is_a_page_and_the_title_is_that_character() -> None:
    """In "证2" the 2 is page 2 of a certificate called "证", which no certificate is — the refusal
    names the title without the page, as it does for any title."""
    assert reason(f"王芳{NUMBER}证2.jpg")[0].endswith("无法识别证书名称“证”")
    assert reason(f"王芳{NUMBER}证第2页.jpg")[0].endswith("无法识别证书名称“证”")
