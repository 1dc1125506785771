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

from collections.abc import Mapping
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
