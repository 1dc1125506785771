"""预审提示 sentences in English: the banner's lines and the list cell's tooltip, for flags that travel
as the server sends them (the snapshot's JSON), each checked against English written here by hand; in
Chinese they stay the rules' sentences, and a flag from an older snapshot (no words) shows its Chinese."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from english import english  # noqa: F401 (a fixture)
from PIL import Image, ImageFilter
from tests.domain.test_precheck_flags import EXAM_YEAR, TODAY, clean

from reviewdesk.domain import precheck, scan_checks, scan_rules
from reviewdesk.domain.precheck import record_flags
from reviewdesk.server.demo.planted_scans import document, jpeg
from reviewdesk.views.common.flag_texts import TEMPLATES, finding_text, findings_text, flag_text
from reviewdesk.views.detail.flags_banner import FlagsBanner, tooltip


def test_every_flag_code_is_listed_with_its_template() -> None:
    """Every flag sentence is listed here, but the image policy's refusals (a scan that is not an image):
    those read through the image errors' catalogue."""
    assert {code: t for code, t in precheck.MESSAGES.items() if code not in scan_rules.REASONS} == TEMPLATES
    assert scan_rules.REASONS.items() <= precheck.MESSAGES.items()


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


def _scans() -> dict[str, bytes]:
    """Real files, one per finding, made here: a certificate-like page spoilt in one way each."""
    page = document(5, 1800)
    return {
        "small": jpeg(page.resize((480, 339))),
        "blurred": jpeg(page.filter(ImageFilter.GaussianBlur(8))),
        "dark": jpeg(page.point(lambda v: v // 8)),
        "blank": jpeg(page.point(lambda v: 232 + v // 25)),
        "sideways": jpeg(page.transpose(Image.Transpose.ROTATE_90)),
        "upside_down": jpeg(page.transpose(Image.Transpose.ROTATE_180)),
        "cut": jpeg(page)[:9000],
        "pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\n",
        "text": "毕业证书.jpg 其实是一段文字".encode() * 20,
        "empty": b"",
    }


FINDINGS_ENGLISH = {
    "small": "The scan's resolution is too low (480×339); the certificate's text may not be legible",
    "blurred": "The scan is not sharp (blurred)",
    "dark": "The scan is almost all black; the certificate cannot be seen",
    "blank": "The scan is almost all white; the certificate cannot be seen",
    "sideways": "The scan is sideways (not upright); check that it is the certificate's front",
    "upside_down": "The scan is upside down",
    "cut": "The image file is incomplete (its data is truncated) and cannot be decoded",
    "pdf": "Wrong image format: the file's content is PDF; only png, jpg and jpeg are accepted",
    "text": "Wrong image format: the file's content is not a png, jpg or jpeg image",
    "empty": "The image file is empty (0 bytes)",
}
FINDINGS_CHINESE = {
    "small": "图片分辨率过低（480×339），证书文字可能无法看清",
    "blurred": "图片不清晰（模糊）",
    "dark": "图片几乎全黑，看不到证书内容",
    "blank": "图片几乎全白，看不到证书内容",
    "sideways": "图片横置（未摆正），请核对是否为证书正面",
    "upside_down": "图片倒置（上下颠倒）",
    "cut": "图片文件不完整（数据被截断），无法解码",
    "pdf": "图片格式不符：文件内容是 PDF 格式，仅支持 png、jpg、jpeg",
    "text": "图片格式不符：文件内容不是 png、jpg、jpeg 图片",
    "empty": "图片文件为空（0 字节）",
}


def _first_finding(data: bytes) -> tuple[str, str]:
    (finding,) = scan_checks.check_scan(data).findings[:1]
    return finding.code, finding.message


def test_every_scan_finding_in_english_as_checked_here_and_as_the_server_keeps_it(english: Any) -> None:  # noqa: F811
    """Each scan check's finding — the 填报 page's warning (checked in this process), the batch preview's
    cell, and the flag a workstation receives (the server keeps the finding as a finished sentence on
    its blobs row and words the flag from it) — in English written here by hand."""
    findings = {name: _first_finding(data) for name, data in _scans().items()}
    assert {name: message for name, (_code, message) in findings.items()} == FINDINGS_CHINESE
    assert {name: finding_text(message) for name, (_code, message) in findings.items()} == FINDINGS_ENGLISH
    kept = {name: (code, str(message)) for name, (code, message) in findings.items()}  # words gone
    assert {name: finding_text(message) for name, (_code, message) in kept.items()} == FINDINGS_ENGLISH
    assert findings_text([kept["cut"], kept["blurred"]]) == (
        f"{FINDINGS_ENGLISH['cut']}; {FINDINGS_ENGLISH['blurred']}"
    )
    sent = {
        name: _sent([precheck.scan_flag(code, message, "education", "c" * 64, "A")])[0]
        for name, (code, message) in kept.items()
    }
    assert {name: flag_text(flag) for name, flag in sent.items()} == FINDINGS_ENGLISH
    assert {name: flag["message"] for name, flag in sent.items()} == FINDINGS_CHINESE
    assert sent["cut"]["severity"] == "alert" and sent["blurred"]["severity"] == "warn"
    # a flag cached without words (a "not an image" one before refusals had codes) reads back from its sentence
    unworded = {name: {k: v for k, v in flag.items() if k != "words"} for name, flag in sent.items()}
    assert {name: flag_text(flag) for name, flag in unworded.items()} == FINDINGS_ENGLISH


def test_scan_findings_stay_chinese_in_chinese() -> None:
    findings = {name: _first_finding(data) for name, data in _scans().items()}
    assert {name: finding_text(message) for name, (_code, message) in findings.items()} == FINDINGS_CHINESE
