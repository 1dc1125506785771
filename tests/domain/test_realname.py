"""实名认证's rules (domain/realname): methods and their documents, 信息填写 checks, the day that counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reviewdesk.domain.candidate_info import NAME_EMPTY, NAME_FORMAT
from reviewdesk.domain.enums import IdType
from reviewdesk.domain.identity import CHECKSUM_TEMPLATE, HMT_PREFIX
from reviewdesk.domain.realname import (
    ID_TYPE_WRONG,
    VerifyMethod,
    check_info,
    china_day,
    day_start_utc,
    locked,
    mask_id,
)

VALID = "11010519491231002X"


def test_the_seed_s_five_methods_in_its_order() -> None:
    assert VerifyMethod.labels() == [
        "身份证(自动核验)",
        "护照",
        "港澳通行证",
        "港澳台居民居住证",
        "身份证(人工审核)",
    ]
    assert [m for m in VerifyMethod if m.automatic] == [VerifyMethod.ID_AUTO]
    assert VerifyMethod.HK_MACAO.id_types == (IdType.HK_MACAO_PERMIT, IdType.TAIWAN_PERMIT)


def test_info_is_checked_per_field_for_its_kind() -> None:
    good = check_info(
        VerifyMethod.ID_AUTO, "  王  芳 ", IdType.RESIDENT_ID, " 11010519491231002x ", today=date(2026, 12, 1)
    )
    assert (good.ok, good.name, good.id_number) == (True, "王 芳", VALID)  # the 填报 form's normalisation
    bad = check_info(VerifyMethod.ID_AUTO, "", IdType.PASSPORT, VALID[:17] + "1", today=date(2026, 12, 1))
    assert bad.errors == {
        "name": NAME_EMPTY,
        "id_type": ID_TYPE_WRONG,
        "id_number": "护照号码应为5至17位字母或数字",
    }
    wrong_check = check_info(VerifyMethod.ID_MANUAL, "王芳", IdType.RESIDENT_ID, VALID[:17] + "1")
    assert wrong_check.errors == {"id_number": CHECKSUM_TEMPLATE.format(expected="X")}
    hmt = check_info(VerifyMethod.HMT_RESIDENCE, "陈<script>", IdType.HMT_RESIDENCE, VALID)
    assert hmt.errors == {"name": NAME_FORMAT, "id_number": HMT_PREFIX}
    assert check_info(VerifyMethod.PASSPORT, "Anna Li·Smith", IdType.PASSPORT, "E12345678").ok


def test_the_day_is_china_s_and_the_lock_comes_at_three() -> None:
    late_utc = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)  # 01:30 on the 5th in China
    assert china_day(late_utc) == date(2026, 12, 5)
    assert day_start_utc(late_utc) == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    assert [locked(n) for n in (0, 2, 3, 4)] == [False, False, True, True]


def test_numbers_are_masked_on_pages() -> None:
    assert mask_id(VALID) == "110***********002X"
    assert mask_id("H1234") == "H****"
