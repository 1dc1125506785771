"""The flags of a record edited on the desktop before the server has seen it: the server's
cross-candidate flags kept only while what they point at is still there, scans' findings placed on
every material and face that shows them, the scans checked here over the server's findings."""

from __future__ import annotations

from datetime import date
from typing import Any

from reviewdesk.domain import precheck, precheck_local
from reviewdesk.domain.catalogue import load_catalogue

SHA_A, SHA_B = "a" * 64, "b" * 64


def _held() -> dict[str, Any]:
    reused = precheck.reused_flag("education", SHA_A, "A", ["李四"])
    duplicate = precheck.duplicate_flag("title", "证书编号", "2019420000123", ["王五"])
    blurred = precheck.scan_flag("scan_blurred", "图片不清晰（模糊）", "education", SHA_A, "A")
    return {
        "materials": [
            {"kind": "education", "fields": {}, "images": [{"sha256": SHA_A, "side": "A"}]},
            {"kind": "title", "fields": {"证书编号": "2019420000123"}, "images": []},
        ],
        "flags": [f.to_dict() for f in (reused, duplicate, blurred, blurred)],
    }


def _edited(images: list[dict[str, str]], number: str) -> dict[str, Any]:
    return {
        "materials": [
            {"kind": "education", "fields": {}, "images": images},
            {"kind": "title", "fields": {"证书编号": number}, "images": []},
        ]
    }


def test_cross_candidate_flags_stay_while_what_they_point_at_stays() -> None:
    held = _held()
    same = precheck_local.carried_flags(_edited([{"sha256": SHA_A, "side": "A"}], "2019 4200 00123"), held)
    assert [f.code for f in same] == ["scan_reused", "number_duplicate"]  # the number as normalized
    changed = precheck_local.carried_flags(_edited([{"sha256": SHA_B, "side": "A"}], "2019420000999"), held)
    assert changed == []
    assert precheck_local.carried_flags(_edited([], ""), None) == []


def test_scan_findings_are_placed_and_the_ones_checked_here_win() -> None:
    held = _held()
    assert precheck_local.server_findings(held["flags"]) == {SHA_A: [("scan_blurred", "图片不清晰（模糊）")]}
    edited = _edited([{"sha256": SHA_A, "side": "A"}, {"sha256": SHA_B, "side": "B"}], "2019420000123")
    edited["materials"][1]["images"] = [{"sha256": SHA_A, "side": "A"}]  # the same scan shown twice
    flags = precheck_local.local_flags(
        edited, held, {SHA_B: [("scan_small", "图片分辨率过低（100×80），证书文字可能无法看清")]},
        exam_year=2027, today=date(2026, 12, 5), catalogue=load_catalogue(),
    )  # fmt: skip
    scans = [(f.code, f.material, f.image, f.side) for f in flags if f.kind == "scan"]
    assert scans == [
        ("scan_blurred", "education", SHA_A, "A"),
        ("scan_small", "education", SHA_B, "B"),
        ("scan_blurred", "title", SHA_A, "A"),
    ]
    rechecked = precheck_local.local_flags(
        edited, held, {SHA_A: []}, exam_year=2027, today=date(2026, 12, 5), catalogue=load_catalogue()
    )
    assert [f for f in rechecked if f.kind == "scan"] == []  # checked here: nothing found


def test_the_record_rules_use_the_exam_year_day_and_catalogue_given_and_keep_every_flag() -> None:
    from test_precheck_flags import changed, material

    record = changed(("education", "fields", "毕业时间"), "2012-07-01")
    record["materials"] = [m for m in record["materials"] if m["kind"] != "nurse_practice"]
    material(record, "education")["images"] = [{"sha256": SHA_B, "side": "A"}]
    held = {**_held(), "materials": record["materials"]}
    held["flags"] = [precheck.reused_flag("education", SHA_B, "A", ["李四"]).to_dict()]
    nursing_as_pharmacy = load_catalogue().to_dict()
    for category in nursing_as_pharmacy["levels"]["intermediate"]:
        if category["code"] == "368":
            category["series"] = "pharmacy"

    def codes(exam_year: int, today: date, catalogue: dict[str, Any] | None) -> list[str]:
        found = precheck_local.local_flags(
            record, held, {SHA_B: [("scan_blurred", "图片不清晰（模糊）")]}, exam_year=exam_year, today=today,
            catalogue=load_catalogue(catalogue),
        )  # fmt: skip
        return [f.code for f in found]

    # title 2018-05-20: 4 full years by 2022-12-31 (exam 2023), not by 2021-12-31 (exam 2022); a nurse
    # (护理学) needs a 护士执业证; the reused scan and the blurred one are flagged beside the rules, in
    # the tabs' order after the alert (学历信息, 专技职称, 护士执业证)
    assert codes(2023, date(2026, 12, 5), None) == ["scan_reused", "scan_blurred", "licence_missing"]
    assert codes(2022, date(2026, 12, 5), None) == [
        "scan_reused",
        "scan_blurred",
        "years_short",
        "licence_missing",
    ]
    assert codes(2023, date(2026, 12, 5), nursing_as_pharmacy) == ["scan_reused", "scan_blurred"]
    # on 2018-01-01 the title's 批准日期 (2018-05-20) is still to come
    assert codes(2023, date(2018, 1, 1), None) == [
        "scan_reused",
        "scan_blurred",
        "date_future",
        "licence_missing",
    ]
