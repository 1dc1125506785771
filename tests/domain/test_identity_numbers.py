"""Identity document numbers: the standard's examples, every single-character mutation, each error kind."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewdesk.domain import identity as idn
from reviewdesk.domain.divisions import HUBEI_COUNTY_CODES
from reviewdesk.domain.enums import IdType
from reviewdesk.domain.identity import make_resident_id, resident_id_check_char, validate_id

TODAY = date(2026, 12, 1)
VALID = ("11010519491231002X", "440524188001010014")
ALPHABET = "0123456789X"


def check(number: str, id_type: IdType = IdType.RESIDENT_ID) -> idn.IdCheck:
    return validate_id(id_type, number, today=TODAY)


@pytest.mark.parametrize("number", VALID)
def test_the_standards_examples_are_valid(number: str) -> None:
    result = check(number)
    assert result.ok and result.message == "" and result.normalized == number


def test_facts_read_from_a_valid_number() -> None:
    female = check("11010519491231002X")
    assert (female.birth_date, female.gender, female.region_code) == (date(1949, 12, 31), "female", "110105")
    male = check("440524188001010014")
    assert (male.birth_date, male.gender, male.region_code) == (date(1880, 1, 1), "male", "440524")


@pytest.mark.parametrize("number", VALID)
def test_every_single_substitution_is_rejected(number: str) -> None:
    """MOD 11-2 catches every single substitution: weights are non-zero mod 11 and digits differ by < 11."""
    accepted = []
    for position in range(18):
        for replacement in ALPHABET:
            if replacement == number[position]:
                continue
            mutated = number[:position] + replacement + number[position + 1 :]
            if check(mutated).ok:
                accepted.append(mutated)
    assert accepted == []


@pytest.mark.parametrize("number", VALID)
def test_every_single_deletion_insertion_and_adjacent_swap_is_rejected(number: str) -> None:
    mutations = {number[:i] + number[i + 1 :] for i in range(18)}
    mutations |= {number[:i] + c + number[i:] for i in range(19) for c in ALPHABET}
    mutations |= {number[:i] + number[i + 1] + number[i] + number[i + 2 :] for i in range(17)}
    mutations.discard(number)
    assert [m for m in sorted(mutations) if check(m).ok] == []


def test_checksum_substitution_names_the_expected_character() -> None:
    assert check("110105194912310021").message == "校验位错误，应为X"
    assert check("440524188001010015").message == "校验位错误，应为4"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "请输入证件号码"),
        ("   ", "请输入证件号码"),
        ("11010519491231002", "证件号码长度应为18位"),
        ("11010519491231002XX", "证件号码长度应为18位"),
        ("1101051949123100X2", "证件号码前17位应为数字，第18位应为数字或X"),
        ("11010519491231002Y", "证件号码前17位应为数字，第18位应为数字或X"),
        (make_resident_id("990105", date(1990, 1, 1), 12), "地址码无效"),  # no province 99
        (make_resident_id("710105", date(1990, 1, 1), 12), "地址码无效"),  # 台湾: not issued as 身份证
        (make_resident_id("420000", date(1990, 1, 1), 12), "地址码无效"),  # a province, not a county
        (make_resident_id("429900", date(1990, 1, 1), 12), "地址码无效"),  # no such 湖北 prefecture
        (make_resident_id("810000", date(1990, 1, 1), 12), idn.ADDRESS_IS_HMT),
        ("420102" + "19900230" + "0021", "出生日期无效"),  # 30 February, checked before the checksum
        ("420102" + "19901301" + "0021", "出生日期无效"),
        (make_resident_id("420102", date(2027, 1, 1), 12), "出生日期无效：不能晚于今天"),
        (make_resident_id("420102", date(1879, 12, 31), 12), "出生日期无效：不能早于1880年"),
    ],
)
def test_each_error_kind_has_its_own_message(number: str, message: str) -> None:
    result = check(number)
    assert not result.ok and result.message == message
    assert result.birth_date is None and result.gender is None and result.region_code is None


def test_errors_are_reported_in_the_order_a_person_fixes_them() -> None:
    # Wrong length beats everything; a bad address beats a bad date; a bad date beats the checksum.
    assert check("9901051990023").message == idn.LENGTH_18
    assert check("990105" + "19900230" + "0021").message == idn.ADDRESS_INVALID


@pytest.mark.parametrize(
    "raw",
    [
        " 11010519491231002x ",
        "110105 1949 1231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",
        "110105\u30001949123100\t2x",
    ],
)
def test_normalisation(raw: str) -> None:
    result = check(raw)
    assert result.ok and result.normalized == "11010519491231002X"
    assert idn.normalize_id(raw) == "11010519491231002X"


def test_hubei_codes_and_historical_prefixes_are_accepted() -> None:
    for code in sorted(HUBEI_COUNTY_CODES):
        assert check(make_resident_id(code, date(1990, 3, 7), 2)).ok, code
    assert check(make_resident_id("422301", date(1970, 3, 7), 2)).ok  # 咸宁地区 (before 1998)


def test_hmt_residence_permits() -> None:
    for prefix in ("810000", "820000", "830000"):
        number = make_resident_id(prefix, date(1995, 5, 5), 31)
        result = check(number, IdType.HMT_RESIDENCE)
        assert result.ok and result.gender == "male" and result.region_code == prefix
    wrong = check(make_resident_id("420102", date(1995, 5, 5), 31), IdType.HMT_RESIDENCE)
    assert wrong.message == idn.HMT_PREFIX
    bad_sum = make_resident_id("810000", date(1995, 5, 5), 31)[:17] + "0"
    if bad_sum == make_resident_id("810000", date(1995, 5, 5), 31):
        bad_sum = bad_sum[:17] + "1"
    assert check(bad_sum, IdType.HMT_RESIDENCE).message.startswith("校验位错误，应为")


@pytest.mark.parametrize(
    ("id_type", "number", "ok"),
    [
        (IdType.HK_MACAO_PERMIT, "H12345678", True),
        (IdType.HK_MACAO_PERMIT, "m1234567890", True),
        (IdType.HK_MACAO_PERMIT, "H123456789", False),
        (IdType.HK_MACAO_PERMIT, "C12345678", False),
        (IdType.TAIWAN_PERMIT, "12345678", True),
        (IdType.TAIWAN_PERMIT, "1234567", False),
        (IdType.TAIWAN_PERMIT, "T1234567", False),
        (IdType.PASSPORT, "E12345678", True),
        (IdType.PASSPORT, "EA1234567", True),
        (IdType.PASSPORT, "e a 1234567", True),
        (IdType.PASSPORT, "X1234567", True),  # foreign passports: the soft check
        (IdType.PASSPORT, "K1234", True),
        (IdType.PASSPORT, "1234", False),
        (IdType.PASSPORT, "E1234567-8", False),
        (IdType.PASSPORT, "A" * 18, False),
    ],
)
def test_other_documents(id_type: IdType, number: str, ok: bool) -> None:
    result = check(number, id_type)
    assert result.ok is ok
    expected_message = {
        IdType.HK_MACAO_PERMIT: "港澳居民来往内地通行证号码应为H或M加8位或10位数字",
        IdType.TAIWAN_PERMIT: "台湾居民来往大陆通行证号码应为8位数字",
        IdType.PASSPORT: "护照号码应为5至17位字母或数字",
    }[id_type]
    assert result.message == ("" if ok else expected_message)
    assert result.birth_date is None


def test_chinese_passport_strict_format() -> None:
    assert idn.is_chinese_passport("E12345678") and idn.is_chinese_passport("ea1234567")
    assert not idn.is_chinese_passport("X1234567")


def test_make_resident_id_refuses_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_resident_id("4201", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_resident_id("420102", date(1990, 1, 1), 1000)
    with pytest.raises(ValueError):
        resident_id_check_char("1234")


@given(
    region=st.sampled_from(sorted(HUBEI_COUNTY_CODES)),
    birth=st.dates(min_value=date(1930, 1, 1), max_value=TODAY),
    seq=st.integers(0, 999),
)
def test_generated_numbers_validate_and_carry_their_facts(region: str, birth: date, seq: int) -> None:
    number = make_resident_id(region, birth, seq)
    result = check(number.lower())
    assert result.ok, result.message
    assert (result.birth_date, result.region_code) == (birth, region)
    assert result.gender == ("male" if seq % 2 else "female")
