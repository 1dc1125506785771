"""A scan that cannot be shown says why in the reviewer's language; the store keeps its Chinese message."""

from __future__ import annotations

from pathlib import Path

from english import english  # noqa: F401  (fixture)
from view_fixtures import make_corrupt

from reviewdesk.domain import scan_rules
from reviewdesk.store import imaging
from reviewdesk.store.imaging import ImageLoadError, load_for_display
from reviewdesk.views.common.image_errors import IMAGE_ERRORS, image_error_text


def _error(path: Path) -> ImageLoadError:
    try:
        load_for_display(path, (800, 600))
    except ImageLoadError as error:
        return error
    raise AssertionError(f"{path} loaded")


def test_every_message_template_of_the_store_is_listed() -> None:
    templates = {
        value
        for module in (imaging, scan_rules)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and any("\u4e00" <= ch <= "\u9fff" for ch in value)
    }
    assert templates | {imaging.WITH_NAME} == set(IMAGE_ERRORS)


def test_broken_and_missing_files_in_chinese_by_default(tmp_path: Path) -> None:
    error = _error(make_corrupt(tmp_path / "cut.jpg"))
    assert image_error_text(error) == error.message == "图片文件不完整（数据被截断），无法解码：cut.jpg"
    assert image_error_text(_error(tmp_path / "gone.jpg")) == "找不到图片文件：gone.jpg"


def test_broken_and_missing_files_in_english(english, tmp_path: Path) -> None:  # noqa: F811
    broken = _error(make_corrupt(tmp_path / "cut.jpg"))
    text = image_error_text(broken)
    assert text == "The image file is incomplete (its data is truncated) and cannot be decoded: cut.jpg"
    assert broken.message.startswith("图片文件不完整")  # the store's own message is unchanged
    (tmp_path / "empty.png").write_bytes(b"")
    assert image_error_text(_error(tmp_path / "empty.png")).isascii()
    (tmp_path / "notes.jpg").write_text("not an image")
    assert image_error_text(_error(tmp_path / "notes.jpg")).isascii()
    assert image_error_text(_error(tmp_path / "gone.jpg")) == "Image file not found: gone.jpg"
