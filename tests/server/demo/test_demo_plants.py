"""The demo plants every 预审提示 kind on purpose and says where (the benchmark's ground truth)."""

from __future__ import annotations

import hashlib

import pytest

from reviewdesk.domain import precheck, scan_checks
from reviewdesk.server.demo import plants
from reviewdesk.server.demo.data import generate

SEED = 1
data = generate(plants.DRAWN_WITHIN, SEED)
PLANTED = {i: plants.planted_on(SEED, i) for i in range(plants.DRAWN_WITHIN)}


def first(code: str) -> int:
    return next(i for i, (c, start) in PLANTED.items() if c == code and start == i)


def education(index: int) -> dict[str, str]:
    return next(m.fields for m in data.candidate(index).materials if m.kind.value == "education")


def test_every_kind_is_planted_and_recorded() -> None:
    codes = {code for code, _ in PLANTED.values()}
    assert set(plants.RECORD_PLANTS) | set(plants.SCAN_PLANTS) | set(plants.PAIR_PLANTS) <= codes
    for code in (*plants.RECORD_PLANTS, *plants.SCAN_PLANTS):
        candidate = data.candidate(first(code))
        assert code in candidate.planted, (code, candidate.planted)
        assert plants.KIND_OF_CODE[code] in plants.truth(candidate)


def test_record_plants_change_what_they_say() -> None:
    candidate = data.candidate(first(precheck.BIRTH_MISMATCH))
    assert candidate.birth_date.strftime("%Y%m%d") != candidate.id_number[6:14]
    male = int(data.candidate(first(precheck.GENDER_MISMATCH)).id_number[16]) % 2 == 1
    assert (data.candidate(first(precheck.GENDER_MISMATCH)).gender == "male") != male
    fields = education(first(precheck.GRADUATION_BEFORE_ENTRY))
    assert fields["入学时间"] > fields["毕业时间"]
    assert education(first(precheck.FIELD_MISSING))["毕业证号"] == ""


def test_pairs_share_a_scan_or_a_number_and_both_know() -> None:
    reused = first(precheck.SCAN_REUSED)
    a, b = data.candidate(reused), data.candidate(reused + 1)
    assert precheck.SCAN_REUSED in a.planted and precheck.SCAN_REUSED in b.planted
    sha_a, sha_b = (
        next(m.images[0].sha256 for m in c.materials if m.kind.value == "education") for c in (a, b)
    )
    stored = {sha: blob for sha, blob, _mime in data.blobs()}
    assert sha_a != sha_b and {sha_a, sha_b} <= set(stored)
    assert hashlib.sha256(stored[sha_a]).hexdigest() == sha_a
    reports = [scan_checks.check_scan(stored[sha]) for sha in (sha_a, sha_b)]
    assert scan_checks.same_scan(*(r.print for r in reports))
    assert set(scan_checks.hash_bands(reports[0].hash)) & set(scan_checks.hash_bands(reports[1].hash))
    duplicate = first(precheck.NUMBER_DUPLICATE)
    assert education(duplicate)["毕业证号"] == education(duplicate + 1)["毕业证号"]


@pytest.mark.parametrize("code", plants.SCAN_PLANTS)
def test_a_planted_scan_trips_its_own_check(code: str) -> None:
    index = first(code)
    sha = next(m.images[0].sha256 for m in data.candidate(index).materials if m.kind.value == "education")
    data_bytes = plants.drawn_scan(SEED, index)
    assert data_bytes is not None and hashlib.sha256(data_bytes).hexdigest() == sha
    assert scan_checks.check_scan(data_bytes).codes == (code,)


def test_drawn_plants_stay_among_the_first_candidates() -> None:
    assert all(
        plants.plant_of(SEED, i) in ("", *plants.RECORD_PLANTS)
        for i in range(plants.DRAWN_WITHIN, plants.DRAWN_WITHIN + 2000)
    )
