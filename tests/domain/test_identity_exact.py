"""证件号码 checks compared whole: each refusal is ``IdCheck(ok=False, message, normalized)`` exactly (not just
"falsy with some message"), each boundary on both sides, and the helpers refuse bad arguments with their
own words. Added for the survivors of mutation testing (docs/MUTATION.md): a refusal reporting ``ok=None``
or dropping the number, a birth date of today refused, a code ending 0000 accepted, 81/82 address codes
let through, a check character computed from full-width digits all passed the earlier tests.

Check characters here come from GB 11643's own example (11010519491231002X) and from working the weights
by hand, not from ``resident_id_check_char``."""

from __future__ import annotations

from datetime import date

import pytest

from reviewdesk.domain import identity as idn
from reviewdesk.domain.enums import IdType
from reviewdesk.domain.identity import IdCheck, make_resident_id, resident_id_check_char, validate_id

TODAY = date(2026, 12, 5)


def check(number: str, id_type: IdType = IdType.RESIDENT_ID) -> IdCheck:
    return validate_id(id_type, number, today=TODAY)


@pytest.mark.parametrize(
    ("number", "id_type", "message"),
    [
        ("", IdType.RESIDENT_ID, idn.EMPTY),
        ("1101051949123100", IdType.RESIDENT_ID, idn.LENGTH_18),
        ("1101051949123100A2", IdType.RESIDENT_ID, idn.FORMAT_18),
        ("810000199001010010", IdType.RESIDENT_ID, idn.ADDRESS_IS_HMT),
        ("710101199001010010", IdType.RESIDENT_ID, idn.ADDRESS_INVALID),  # 台湾: no 身份证 address
        ("810101199001010010", IdType.RESIDENT_ID, idn.ADDRESS_INVALID),  # 香港
        ("820101199001010010", IdType.RESIDENT_ID, idn.ADDRESS_INVALID),  # 澳门
        ("110000199001010010", IdType.RESIDENT_ID, idn.ADDRESS_INVALID),  # a province, not a county
        ("110105199002300010", IdType.RESIDENT_ID, idn.BIRTH_INVALID),  # 30 February
        ("110105202612060010", IdType.RESIDENT_ID, idn.BIRTH_FUTURE),  # tomorrow
        ("110105187912310010", IdType.RESIDENT_ID, idn.BIRTH_TOO_EARLY),
        ("110105194912310021", IdType.RESIDENT_ID, idn.CHECKSUM_TEMPLATE.format(expected="X")),
        ("110105194912310020", IdType.HMT_RESIDENCE, idn.HMT_PREFIX),
    ],
    ids=[
        "empty",
        "17",
        "letter",
        "hmt",
        "71",
        "81",
        "82",
        "0000",
        "0230",
        "future",
        "1879",
        "check",
        "not 8x",
    ],
)
def test_each_refusal_is_exactly_not_ok_with_its_message_and_the_number(
    number: str, id_type: IdType, message: str
) -> None:
    assert check(number, id_type) == IdCheck(False, message, number)


def test_born_today_is_accepted_and_read_whole() -> None:
    # 110105 20261205 001 × weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2: sum 127, 127 % 11 = 6 → "10X98765432"[6] = "6"
    assert check("110105202612050016") == IdCheck(True, "", "110105202612050016", TODAY, "male", "110105")


def test_the_standard_example_checks_with_today_as_the_default() -> None:
    assert validate_id(IdType.RESIDENT_ID, "11010519491231002x") == IdCheck(
        True, "", "11010519491231002X", date(1949, 12, 31), "female", "110105"
    )


@pytest.mark.parametrize(
    "first17",
    ["1101051949123100", "110105194912310021", "１１０１０５１９４９１２３１００２", "11010519491231OO2"],
)
def test_the_check_character_needs_seventeen_ascii_digits(first17: str) -> None:
    with pytest.raises(ValueError, match=r"^first17 must be 17 ASCII digits$"):
        resident_id_check_char(first17)


def test_the_check_character_of_the_standard_example() -> None:
    assert resident_id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(("region", "seq", "message"), [
    ("11010", 1, "^region6 must be 6 digits$"),
    ("11010a", 1, "^region6 must be 6 digits$"),
    ("110105", 1000, r"^seq3 must be 0\.\.999$"),
    ("110105", -1, r"^seq3 must be 0\.\.999$"),
], ids=["5 digits", "a letter", "1000", "-1"])  # fmt: skip
def test_making_a_number_refuses_bad_parts(region: str, seq: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_resident_id(region, date(1990, 1, 1), seq)


def test_making_a_number_at_the_edges_of_the_sequence() -> None:
    assert make_resident_id("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert make_resident_id("110105", date(1990, 1, 1), 999)[14:17] == "999"
