"""The navigation's pages (申报管理 → …): their titles, owned here so that a page can name itself
without importing the window that hosts it (the window imports the pages, never the reverse).

The titles keep the translation context of the window's navigation (``MainWindow``), so the translations
made for them before the pages moved still apply.
"""

from __future__ import annotations

from reviewdesk.views.common.i18n import translate, translate_noop

CONTEXT = "MainWindow"

REVIEW_PAGE = translate_noop(CONTEXT, "报名材料审核")
SPECIAL_PAGE = translate_noop(CONTEXT, "专项信息")
CODE_PAGE = translate_noop(CONTEXT, "本单位确认码")
IDENTITY_PAGE = translate_noop(CONTEXT, "实名认证审核")
ENTRY_PAGE = translate_noop(CONTEXT, "考生信息填报")


def page_title(page: str) -> str:
    """A page's title in the current language, as the navigation shows it."""
    return translate(CONTEXT, page)
