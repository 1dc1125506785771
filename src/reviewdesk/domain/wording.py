"""A message for the user that remembers what it was made of: a stable code, its Chinese template and
the values that fill it (:class:`Words`).

Why: the rules live here, Qt-free, and say their verdicts in the seeds' Chinese — the server sends
those sentences, logs keep them, zh_CN shows them. The desktop in English must say the same thing in
English, and a finished Chinese sentence ("学制应为以下之一：2年、3年…") cannot be translated as a
whole. A :class:`Words` *is* that Chinese sentence (a ``str``: equal to it, stored and sent as it), and
also carries ``code`` (a stable key; each module lists its codes and templates in a ``MESSAGES``
dict), ``template`` and ``fields``; ``views.entry.messages`` maps the code to its translated template
and fills it with the values in the current language (a field name through the field names, a
vocabulary member through its label, a nested :class:`Words` in turn).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from reviewdesk.domain.enums import LabelledEnum

#: How the Chinese joins a list of values ("2年、3年、4年").
LIST_SEPARATOR = "、"


def chinese(value: object) -> str:
    """A field's value in the seeds' Chinese: a vocabulary member by its label, a list joined."""
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(chinese(item) for item in value)
    return str(value)


class Words(str):
    """The Chinese sentence ``template.format(**fields)``, which also keeps ``code``, ``template`` and
    ``fields`` (values: text, numbers, vocabulary members, tuples of them, or nested Words)."""

    code: str
    template: str
    fields: dict[str, Any]

    def __new__(cls, code: str, template: str, /, **fields: Any) -> Words:
        made = super().__new__(cls, template.format(**{key: chinese(v) for key, v in fields.items()}))
        made.code, made.template, made.fields = code, template, dict(fields)
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it from its parts
        return (_rebuild, (self.code, self.template, self.fields))


def _rebuild(code: str, template: str, fields: dict[str, Any]) -> Words:
    return Words(code, template, **fields)


def say(messages: Mapping[str, str], code: str, /, **fields: Any) -> Words:
    """``messages[code]`` (a module's ``MESSAGES``) filled with ``fields``, as :class:`Words`."""
    return Words(code, messages[code], **fields)


# -- Words as JSON (a server snapshot carries them; the desktop rebuilds them) -------------------------
def to_json(words: Words) -> dict[str, Any]:
    """``{"code": …, "parts": {…}}`` with plain JSON values: a vocabulary member as its value (the
    reader knows by the part's name which vocabulary), a list as a list, a nested Words in turn."""
    return {"code": words.code, "parts": {key: _plain(value) for key, value in words.fields.items()}}


def _plain(value: Any) -> Any:
    if isinstance(value, Words):
        return to_json(value)
    if isinstance(value, LabelledEnum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def from_json(
    data: Any, messages: Mapping[str, str], vocabularies: Mapping[str, type[LabelledEnum]]
) -> Words | None:
    """The Words that :func:`to_json` gave (a part named in ``vocabularies`` back to its member), or
    None when ``data`` is not such a mapping or names a code ``messages`` does not have."""
    if not isinstance(data, Mapping) or data.get("code") not in messages:
        return None
    parts = data.get("parts")
    if not isinstance(parts, Mapping):
        return None
    fields = {str(key): _member(str(key), value, messages, vocabularies) for key, value in parts.items()}
    try:
        return Words(str(data["code"]), messages[str(data["code"])], **fields)
    except (KeyError, IndexError, ValueError):
        return None


def _member(
    key: str, value: Any, messages: Mapping[str, str], vocabularies: Mapping[str, type[LabelledEnum]]
) -> Any:
    if isinstance(value, Mapping):
        return from_json(value, messages, vocabularies) or ""
    if isinstance(value, list):
        return tuple(_member(key, item, messages, vocabularies) for item in value)
    vocabulary = vocabularies.get(key)
    if vocabulary is not None and isinstance(value, str):
        try:
            return vocabulary(value)
        except ValueError:
            return value
    return value


def parse(messages: Mapping[str, str], text: str) -> Words | None:
    """The Words whose Chinese is ``text``, for a sentence that arrives finished (stored before it kept
    its parts): the first template of ``messages`` it matches, its parts read back as text."""
    for code, template in messages.items():
        match = _pattern(template).fullmatch(text)
        if match is not None:
            return Words(code, template, **match.groupdict())
    return None


@lru_cache(maxsize=256)
def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(piece) if i % 2 == 0 else f"(?P<{piece}>.+?)" for i, piece in enumerate(pieces))
    )
