"""Which characters no name, ID number or remark may hold (issue 13), character by character: the C0
controls but tab, line feed and carriage return; DEL; the C1 controls; lone surrogates; U+FFFE/U+FFFF."""

from __future__ import annotations

import pytest

from reviewdesk.domain.text_rules import (
    control_character_reason,
    first_control_character,
    without_control_characters,
)

REFUSED = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\ud800",
           "\udfff", "\ufffe", "\uffff"]  # fmt: skip
#: not printable, yet allowed (a remark may have lines; a no-break space or an ideographic one is text)
KEPT = ["\t", "\n", "\r", "\xa0", "\u3000", "\u200b"]


@pytest.mark.parametrize("character", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_each_refused_character_is_found_named_and_removed(character: str) -> None:
    text = f"王{character}芳"
    assert first_control_character(text) == character
    assert control_character_reason(character) == f"不能包含控制字符（U+{ord(character):04X}）"
    assert without_control_characters(text) == "王芳"


@pytest.mark.parametrize("character", KEPT, ids=[f"U+{ord(c):04X}" for c in KEPT])
def test_line_breaks_tabs_and_unusual_spaces_are_kept(character: str) -> None:
    text = f"王{character}芳"
    assert first_control_character(text) is None
    assert without_control_characters(text) == text


def test_the_first_of_several_is_named_and_all_are_removed() -> None:
    assert first_control_character("张\t三\x1f李\x00") == "\x1f"
    assert without_control_characters("\x00张\x1f三\n\x7f") == "张三\n"
    assert control_character_reason("\x00") == "不能包含控制字符（U+0000）"
    assert control_character_reason("\x9f") == "不能包含控制字符（U+009F）"


def test_plain_text_is_returned_as_the_same_object() -> None:
    name = "".join(["王", "芳"])
    assert first_control_character(name) is None
    assert without_control_characters(name) is name
