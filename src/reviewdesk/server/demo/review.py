"""A record's review, walked through the real :mod:`reviewdesk.domain.workflow` transitions.

Why real transitions: every demo record is then in a state the workflow can reach, with the 审核进度
that led there (decisions, 上报, returns, resubmissions) at office hours in time order.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from reviewdesk.domain import workflow
from reviewdesk.domain.enums import HistoryAction, Outcome, Tier
from reviewdesk.domain.workflow import ReviewState
from reviewdesk.server.demo.draws import pick
from reviewdesk.server.demo.orgs import DemoUnit
from reviewdesk.server.demo.records import SUBMISSION_DAYS, DemoEvent

_HOLD_REMARKS = ("待核实工作年限", "待单位补充社保证明", "学历待核实", "执业地点待核实", "工作年限证明待核实")
_RETURN_REMARKS = (
    "图片不清晰",
    "材料未上传",
    "学历信息与证书不一致",
    "申报表非最终版本",
    "照片不合规",
    "格式不符",
)
_RETURN_REMARKS += ("单位名称不完整", "执业地点与申报单位不一致", "民办机构缺人事代理档案章或社保证明")
_REJECT_REMARKS = ("学历层次不符", "工作年限不足", "所学专业与报考专业不符", "学历验证未通过")
_REJECT_REMARKS += ("非国家批准的医疗卫生机构",)

_STAGES = (
    ("not_submitted", 9),
    ("withdrawn", 1),
    ("unit_pending", 30),
    ("on_hold", 5),
    ("passed_unreported", 9),
    ("pending_higher", 20),
    ("returned", 4),
    ("rejected", 2),
    ("province_passed", 18),
)
_STAGES_INELIGIBLE = (
    ("not_submitted", 9),
    ("unit_pending", 30),
    ("on_hold", 20),
    ("returned", 15),
    ("rejected", 15),
    ("pending_higher", 5),
    ("province_passed", 2),
)
_STAGES_AFTER_RESUBMIT = (("unit_pending", 40), ("passed_unreported", 15), ("pending_higher", 25))
_STAGES_AFTER_RESUBMIT += (("province_passed", 20),)


def returned(review: ReviewState) -> bool:
    return any(status.value == "returned" for status in review.statuses.values())


class Story:
    """Applies real workflow transitions in time order, recording a DemoEvent for each."""

    def __init__(
        self,
        reviewer_names: Mapping[int, str],
        unit: DemoUnit,
        rng: random.Random,
        name: str,
        season_start: datetime,
    ) -> None:
        self.reviewer_names, self.unit, self.rng, self.name = reviewer_names, unit, rng, name
        self.state = ReviewState(chain=unit.chain)
        self.events: list[DemoEvent] = []
        self.submissions = 0
        self.submitted_at: datetime | None = None
        self.now = season_start + timedelta(minutes=rng.randrange(SUBMISSION_DAYS * 24 * 60))

    def end_before(self, end: datetime) -> None:
        """Move the whole story back by whole days until its last event is before ``end``: the order and
        the office hours stay, and nothing in the 审核进度 lies in the future of the day it was seeded."""
        if not self.events or self.events[-1].at < end:
            return
        shift = timedelta(days=(self.events[-1].at - end).days + 1)
        self.events = [dataclasses.replace(event, at=event.at - shift) for event in self.events]
        if self.submitted_at is not None:
            self.submitted_at -= shift

    def _tick(self, max_hours: float) -> datetime:
        self.now += timedelta(minutes=self.rng.randint(20, int(max_hours * 60)))
        if self.now.hour >= 18 or self.now.hour < 8:  # reviewers work office hours
            next_day = self.now + timedelta(days=1) if self.now.hour >= 18 else self.now
            self.now = next_day.replace(hour=8, minute=self.rng.randrange(60))
        return self.now

    def submit(self) -> None:
        self.state = workflow.submit(self.state)
        self.submissions += 1
        self.submitted_at = self._tick(72 if self.submissions > 1 else 1)
        self.events.append(DemoEvent(HistoryAction.SUBMITTED, None, None, self.name, None, "", self.now))

    def withdraw(self) -> None:
        self.state = workflow.withdraw(self.state)
        self.submitted_at = None
        self.events.append(
            DemoEvent(HistoryAction.WITHDRAWN, None, None, self.name, None, "", self._tick(48))
        )

    def _actor(self, tier: Tier) -> tuple[int, str]:
        org_id = self.unit.tier_orgs[tier]
        return org_id, self.reviewer_names[org_id]

    def decide(self, outcome: Outcome, remark: str) -> None:
        tier = self.state.at_tier
        assert tier is not None
        self.state = workflow.decide(self.state, tier, outcome, remark)
        org_id, actor = self._actor(tier)
        self.events.append(
            DemoEvent(HistoryAction.DECIDED, tier, org_id, actor, outcome, remark, self._tick(96))
        )
        if outcome is Outcome.RETURN:
            self.submitted_at = None

    def walk_to(self, index: int) -> None:
        """Pass and report up at every tier below chain[index]; the record then waits there (待审核)."""
        for tier in self.unit.chain[:index]:
            self.decide(Outcome.PASS, "" if self.rng.random() < 0.85 else "材料齐全")
            self.state = workflow.report_up(self.state, tier)
            org_id, actor = self._actor(tier)
            self.events.append(
                DemoEvent(HistoryAction.REPORTED, tier, org_id, actor, None, "", self._tick(48))
            )


def review_story(
    rng: random.Random,
    reviewer_names: Mapping[int, str],
    unit: DemoUnit,
    eligible: bool,
    name: str,
    season: tuple[datetime, datetime],
) -> tuple[ReviewState, list[DemoEvent], datetime | None, int]:
    """(review state, 审核进度, submitted at, submissions) of a record walked to a drawn stage, its events
    in ``season`` (from its start, all before its end: see ``records.season_bounds``)."""
    story = Story(reviewer_names, unit, rng, name, season[0])
    _walk(story, rng, unit, eligible)
    story.end_before(season[1])
    return story.state, story.events, story.submitted_at, story.submissions


def _walk(story: Story, rng: random.Random, unit: DemoUnit, eligible: bool) -> None:
    """Walks the story to a drawn stage (``submitted_at`` is None again where a return or a withdrawal
    left the record unsubmitted)."""
    stage = pick(rng, _STAGES if eligible else _STAGES_INELIGIBLE)
    if stage == "not_submitted":
        return
    story.submit()
    if stage == "withdrawn":
        story.withdraw()
        return
    if stage == "returned":
        story.walk_to(rng.randrange(len(unit.chain)))
        story.decide(Outcome.RETURN, rng.choice(_RETURN_REMARKS))
        if rng.random() < 0.4:
            return
        story.submit()
        stage = pick(rng, _STAGES_AFTER_RESUBMIT)
    chain = unit.chain
    top = len(chain) - 1
    if stage == "unit_pending":
        pass
    elif stage == "on_hold":
        story.walk_to(rng.randrange(len(chain)) if rng.random() < 0.4 else 0)
        story.decide(Outcome.HOLD, rng.choice(_HOLD_REMARKS))
    elif stage == "passed_unreported":
        story.walk_to(rng.randrange(top) if rng.random() < 0.4 else 0)
        story.decide(Outcome.PASS, "")
    elif stage == "pending_higher":
        story.walk_to(rng.randint(1, top))
    elif stage == "rejected":
        story.walk_to(rng.randrange(len(chain)) if rng.random() < 0.3 else 0)
        story.decide(Outcome.REJECT, rng.choice(_REJECT_REMARKS))
    elif stage == "province_passed":
        story.walk_to(top)
        story.decide(Outcome.PASS, "")
