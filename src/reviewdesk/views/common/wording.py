"""A :class:`~reviewdesk.domain.wording.Words` in the current language: its code's translated template
filled with its parts, each part in the current language too.

Why one place: the 填报 messages (``views.entry.messages``) and the 预审提示 sentences
(``views.common.flag_texts``) are both Words — a rule's Chinese sentence with its code and parts —
and each screen only differs in its table (code → ``translate_noop`` template, under its context) and
in how a named part reads (a field name, a choice, the ID check's own message).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reviewdesk.domain.enums import LabelledEnum
from reviewdesk.domain.wording import Words
from reviewdesk.views.common.i18n import label, translate

CONTEXT = "Wording"

#: How a named part reads in the current language (a part not named here is shown as it is).
PartWords = Mapping[str, Callable[[str], str]]


def fill(
    words: Words,
    context: str,
    template: str,
    part_words: PartWords,
    nested: Callable[[Words], str],
) -> str:
    """``template`` (the Chinese source under ``context``) translated and filled with ``words``' parts
    in the current language; the Chinese sentence when a translation's placeholder is broken."""
    translated = translate(context, template)
    try:
        return translated.format(
            **{key: part_text(context, key, value, part_words, nested) for key, value in words.fields.items()}
        )
    except (KeyError, IndexError, ValueError):
        return str(words)


def part_text(
    context: str, key: str, value: Any, part_words: PartWords, nested: Callable[[Words], str]
) -> str:
    """One part: a nested Words through ``nested``, a vocabulary member by its label, a list joined
    with "、" in the current language, a part named in ``part_words`` through it, anything else as it is."""
    if isinstance(value, Words):
        return nested(value)
    if isinstance(value, LabelledEnum):
        return label(value)
    if isinstance(value, tuple | list):
        return translate(CONTEXT, "、").join(
            part_text(context, key, item, part_words, nested) for item in value
        )
    words = part_words.get(key)
    return words(str(value)) if words is not None else str(value)
