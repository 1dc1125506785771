"""What a piece of text may hold: control characters are not part of a name, an ID number or a remark.

Why a rule at all (issue 13): ``\\x00`` and ``\\x01`` in a name made the list's in-memory index and its
SQL reference disagree — NumPy's fixed-width bytes drop trailing NULs (``"王\\x00"`` ties with ``"王"``),
the index's loader reads ``\\x01`` as its NULL marker, SQLite's ``LIKE`` stops at a NUL — and the Excel
export had to drop them anyway (an .xlsx cannot hold them). No one types them; they arrive by pasting
from other programs or from hostile input. So they have no meaning here:

* the server refuses them at its door (``server.schemas``: a 422 that names the character);
* the desktop's store removes them from the list's text columns when a record is written, and once
  from what an older version had already stored (``store.db``'s data fixes), so the index and SQL see
  the same text.

Kept: tab, line feed and carriage return (a remark may have lines). Refused/removed: the other C0
controls, DEL, the C1 controls, the noncharacters U+FFFE/U+FFFF and lone surrogates (UTF-8 cannot
encode them).
"""

from __future__ import annotations

import re
from typing import Final

#: Characters no text value may hold (see the module docstring).
CONTROL_CHARACTERS: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

CONTROL_CHARACTER: Final = "不能包含控制字符（U+{code}）"


def first_control_character(text: str) -> str | None:
    """The first character of ``text`` that no value may hold, or None."""
    if text.isprintable():  # fast path: every character in CONTROL_CHARACTERS is non-printable
        return None
    match = CONTROL_CHARACTERS.search(text)
    return match.group() if match else None


def control_character_reason(character: str) -> str:
    """The Chinese refusal naming ``character`` by its code point (it is invisible)."""
    return CONTROL_CHARACTER.format(code=f"{ord(character):04X}")


def without_control_characters(text: str) -> str:
    """``text`` with the characters no value may hold removed (the same object when there are none)."""
    if text.isprintable():
        return text
    return CONTROL_CHARACTERS.sub("", text)
