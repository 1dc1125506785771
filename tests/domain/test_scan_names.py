"""Scan file names: the seed's "姓名+身份证号+证书名称+第几页" written, and read back in the variants people
really type (separators, 全角 digits, 第1页 vs 1, lower-case x, short certificate names)."""

from __future__ import annotations

import pytest

from reviewdesk.domain.enums import ImageSide, MaterialKind
from reviewdesk.domain.scan_names import NameProblem, parse_scan_name, scan_file_name, side_of

NUMBER = "11010519491231002X"


def test_the_stored_name_is_the_seeds() -> None:
    assert scan_file_name("王芳", NUMBER, "毕业证书", 1, ".JPG") == f"王芳{NUMBER}毕业证书第1页.jpg"


@pytest.mark.parametrize(
    ("typed", "title", "page"),
    [
        (f"王芳{NUMBER}毕业证书第1页.jpg", "毕业证书", 1),
        (f"王芳+{NUMBER}+毕业证书+第2页.png", "毕业证书", 2),
        (f"王芳 {NUMBER.lower()} 学历证书 2.jpeg", "毕业证书", 2),
        ("王芳_１１０１０５１９４９１２３１００２Ｘ_职称证_第２页.JPG", "专业技术资格证书", 2),
        (f"王芳-{NUMBER}-学信网验证报告.png", "学信网学历验证报告", 1),
        (f"王芳、{NUMBER}、医师资格证、第二页.jpg", "医师资格证书", 2),
        (f"王芳{NUMBER}护士执业证书(1).jpg", "护士执业证书", 1),
        (f"王芳{NUMBER}规培证书p1.jpg", "住院医师规范化培训合格证书", 1),
        (f"dir/sub\\王芳{NUMBER}专技职称第1页.png", "专业技术资格证书", 1),
    ],
)
def test_variants_people_type_are_read(typed: str, title: str, page: int) -> None:
    read = parse_scan_name(typed)
    assert (read.name, read.id_number, read.title, read.page) == ("王芳", NUMBER, title, page)


def test_other_documents_numbers_are_read() -> None:
    assert parse_scan_name("李四E12345678护士执业证书第1页.png").id_number == "E12345678"
    assert parse_scan_name("李四H1234567890学位证书.jpg").kind is MaterialKind.DEGREE


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        (f"王芳{NUMBER}毕业证书第1页.pdf", "扩展名应为 png、jpg 或 jpeg"),
        (f"{NUMBER}毕业证书第1页.jpg", "开头没有姓名"),
        ("王芳毕业证书第1页.jpg", "姓名后没有证件号码"),
        (f"王芳{NUMBER}结婚证第1页.jpg", "无法识别证书名称“结婚证”"),
        ("王芳", "扩展名应为 png、jpg 或 jpeg"),
    ],
)
def test_unreadable_names_say_why(typed: str, why: str) -> None:
    with pytest.raises(NameProblem) as problem:
        parse_scan_name(typed)
    assert str(problem.value).endswith(why)


def test_pages_map_to_sides() -> None:
    assert side_of("专业技术资格证书", 1) is ImageSide.A
    assert side_of("专业技术资格证书", 2) is ImageSide.B
    assert side_of("专业技术资格证书", 3) is ImageSide.B
    assert side_of("学信网学历验证报告", 1) is ImageSide.REPORT
