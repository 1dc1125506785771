"""预审提示 sentences in English: the banner's lines and the list cell's tooltip, for flags that travel
as the server sends them (the snapshot's JSON), each checked against English written here by hand; in
Chinese they stay the rules' sentences, and a flag from an older snapshot (no words) shows its Chinese."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from english import english  # noqa: F401 (a fixture)
from tests.domain.test_precheck_flags import EXAM_YEAR, TODAY, clean

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.domain.precheck import record_flags
from reviewdesk.views.detail.flag_texts import TEMPLATES, finding_text, flag_text
from reviewdesk.views.detail.flags_banner import FlagsBanner, tooltip


def test_every_flag_code_is_listed_with_its_template() -> None:
    assert TEMPLATES == precheck.MESSAGES


def _sent(flags: list[precheck.PrecheckFlag]) -> list[dict[str, Any]]:
    """The flags as a workstation receives them: the snapshot's JSON."""
    return json.loads(json.dumps([f.to_dict() for f in flags], ensure_ascii=False))


def _flags() -> list[dict[str, Any]]:
    record = copy.deepcopy(clean())
    record["birth_date"] = "1990-03-08"  # the number says 03-07
    record["materials"][1]["fields"]["批准日期"] = "2024-05-20"  # 师 since 2024: too few years for 中级
    record["materials"][1]["images"] = [record["materials"][1]["images"][0]]  # no B面
    flags = record_flags(record, exam_year=EXAM_YEAR, today=TODAY)
    flags.append(precheck.scan_flag("scan_blurred", scan_checks.BLURRED, "education", "b" * 64, "A"))
    flags.append(precheck.reused_flag("education", "b" * 64, "A", ["张三", "李四", "王五", "赵六"]))
    flags.append(precheck.duplicate_flag("title", "证书编号", "20184200001", ["张三"]))
    return _sent(precheck.sort_flags(flags))


ENGLISH = {
    "birth_mismatch": "Date of birth 1990-03-08 does not match the one in the ID number (1990-03-07)",
    "years_short": (
        "Not enough years of work: with Bachelor, applying for Intermediate needs 4 years after obtaining"
        " Junior (practitioner) (counted to 31 December 2026); has 2"
    ),
    "side_missing": "Professional title: certificate Side B not uploaded",
    "scan_blurred": "The scan is not sharp (blurred)",
    "scan_reused": (
        "Education: the scan is the same as other candidates' (张三, 李四, 王五 and others, 4 in all);"
        " check whether it is used by someone else"
    ),
    "number_duplicate": "Professional title: Certificate no. 20184200001 is the same as other candidates' (张三)",
}
CHINESE = {
    "birth_mismatch": "出生日期1990-03-08与证件号码中的出生日期1990-03-07不一致",
    "years_short": "工作年限不足：本科学历申报中级需取得初级(师)资格后满4年（计算至2026年12月31日），现为2年",
    "side_missing": "专技职称证书B面未上传",
    "scan_blurred": "图片不清晰（模糊）",
    "scan_reused": "学历信息图片与其他考生（张三、李四、王五等4人）的图片相同，请核实是否冒用",
    "number_duplicate": "专技职称证书编号20184200001与其他考生（张三）相同",
}


def _by_code(flags: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in flags if f["code"] in ENGLISH}


def test_flag_sentences_in_english_in_the_banner_and_the_tooltip(qtbot: Any, english: Any) -> None:  # noqa: F811
    flags = _flags()
    found = _by_code(flags)
    assert set(found) == set(ENGLISH)
    assert {code: flag_text(flag) for code, flag in found.items()} == ENGLISH
    assert {code: flag["message"] for code, flag in found.items()} == CHINESE  # the server's words stay

    banner = FlagsBanner()
    qtbot.addWidget(banner)
    banner.set_flags(list(found.values()))
    lines = [line.text() for line in banner.lines if line.isVisible()]
    for line, flag in zip(lines, found.values(), strict=True):
        assert ENGLISH[flag["code"]].replace("'", "&#x27;") in line
    assert tooltip([found["birth_mismatch"], found["scan_reused"]]) == (
        f"▲ {ENGLISH['birth_mismatch']}\n▲ {ENGLISH['scan_reused']}"
    )
    assert finding_text(scan_checks.SMALL.format(width=480, height=360)) == (
        "The scan's resolution is too low (480×360); the certificate's text may not be legible"
    )


def test_flag_sentences_stay_chinese_in_chinese(qtbot: Any) -> None:
    found = _by_code(_flags())
    assert {code: flag_text(flag) for code, flag in found.items()} == CHINESE
    banner = FlagsBanner()
    qtbot.addWidget(banner)
    banner.set_flags([found["years_short"]])
    assert CHINESE["years_short"] in banner.lines[0].text()


def test_a_flag_from_an_older_snapshot_shows_its_chinese(english: Any) -> None:  # noqa: F811
    old = {k: v for k, v in _by_code(_flags())["birth_mismatch"].items() if k != "words"}
    assert flag_text(old) == CHINESE["birth_mismatch"]
    unknown = {**old, "words": {"code": "flag.from_a_newer_server", "parts": {}}}
    assert flag_text(unknown) == CHINESE["birth_mismatch"]
    assert precheck.PrecheckFlag.from_dict(old).to_dict() == old  # and it travels on without words


def test_words_survive_the_round_trip_of_a_flag() -> None:
    flags = _flags()
    assert [precheck.PrecheckFlag.from_dict(f).to_dict() for f in flags] == flags
    assert date.fromisoformat("2026-12-01") == TODAY
