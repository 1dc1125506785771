"""The demo data set: deterministic, valid, believable, and covering every stage and awkward image."""

from __future__ import annotations

import hashlib
import inspect
import io
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from PIL import Image

from reviewdesk.domain import precheck as pc
from reviewdesk.domain import workflow as wf
from reviewdesk.domain.catalogue import load_catalogue
from reviewdesk.domain.divisions import HUBEI_CITIES
from reviewdesk.domain.eligibility import facts_from_record, precheck
from reviewdesk.domain.enums import (
    HistoryAction,
    IdType,
    Level,
    Library,
    MaterialKind,
    PayStatus,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)
from reviewdesk.domain.identity import validate_id
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server.demo import images as demo_images
from reviewdesk.server.demo import plants
from reviewdesk.server.demo.data import (
    CONFIRMATION_ALPHABET,
    DemoCandidate,
    DemoData,
    generate,
)

COUNT = 1500
POOL = 12
#: The day the data is seeded on (its 审核进度 is dated relative to it): fixed, so the data is too.
DAY = date(2026, 12, 5)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(COUNT, 5, image_pool_size=POOL, today=DAY)


@pytest.fixture(scope="module")
def people(data: DemoData) -> list[DemoCandidate]:
    return list(data.candidates())


def test_same_seed_same_data(data: DemoData, people: list[DemoCandidate]) -> None:
    again = generate(COUNT, 5, image_pool_size=POOL, today=DAY)
    assert again.orgs == data.orgs and again.users == data.users and again.project == data.project
    assert [again.candidate(i) for i in range(200)] == people[:200]
    assert [sha for sha, _, _ in again.blobs()] == [sha for sha, _, _ in data.blobs()]
    other = generate(COUNT, 6, image_pool_size=POOL, today=DAY)
    assert [other.candidate(i) for i in range(20)] != people[:20]


def test_candidates_stream_and_do_not_depend_on_the_total(
    data: DemoData, people: list[DemoCandidate]
) -> None:
    big = generate(1_000_000, 5, image_pool_size=POOL, today=DAY)
    stream = big.candidates()
    assert inspect.isgenerator(stream)
    assert next(stream) == people[0]  # the millionth is never built to get the first
    assert generate(10, 5, image_pool_size=POOL, today=DAY).candidate(7) == people[7]


def test_organisation_tree(data: DemoData) -> None:
    orgs = data.orgs
    assert [o.id for o in orgs] == list(range(1, len(orgs) + 1))
    by_id = {o.id: o for o in orgs}
    province = orgs[0]
    assert (province.tier, province.name, province.division_code, province.parent_id) == (
        Tier.PROVINCE,
        "湖北省卫生健康委员会",
        "420000",
        None,
    )
    cities = [o for o in orgs if o.tier is Tier.CITY]
    assert sorted(o.division_code for o in cities) == sorted(c.code for c in HUBEI_CITIES)
    assert all(o.parent_id == 1 and o.name.endswith("卫生健康委员会") for o in cities)
    wuhan = next(o for o in cities if o.division_code == "420100")
    assert wuhan.name == "武汉市卫生健康委员会"
    wuhan_counties = [o for o in orgs if o.tier is Tier.COUNTY and o.parent_id == wuhan.id]
    assert len(wuhan_counties) == 13 and "420102" in {o.division_code for o in wuhan_counties}
    units = [o for o in orgs if o.tier is Tier.UNIT]
    assert 300 <= len(units) <= 1000
    assert "武汉市江岸区人民医院" in {u.name for u in units}
    assert {"湖北省人民医院", "湖北省中医院", "华中科技大学同济医学院附属协和医院"} <= {
        u.name for u in units if u.parent_id == 1
    }
    for city in cities:
        children = [o for o in orgs if o.parent_id == city.id]
        if city.division_code.startswith("4290"):  # 省直管: units sit directly under the city
            assert children and all(o.tier is Tier.UNIT for o in children)
        else:
            assert any(o.tier is Tier.COUNTY for o in children)
    codes = [u.confirmation_code for u in units]
    assert len(set(codes)) == len(codes)
    assert all(c and len(c) == 6 and set(c) <= set(CONFIRMATION_ALPHABET) for c in codes)
    assert not set("0O1I") & set(CONFIRMATION_ALPHABET)
    assert all(o.confirmation_code is None for o in orgs if o.tier is not Tier.UNIT)
    assert len({u.division_code for u in units}) == len(units)
    for unit in units:
        assert re.fullmatch(r"42\d{7}", unit.division_code)
        parent = by_id[unit.parent_id]
        assert parent.tier is not Tier.UNIT
        if parent.tier is Tier.COUNTY:
            assert unit.division_code.startswith(parent.division_code)


