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
