"""Realistic, deterministic demo data: Hubei's organisations, reviewers and a stream of candidates.

Why: the demo, the tests of every layer and the benchmarks all need a province's worth of believable
records — real 市州/区县 codes, valid ID numbers, materials with the seeds' field names, a spread of review
stages reached through the real :mod:`reviewdesk.domain.workflow` transitions — and need the *same*
records for the same seed, so a failure can be replayed.

Design:

* Everything comes from ``random.Random`` seeded from ``seed`` (never global random, never the clock).
  Each candidate has its own generator seeded with ``(seed, index)``, so candidate *i* is the same
  whatever the total, and :meth:`DemoData.candidates` streams: 100,000 candidates never sit in memory.
* Organisations are built once in :func:`generate`: 湖北省 → 17 市州 → their 区县 → units, plus
  province-direct and city-direct units. The 4 省直管 cities (仙桃/潜江/天门/神农架) have no 区县 level.
* Images come from a small content-addressed pool (:mod:`reviewdesk.server.demo.images` explains why),
  rendered on first use and shared by all candidates.
* The parts live in their own modules, each drawing from the candidate's generator in a fixed order:
  ``demo_records`` (what is yielded), ``demo_orgs`` (organisations, units, accounts), ``demo_people``
  (names, ID numbers, phones), ``demo_timeline`` (dates), ``demo_libraries`` (比对库),
  ``demo_materials`` (materials and their images), ``demo_review`` (the record stages); this module
  puts a candidate together. ``tests/server/test_server_demo_fingerprint.py`` pins the result.
* About 10% of candidates do not meet the (unverified) eligibility table on purpose, so pre-check flags
  have something to find; they are also likelier to be held, returned or rejected.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from reviewdesk.domain.catalogue import Catalogue, Category, load_catalogue
from reviewdesk.domain.enums import PROJECT_TYPE, Level, PayStatus, Tier
from reviewdesk.domain.workflow import FULL_CHAIN
from reviewdesk.server.demo import images as demo_images
from reviewdesk.server.demo import plants
from reviewdesk.server.demo.draws import pick, pick_cumulative
from reviewdesk.server.demo.images import PoolImage
from reviewdesk.server.demo.libraries import libraries
from reviewdesk.server.demo.materials import MaterialMaker
from reviewdesk.server.demo.orgs import (
    CONFIRMATION_ALPHABET,
    DEMO_UNIT_NAME,
    DemoUnit,
    build_orgs,
    make_users,
)
from reviewdesk.server.demo.people import identity, person_name, phone_number
from reviewdesk.server.demo.records import (
    CST,
    DEMO_PASSWORD,
    EXAM_YEAR,
    PROJECT_NAME,
    DemoCandidate,
    DemoEvent,
    DemoImage,
    DemoMaterial,
    DemoOrg,
    DemoUser,
    Project,
    beijing_today,
    season_bounds,
)
from reviewdesk.server.demo.review import review_story
from reviewdesk.server.demo.scans import ScanPainter, personalise
from reviewdesk.server.demo.timeline import make_timeline


@dataclass
class DemoData:
    """Organisations and users (in memory: hundreds) and a deterministic stream of candidates."""

    project: Project
    orgs: list[DemoOrg]
    users: list[DemoUser]
    candidate_count: int = 0
    seed: int = 0
    image_pool_size: int = 40
    #: The day it is seeded (北京时间): the 审核进度 lies wholly before it (``records.season_bounds``).
    today: date = field(default_factory=beijing_today)
    #: Paint the 毕业证书/专技职称 scans of the demo accounts' candidates from their records (``scans.py``).
    personal_scans: bool = False
    catalogue: Catalogue = field(default_factory=load_catalogue, repr=False)
    units: list[DemoUnit] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._unit_cum = list(itertools.accumulate(u.weight for u in self.units))
        self.reviewer_names = {u.org_id: u.display_name for u in self.users if u.role == "reviewer"}
        self._org_by_id = {o.id: o for o in self.orgs}
        self.season = season_bounds(self.today)
        self._category_tables = {
            level: _weighted_categories(self.catalogue.categories(level)) for level in Level
        }

    # -- images ------------------------------------------------------------------------------
    @cached_property
    def image_pool(self) -> list[PoolImage]:
        """The distinct images every material draws from (rendered once, on first use)."""
        return demo_images.render_pool(self.image_pool_size, self.seed)

    @cached_property
    def images_by_title(self) -> tuple[dict[str, list[PoolImage]], list[PoolImage], list[PoolImage]]:
        normal = [p for p in self.image_pool if p.variant == demo_images.NORMAL]
        special = [p for p in self.image_pool if p.variant != demo_images.NORMAL]
        by_title: dict[str, list[PoolImage]] = {}
        for image in normal:
            by_title.setdefault(image.title, []).append(image)
        return by_title, normal or list(self.image_pool), special

    @cached_property
    def scan_painter(self) -> ScanPainter:
        return ScanPainter()

    @cached_property
    def pooled_specials(self) -> frozenset[str]:
        """The pool's awkward scans (rotated, blurred, tiny, corrupt): kept as they are, never repainted."""
        return frozenset(p.sha256 for p in self.image_pool if p.variant != demo_images.NORMAL)

    @cached_property
    def personal_scan_units(self) -> frozenset[int]:
        """Units whose candidates get scans painted from their records: every unit of the demo unit's 区县
        and the units of the demo's other accounts — what the demo's accounts review first."""
        accounts = {user.org_id for user in self.demo_accounts()}
        demo_unit = next(u for u in self.units if u.org.name == DEMO_UNIT_NAME)
        county = demo_unit.tier_orgs.get(Tier.COUNTY)
        return frozenset(
            u.org.id for u in self.units if u.org.id in accounts or u.tier_orgs.get(Tier.COUNTY) == county
        )

    def blobs(self) -> Iterator[tuple[str, bytes, str]]:
        """(sha256, bytes, mime) of every image a candidate may reference: the whole pool, and the
        scans planted on purpose (``demo.plants``)."""
        for image in self.image_pool:
            yield image.sha256, image.data, image.mime
        yield from plants.blobs(self.seed, self.candidate_count)

    def sample_blobs(self) -> list[str]:
        """The pool's images are shared samples (they say 演示样例), not candidates' own scans: the
        reused-scan check leaves them alone (planted reuses use their own images)."""
        return [image.sha256 for image in self.image_pool]

    # -- accounts ----------------------------------------------------------------------------
    def demo_accounts(self) -> list[DemoUser]:
        """Reviewers along 湖北省 → 武汉市 → 江岸区 → 武汉市江岸区人民医院 (+ that unit's admin), then a unit
        under a 省直管 city and a province-direct unit (the two shorter chains)."""
        unit = next(u for u in self.units if u.org.name == DEMO_UNIT_NAME)
        wanted = [unit.tier_orgs[t] for t in reversed(FULL_CHAIN)]
        by_org: dict[int, list[DemoUser]] = {}
        for user in self.users:
            by_org.setdefault(user.org_id, []).append(user)
        accounts = [u for org_id in wanted for u in by_org[org_id] if u.role == "reviewer"]
        accounts += [u for u in by_org[unit.org.id] if u.role == "admin"]
        short_city = next(
            u
            for u in self.units
            if u.chain == (Tier.UNIT, Tier.CITY, Tier.PROVINCE)
            and self._org_by_id[u.tier_orgs[Tier.CITY]].division_code.startswith("4290")
        )
        province_direct = next(u for u in self.units if u.chain == (Tier.UNIT, Tier.PROVINCE))
        for extra in (short_city, province_direct):
            accounts += [u for u in by_org[extra.org.id] if u.role == "reviewer"]
        return accounts

    def unit_chain(self, unit_id: int) -> tuple[Tier, ...]:
        """The chain of review of a unit's records (also derivable from the org tree)."""
        return next(u.chain for u in self.units if u.org.id == unit_id)

    # -- candidates --------------------------------------------------------------------------
    def candidates(self) -> Iterator[DemoCandidate]:
        """The candidates, generated one at a time; the same sequence for the same seed."""
        for index in range(self.candidate_count):
            yield self.candidate(index)

    def candidate(self, index: int) -> DemoCandidate:
        """Candidate number ``index`` (0-based), independent of how many are generated, with the
        problems ``demo.plants`` plants on purpose."""
        person = _make_candidate(self, random.Random(f"reviewdesk-demo:{self.seed}:{index}"))
        code, first = plants.planted_on(self.seed, index)
        # a drawn scan or a pair is not planted where scans are painted from the record (their own truth);
        # record problems are, before painting, so the painted scans show them as the record says
        drawn = code not in plants.RECORD_PLANTS and any(
            self._painted(i) for i in ((first, first + 1) if code in plants.PAIR_PLANTS else (index,))
        )
        person = plants.apply(
            person,
            self.seed,
            index,
            today_year=self.today.year,
            unit_name=self._org_by_id[person.unit_id].name,
            pool_codes=self.pool_codes,
            physician=self.catalogue.requires_physician_qualification(person.category_code),
            drawn_allowed=not drawn,
        )
        if not self.personal_scans or person.unit_id not in self.personal_scan_units:
            return person
        materials, scans, mismatch = personalise(
            self.scan_painter,
            person.materials,
            name=person.name,
            gender=person.gender,
            birth=person.birth_date,
            id_number=person.id_number,
            pooled_specials=self.pooled_specials,
            rng=random.Random(f"reviewdesk-demo-scans:{self.seed}:{index}"),
        )
        return dataclasses.replace(person, materials=materials, scans=tuple(scans), scan_mismatch=mismatch)

    def _painted(self, index: int) -> bool:
        """Whether candidate ``index`` gets scans painted from its record (its unit is the first draw)."""
        if not self.personal_scans:
            return False
        rng = random.Random(f"reviewdesk-demo:{self.seed}:{index}")
        return pick_cumulative(rng, self.units, self._unit_cum).org.id in self.personal_scan_units

    @cached_property
    def pool_codes(self) -> dict[str, str]:
        """The pool's awkward images (sha256) and the scan check each one should trip."""
        return {
            p.sha256: plants.POOL_VARIANT_CODES[p.variant]
            for p in self.image_pool
            if p.variant in plants.POOL_VARIANT_CODES
        }