def test_demo_accounts_cover_one_chain(data: DemoData) -> None:
    accounts = data.demo_accounts()
    by_id = {o.id: o for o in data.orgs}
    chain = [by_id[a.org_id] for a in accounts[:4]]
    assert [o.tier for o in chain] == [Tier.PROVINCE, Tier.CITY, Tier.COUNTY, Tier.UNIT]
    assert all(a.role == "reviewer" for a in accounts[:4])
    for lower, upper in zip(chain[1:], chain[:-1], strict=True):
        assert lower.parent_id == upper.id
    admin = accounts[4]
    assert admin.role == "admin" and admin.org_id == chain[3].id
    assert chain[3].name == "武汉市江岸区人民医院"
    assert len({a.password for a in accounts}) == 1 and accounts[0].password
    assert len({u.username for u in data.users}) == len(data.users)
    assert {u.org_id for u in data.users} == {o.id for o in data.orgs}


def test_identities_are_valid_and_fit_the_person(people: list[DemoCandidate]) -> None:
    age_range = {Level.ASSISTANT: (20, 40), Level.JUNIOR: (22, 50), Level.INTERMEDIATE: (26, 55)}
    for person in people:
        check = validate_id(person.id_type, person.id_number, today=date(2026, 12, 1))
        assert check.ok, (person.id_type, person.id_number, check.message)
        assert check.normalized == person.id_number
        contradicted = set(person.planted) & {pc.BIRTH_MISMATCH, pc.GENDER_MISMATCH}
        if person.id_type in {IdType.RESIDENT_ID, IdType.HMT_RESIDENCE} and not contradicted:
            assert check.birth_date == person.birth_date and check.gender == person.gender
        low, high = age_range[person.level]
        assert low <= 2027 - person.birth_date.year <= high
        assert 1 <= len(person.name) <= 4 and re.fullmatch(r"1[3-9]\d{9}", person.phone)
    types = Counter(p.id_type for p in people)
    assert 0.95 <= types[IdType.RESIDENT_ID] / len(people) < 1
    hubei = sum(p.id_number.startswith("42") for p in people if p.id_type is IdType.RESIDENT_ID)
    assert hubei / types[IdType.RESIDENT_ID] > 0.8


def test_levels_categories_and_materials(people: list[DemoCandidate]) -> None:
    catalogue = load_catalogue()
    levels = Counter(p.level for p in people)
    assert all(levels[level] > 0.1 * len(people) for level in Level)
    for person in people:
        assert catalogue.level_of(person.category_code) is person.level
        assert catalogue.name_of(person.category_code) == person.category_name
        kinds = [m.kind for m in person.materials]
        assert kinds[0] is MaterialKind.EDUCATION
        education = person.materials[0].fields
        assert education["学历层级"] == person.education_level.label
        assert set(education) == {
            "学历层级", "毕业证号", "入学时间", "毕业时间", "毕业学校", "学制", "专业类型", "所学专业", "学习形式",
            "学历认证报告编号",
        }  # fmt: skip
        if "护理" in person.category_name:
            assert MaterialKind.NURSE_PRACTICE in kinds
        for material in person.materials:
            if material.kind is MaterialKind.TITLE:
                assert {
                    "资格系列",
                    "资格级别",
                    "专业",
                    "取得方式",
                    "取得途径",
                    "批准日期",
                    "证书编号",
                    "是否为省线证",
                } <= set(material.fields)
            if material.kind in {MaterialKind.PHYSICIAN_QUALIFICATION, MaterialKind.PHYSICIAN_PRACTICE}:
                assert set(material.fields) == {"资格级别", "资格类别", "签发日期", "证书编码"}
            if material.kind is MaterialKind.NURSE_PRACTICE:
                assert set(material.fields) == {"证书编码", "签发日期", "执业地点", "有效期至"}
            assert all(isinstance(v, str) for v in material.fields.values())
    physicians = [p for p in people if catalogue.requires_physician_qualification(p.category_code)]
    with_qualification = [
        p for p in physicians if any(m.kind is MaterialKind.PHYSICIAN_QUALIFICATION for m in p.materials)
    ]
    assert physicians and len(with_qualification) > 0.85 * len(physicians)
    title_share = [
        any(m.kind is MaterialKind.TITLE for m in p.materials)
        for p in people
        if p.level is Level.INTERMEDIATE
    ]
    assert sum(title_share) > 0.85 * len(title_share)


