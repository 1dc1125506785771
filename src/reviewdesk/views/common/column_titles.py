"""The 报名材料审核 list's column titles (``store.columns``) in the current language.

``store`` stays free of Qt, so a ``Column.title`` is always the seed's Chinese word — which is also what
an exported .xlsx keeps as its header (an office document's official words). Views that *show* a
title (the list's header, the column chooser, the 导出 dialog's summary) go through
:func:`column_title`; ``scripts/build_translations.py`` extracts every ``store.columns`` title under the
context ``Columns`` straight from that module, so no list of them is kept here.
"""

from __future__ import annotations

from reviewdesk.store.columns import COLUMNS_BY_KEY
from reviewdesk.views.common.i18n import translate

COLUMN_CONTEXT = "Columns"


def column_title(key: str) -> str:
    """The title of the column ``key`` as a reviewer reads it (the key itself when unknown)."""
    column = COLUMNS_BY_KEY.get(key)
    return translate(COLUMN_CONTEXT, column.title) if column is not None else key