def _weighted_categories(categories: tuple[Category, ...]) -> tuple[list[Category], list[float]]:
    common = {
        "203",
        "368",
        "366",
        "201",
        "101",
        "102",
        "104",
        "103",
        "204",
        "205",
        "301",
        "303",
        "327",
        "335",
        "336",
    }
    weights = []
    for category in categories:
        weight = {"nursing": 3.0, "pharmacy": 2.0, "technology": 1.0, "medicine": 0.6}.get(
            category.series, 0.4
        )
        if category.code in common:
            weight *= 6
        if category.code == "368" or category.code == "203":
            weight *= 4
        weights.append(weight)
    return list(categories), list(itertools.accumulate(weights))


def _make_candidate(data: DemoData, rng: random.Random) -> DemoCandidate:
    """One candidate from its own generator: every part draws from ``rng`` in this order, always."""
    unit = pick_cumulative(rng, data.units, data._unit_cum)
    level = pick(rng, ((Level.ASSISTANT, 20), (Level.JUNIOR, 40), (Level.INTERMEDIATE, 40)))
    category = pick_cumulative(rng, *data._category_tables[level])
    female_share = 0.93 if category.series == "nursing" else 0.55
    female = rng.random() < female_share
    name = person_name(rng, female)
    eligible = rng.random() >= 0.10
    timeline = make_timeline(rng, level, category, eligible)
    id_type, id_number, birth = identity(rng, unit.region_code, timeline.birth_year, female)
    library_lines = libraries(rng, data.units, unit, level, category, timeline)
    maker = MaterialMaker(data, rng, unit, name, id_number)
    materials = maker.materials(level, category, timeline)
    review, history, submitted_at, rev = review_story(
        rng, data.reviewer_names, unit, eligible, name, data.season
    )
    materials = maker.verify(materials, review)
    paid = review.review_ended and rng.random() < 0.5
    return DemoCandidate(
        name=name,
        gender="female" if female else "male",
        id_type=id_type,
        id_number=id_number,
        birth_date=birth,
        phone=phone_number(rng),
        unit_id=unit.org.id,
        level=level,
        category_code=category.code,
        category_name=category.name,
        education_level=timeline.education,
        frontline=rng.random() < 0.05,
        review=review,
        pay_status=PayStatus.PAID if paid else PayStatus.UNPAID,
        submitted_at=submitted_at,
        submission_rev=rev,
        libraries=library_lines,
        materials=materials,
        history=history,
        eligible=eligible,
    )


def generate(
    candidates: int,
    seed: int,
    image_pool_size: int = 40,
    today: date | None = None,
    personal_scans: bool = False,
) -> DemoData:
    """Hubei's organisations and users now; ``candidates`` candidates streamed on demand; images on first use.

    The same seed and ``today`` (default: today in 北京时间) give the same data to the byte; the review
    history is dated relative to ``today``, all of it before that day.
    """
    rng = random.Random(f"reviewdesk-demo-orgs:{seed}")
    orgs, units = build_orgs(rng)
    return DemoData(
        project=Project(PROJECT_NAME, PROJECT_TYPE, EXAM_YEAR),
        orgs=orgs,
        users=make_users(rng, orgs),
        candidate_count=candidates,
        seed=seed,
        image_pool_size=image_pool_size,
        units=units,
        today=today or beijing_today(),
        personal_scans=personal_scans,
    )


__all__ = [
    "CONFIRMATION_ALPHABET",
    "CST",
    "DEMO_PASSWORD",
    "EXAM_YEAR",
    "DemoCandidate",
    "DemoData",
    "DemoEvent",
    "DemoImage",
    "DemoMaterial",
    "DemoOrg",
    "DemoUser",
    "Project",
    "generate",
]