def test_libraries(people: list[DemoCandidate]) -> None:
    for person in people:
        assert list(person.libraries) == list(Library)
    hits = Counter(lib for p in people for lib, entries in p.libraries.items() if entries)
    assert all(hits[lib] > 0 for lib in Library), hits
    misconduct = [p for p in people if p.libraries[Library.MISCONDUCT]]
    assert 0.003 < len(misconduct) / len(people) < 0.03
    assert all(
        re.fullmatch(r"20\d\d年度考试违纪人员，请重点关注", p.libraries[Library.MISCONDUCT][0])
        for p in misconduct
    )
    assert 0.02 < sum(p.frontline for p in people) / len(people) < 0.09


def test_review_history_replays_to_the_state(data: DemoData, people: list[DemoCandidate]) -> None:
    """Every stage was reached through the real workflow: replaying the history gives the state."""
    for person in people:
        state = ReviewState(chain=data.unit_chain(person.unit_id))
        last = None
        for event in person.history:
            assert event.at.utcoffset() == timedelta(hours=8)
            assert last is None or event.at >= last
            last = event.at
            if event.action is HistoryAction.SUBMITTED:
                state = wf.submit(state)
            elif event.action is HistoryAction.WITHDRAWN:
                state = wf.withdraw(state)
            elif event.action is HistoryAction.DECIDED:
                assert event.tier is not None and event.outcome is not None and event.actor
                state = wf.decide(state, event.tier, event.outcome, event.remark)
            elif event.action is HistoryAction.REPORTED:
                assert event.tier is not None
                state = wf.report_up(state, event.tier)
            if event.tier is not None:
                org = next(o for o in data.orgs if o.id == event.org_id)
                assert org.tier is event.tier
        assert state == person.review
        submissions = sum(e.action is HistoryAction.SUBMITTED for e in person.history)
        assert person.submission_rev == submissions
        if person.history:
            assert data.season[0] <= person.history[0].at and person.history[-1].at < data.season[1]
        submitted = person.review.submit_status is SubmitStatus.SUBMITTED
        assert (person.submitted_at is not None) == submitted
        if person.pay_status is PayStatus.PAID:
            assert person.review.review_ended


def test_every_stage_appears_in_believable_shares(people: list[DemoCandidate]) -> None:
    def share(predicate) -> float:  # type: ignore[no-untyped-def]
        return sum(1 for p in people if predicate(p.review)) / len(people)

    def holder_status(review: ReviewState, tier: Tier, status: ReviewStatus) -> bool:
        return review.at_tier is tier and review.status_at(tier) is status

    never = share(
        lambda r: (
            r.submit_status is SubmitStatus.NOT_SUBMITTED
            and dict(r.statuses) == {Tier.UNIT: ReviewStatus.PENDING}
        )
    )
    assert 0.05 < never < 0.16
    assert 0.2 < share(lambda r: holder_status(r, Tier.UNIT, ReviewStatus.PENDING)) < 0.4
    assert share(lambda r: ReviewStatus.ON_HOLD in r.statuses.values()) > 0.02
    assert share(lambda r: holder_status(r, Tier.UNIT, ReviewStatus.PASSED)) > 0.03
    for tier in (Tier.COUNTY, Tier.CITY, Tier.PROVINCE):
        assert share(lambda r, t=tier: holder_status(r, t, ReviewStatus.PENDING)) > 0.01, tier
    returned = share(lambda r: ReviewStatus.RETURNED in r.statuses.values())
    assert 0.015 < returned < 0.08
    assert any(p.submission_rev >= 2 and p.review.submit_status is SubmitStatus.SUBMITTED for p in people)
    assert 0.01 < share(lambda r: r.rejected) < 0.06
    ended = [p for p in people if p.review.review_ended]
    assert 0.08 < len(ended) / len(people) < 0.3
    paid = sum(p.pay_status is PayStatus.PAID for p in ended) / len(ended)
    assert 0.35 < paid < 0.65


