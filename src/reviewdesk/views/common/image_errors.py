"""A scan's errors in the current language: the image policy's refusals (``domain.scan_rules``) and a
stored scan's load errors (``store.imaging``).

Why in ``views.common``: every screen meets them — the viewer and the thumbnails (a scan that cannot
be shown), the 专项信息 cards, the 填报 page's refusals, and the 预审提示 of a scan that is "not an image"
(its finding is the policy's refusal). Those layers have no Qt, so their templates are listed here with
:func:`translate_noop` (context ``ImageErrors``; a test checks the list is complete).
"""

from __future__ import annotations

from reviewdesk.domain.scan_rules import REASONS
from reviewdesk.domain.wording import Words
from reviewdesk.store.imaging import ImageLoadError
from reviewdesk.views.common.i18n import translate, translate_noop
from reviewdesk.views.common.wording import fill

ERRORS_CONTEXT = "ImageErrors"

#: The message templates of ``store.imaging`` and ``domain.scan_rules`` (those layers have no Qt, so the
#: extractor cannot see them there); a test checks the list is complete.
IMAGE_ERRORS: tuple[str, ...] = (
    translate_noop(ERRORS_CONTEXT, "找不到图片文件：{name}"),
    translate_noop(ERRORS_CONTEXT, "没有权限读取图片文件：{name}"),
    translate_noop(ERRORS_CONTEXT, "无法读取图片文件：{name}（错误码 {errno}）"),
    translate_noop(ERRORS_CONTEXT, "图片文件为空（0 字节）"),
    translate_noop(ERRORS_CONTEXT, "图片文件过大（{size}），不能超过 {limit}"),
    translate_noop(ERRORS_CONTEXT, "图片格式不符：文件内容是 {kind} 格式，仅支持 png、jpg、jpeg"),
    translate_noop(ERRORS_CONTEXT, "图片格式不符：文件内容不是 png、jpg、jpeg 图片"),
    translate_noop(
        ERRORS_CONTEXT, "图片像素过多（{width}×{height}，共 {pixels} 像素），不能超过 {limit} 像素"
    ),
    translate_noop(ERRORS_CONTEXT, "图片文件不完整（数据被截断），无法解码"),
    translate_noop(ERRORS_CONTEXT, "图片文件已损坏，无法解码"),
    translate_noop(ERRORS_CONTEXT, "{reason}：{name}"),
)


def image_error_text(error: ImageLoadError) -> str:
    """A scan's error in the current language (the Chinese message when its template is unknown)."""
    if not error.template:
        return error.message
    try:
        text = translate(ERRORS_CONTEXT, error.template).format(**error.fields)
        if error.named and error.path is not None:
            text = translate(ERRORS_CONTEXT, "{reason}：{name}").format(reason=text, name=error.path.name)
    except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
        return error.message
    return text


def refusal_text(words: Words) -> str:
    """The image policy's refusal (a :class:`Words` of ``scan_rules.REASONS``) in the current language;
    the Chinese for any other Words, or when a translation's placeholder is broken."""
    if words.code not in REASONS:
        return str(words)
    return fill(words, ERRORS_CONTEXT, words.template, {}, refusal_text)
