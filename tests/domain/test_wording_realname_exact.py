"""Words through JSON and back, parts of every shape (a vocabulary member, a list of them, a nested
sentence, one this version does not know), Words copied and pickled; and the real-name rules' small
helpers (a number masked, the China day's start in UTC whatever the PC's zone) — worked out by hand."""

from __future__ import annotations

import copy
import pickle
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from reviewdesk.domain.enums import IdType, ImageSide, MaterialKind
from reviewdesk.domain.realname import day_start_utc, mask_id
from reviewdesk.domain.wording import Words, from_json, to_json

MESSAGES = {"t.outer": "{material}缺{fields}，{inner}", "t.inner": "{side}未上传", "t.kinds": "{kinds}"}
VOCABULARIES = {"material": MaterialKind, "side": ImageSide, "kinds": MaterialKind}


def outer() -> Words:
    inner = Words("t.inner", MESSAGES["t.inner"], side=ImageSide.B)
    return Words(
        "t.outer",
        MESSAGES["t.outer"],
        material=MaterialKind.TITLE,
        fields=("证书编号", "批准日期"),
        inner=inner,
    )


def test_words_go_to_json_and_come_back_with_their_members() -> None:
    words = outer()
    assert words == "专技职称缺证书编号、批准日期，B面未上传"
    data = to_json(words)
    assert data == {"code": "t.outer", "parts": {"material": "title", "fields": ["证书编号", "批准日期"],
                                                  "inner": {"code": "t.inner", "parts": {"side": "B"}}}}  # fmt: skip
    back = from_json(data, MESSAGES, VOCABULARIES)
    assert back == words and back is not None
    assert back.fields["material"] is MaterialKind.TITLE
    assert back.fields["fields"] == ("证书编号", "批准日期")
    assert back.fields["inner"].code == "t.inner" and back.fields["inner"].fields["side"] is ImageSide.B


def test_a_list_of_members_an_unknown_member_and_an_unknown_nested_sentence() -> None:
    kinds = from_json({"code": "t.kinds", "parts": {"kinds": ["title", "education"]}}, MESSAGES, VOCABULARIES)
    assert kinds is not None and kinds.fields["kinds"] == (MaterialKind.TITLE, MaterialKind.EDUCATION)
    assert kinds == "专技职称、学历信息"
    odd = {
        "code": "t.outer",
        "parts": {"material": "spaceship", "fields": [], "inner": {"code": "t.gone", "parts": {}}},
    }
    back = from_json(odd, MESSAGES, VOCABULARIES)
    assert back is not None and back == "spaceship缺，"  # kept as typed; a sentence not known: nothing
    assert back.fields["material"] == "spaceship" and back.fields["inner"] == ""


def test_words_copied_or_pickled_keep_their_parts() -> None:
    words = outer()
    for again in (copy.copy(words), copy.deepcopy(words), pickle.loads(pickle.dumps(words))):
        assert (again, again.code, again.template) == (words, "t.outer", MESSAGES["t.outer"])
        assert again.fields["material"] is MaterialKind.TITLE


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("", ""),
        ("1", "1"),
        ("1234567", "1******"),
        ("12345678", "123*5678"),
        ("11010519491231002X", "110***********002X"),
    ],
    ids=["empty", "one", "seven", "eight", "resident"],
)
def test_a_number_is_masked_but_for_its_first_three_and_last_four(number: str, shown: str) -> None:
    assert mask_id(number) == shown


@pytest.fixture
def pc_in_los_angeles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_china_day_starts_at_16_utc_the_day_before(pc_in_los_angeles: None) -> None:
    start = day_start_utc(datetime(2026, 12, 5, 3, 0, tzinfo=UTC))  # 11:00 in Beijing on the 5th
    assert start == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)


def test_a_list_of_nested_sentences_comes_back_as_words() -> None:
    data = {"code": "t.kinds", "parts": {"kinds": [{"code": "t.inner", "parts": {"side": "A"}}]}}
    back = from_json(data, MESSAGES, VOCABULARIES)
    assert back == "A面未上传" and back is not None
    (inner,) = back.fields["kinds"]
    assert isinstance(inner, Words) and inner.fields["side"] is ImageSide.A


def test_real_name_numbers_are_checked_on_the_day_given() -> None:
    from datetime import date

    from reviewdesk.domain.identity import make_resident_id
    from reviewdesk.domain.realname import VerifyMethod, check_info

    number = make_resident_id("420102", date(2021, 3, 7), 2)
    method = next(m for m in VerifyMethod if IdType.RESIDENT_ID in m.id_types)
    early = check_info(method, "王芳", IdType.RESIDENT_ID, number, today=date(2020, 1, 1))
    assert early.errors == {"id_number": "出生日期无效：不能晚于今天"}
    later = check_info(method, "王芳", IdType.RESIDENT_ID, number, today=date(2026, 12, 5))
    assert (later.ok, later.name, later.id_type, later.id_number) == (
        True,
        "王芳",
        IdType.RESIDENT_ID,
        number,
    )