def test_materials_of_decided_records_are_mostly_verified(people: list[DemoCandidate]) -> None:
    decided = [p for p in people if p.review.status_at(Tier.UNIT) not in (None, ReviewStatus.PENDING)]
    statuses = Counter(m.verify_status for p in decided for m in p.materials)
    assert statuses[VerifyStatus.VERIFIED] > 0.8 * sum(statuses.values())
    assert statuses[VerifyStatus.FAILED] > 0
    failed = [m for p in decided for m in p.materials if m.verify_status is VerifyStatus.FAILED]
    assert all(m.verify_remark for m in failed)
    undecided = [
        p
        for p in people
        if p.review.status_at(Tier.UNIT) is ReviewStatus.PENDING and len(p.review.statuses) == 1
    ]
    assert all(m.verify_status is VerifyStatus.PENDING for p in undecided for m in p.materials)


def test_about_a_tenth_fail_the_eligibility_prechecks(data: DemoData, people: list[DemoCandidate]) -> None:
    names = {o.id: o.name for o in data.orgs}
    catalogue = load_catalogue()
    noteworthy = {
        "years_short",
        "title_missing",
        "residency_missing",
        "physician_qualification_missing",
        "title_level_low",
    }
    flagged = 0
    for person in people:
        facts = facts_from_record(
            level=person.level,
            category_code=person.category_code,
            education_level=person.education_level,
            exam_year=2027,
            id_type=person.id_type,
            id_number=person.id_number,
            materials=[(m.kind, m.fields) for m in person.materials],
            libraries=person.libraries,
            unit_name=names[person.unit_id],
        )
        codes = {f.code for f in precheck(facts, catalogue, today=date(2026, 12, 1))}
        assert "id_invalid" not in codes and "age_implausible" not in codes
        flagged += bool(codes & noteworthy)
    assert 0.05 < flagged / len(people) < 0.2


def test_blobs_match_their_hashes_and_formats(data: DemoData) -> None:
    variants = Counter()
    blobs = list(data.blobs())
    pooled_blobs, planted = blobs[: len(data.image_pool)], blobs[len(data.image_pool) :]
    for sha, blob, mime in planted:  # the scans 预审提示's ground truth plants (demo.plants)
        assert hashlib.sha256(blob).hexdigest() == sha and mime == "image/jpeg"
    assert len(planted) == sum(plants.drawn_scan(5, i) is not None for i in range(COUNT)) > 0
    for (sha, blob, mime), pooled in zip(pooled_blobs, data.image_pool, strict=True):
        assert hashlib.sha256(blob).hexdigest() == sha == pooled.sha256 and mime == pooled.mime
        variants[pooled.variant] += 1
        image = Image.open(io.BytesIO(blob))
        assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[mime]
        assert (image.width, image.height) == (pooled.width, pooled.height)
        if pooled.variant == demo_images.CORRUPT:
            with pytest.raises(OSError):
                image.load()
            continue
        image.load()
        if pooled.variant == demo_images.TINY:
            assert image.size == (300, 200)
        else:
            assert 2000 <= max(image.size) <= 4600 and min(image.size) >= 1400
            assert len(blob) <= 3 * 1024 * 1024  # the upload rule: at most 3 MB
    assert all(variants[v] == 1 for v in demo_images.SPECIAL_VARIANTS)
    assert len({sha for sha, _, _ in pooled_blobs}) == POOL


def test_candidates_reference_pool_images_including_the_awkward_ones(
    data: DemoData, people: list[DemoCandidate]
) -> None:
    pool = {p.sha256: p for p in data.image_pool}
    planted = {sha for sha, _, _ in list(data.blobs())[POOL:]}
    seen = Counter()
    missing = 0
    for person in people:
        for material in person.materials:
            if not material.images:
                missing += 1
            for page, image in enumerate(material.images, start=1):
                if image.sha256 in planted:  # a scan 预审提示's ground truth plants (demo.plants)
                    assert set(person.planted) & {*plants.SCAN_PLANTS, pc.SCAN_REUSED}
                    continue
                pooled = pool[image.sha256]
                assert (image.mime, image.size) == (pooled.mime, pooled.size)
                assert image.filename.startswith(person.name + person.id_number)
                assert image.filename.endswith(f"第{page}页.{pooled.extension}")
                seen[pooled.variant] += 1
    assert all(seen[v] > 0 for v in demo_images.SPECIAL_VARIANTS), seen
    total = sum(len(p.materials) for p in people)
    assert 0.01 < missing / total < 0.06


def test_pool_renders_without_a_cjk_font() -> None:
    pool = demo_images.render_pool(3, 1, font_path=None)
    assert [p.variant for p in pool] == ["normal"] * 3
    Image.open(io.BytesIO(pool[0].data)).load()
    assert demo_images.find_cjk_font() is None or demo_images.find_cjk_font().is_file()
