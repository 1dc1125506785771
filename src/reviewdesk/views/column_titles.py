"""The 报名材料审核 list's column titles (``store.columns``) in the current language.

``store`` stays free of Qt, so a ``Column.title`` is always the seed's Chinese word — which is also what
an exported .xlsx keeps as its header (an office document's official words). Views that *show* a
title (the list's header, the column chooser, the 导出 dialog's summary) go through
:func:`column_title`, whose strings are listed here for extraction under the context ``Columns``.
"""

from __future__ import annotations

from reviewdesk.store.columns import COLUMNS_BY_KEY
from reviewdesk.views.i18n import translate, translate_noop

COLUMN_CONTEXT = "Columns"

#: Every ``store.columns.COLUMNS`` title, for the extractor (a test keeps the two lists equal).
COLUMN_TITLES: tuple[str, ...] = (
    translate_noop(COLUMN_CONTEXT, "序号"),
    translate_noop(COLUMN_CONTEXT, "操作"),
    translate_noop(COLUMN_CONTEXT, "提交状态"),
    translate_noop(COLUMN_CONTEXT, "提交时间"),
    translate_noop(COLUMN_CONTEXT, "省级审核状态"),
    translate_noop(COLUMN_CONTEXT, "市州审核状态"),
    translate_noop(COLUMN_CONTEXT, "区县审核状态"),
    translate_noop(COLUMN_CONTEXT, "单位审核状态"),
    translate_noop(COLUMN_CONTEXT, "缴费状态"),
    translate_noop(COLUMN_CONTEXT, "姓名"),
    translate_noop(COLUMN_CONTEXT, "证件类型"),
    translate_noop(COLUMN_CONTEXT, "证件号码"),
    translate_noop(COLUMN_CONTEXT, "申报级别"),
    translate_noop(COLUMN_CONTEXT, "类别(专业)"),
    translate_noop(COLUMN_CONTEXT, "申报单位"),
    translate_noop(COLUMN_CONTEXT, "同步"),
)


def column_title(key: str) -> str:
    """The title of the column ``key`` as a reviewer reads it (the key itself when unknown)."""
    column = COLUMNS_BY_KEY.get(key)
    return translate(COLUMN_CONTEXT, column.title) if column is not None else key
