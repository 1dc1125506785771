"""A candidate's dates: birth, graduation, title, residency, drawn to fit (or miss) the rules.

The years the rules want are DOMAIN.md's (*unverified*; ``reviewdesk.domain.eligibility`` holds the
checked table): about 90% of candidates meet them, the rest fall just short, so pre-check flags have
something to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from reviewdesk.domain.catalogue import Category
from reviewdesk.domain.enums import EducationLevel, Level
from reviewdesk.server.demo.draws import pick
from reviewdesk.server.demo.records import EXAM_YEAR

_GRADUATION_AGE = {
    EducationLevel.SECONDARY: 18,
    EducationLevel.COLLEGE: 21,
    EducationLevel.BACHELOR: 22,
    EducationLevel.MASTER: 25,
    EducationLevel.DOCTOR: 28,
}
_AGE_RANGE = {Level.ASSISTANT: (20, 40), Level.JUNIOR: (22, 50), Level.INTERMEDIATE: (26, 55)}
_EDUCATION_WEIGHTS: dict[str, tuple[tuple[EducationLevel, int], ...]] = {
    "assistant": ((EducationLevel.SECONDARY, 45), (EducationLevel.COLLEGE, 55)),
    "junior": (
        (EducationLevel.SECONDARY, 10),
        (EducationLevel.COLLEGE, 45),
        (EducationLevel.BACHELOR, 40),
        (EducationLevel.MASTER, 5),
    ),
    "intermediate": (
        (EducationLevel.SECONDARY, 5),
        (EducationLevel.COLLEGE, 30),
        (EducationLevel.BACHELOR, 50),
        (EducationLevel.MASTER, 12),
        (EducationLevel.DOCTOR, 3),
    ),
    "physician": ((EducationLevel.BACHELOR, 60), (EducationLevel.MASTER, 30), (EducationLevel.DOCTOR, 10)),
}
# Years the rules want (DOMAIN.md, *unverified*; reviewdesk.domain.eligibility holds the checked table):
# 士: years after graduation; 师: after graduation (中专: as 士); 中级: after the 师 title.
_ASSISTANT_YEARS = {EducationLevel.SECONDARY: 1, EducationLevel.COLLEGE: 1}
_JUNIOR_YEARS = {
    EducationLevel.SECONDARY: 5,
    EducationLevel.COLLEGE: 3,
    EducationLevel.BACHELOR: 1,
    EducationLevel.MASTER: 1,
    EducationLevel.DOCTOR: 0,
}
_INTERMEDIATE_YEARS = {
    EducationLevel.SECONDARY: 7,
    EducationLevel.COLLEGE: 6,
    EducationLevel.BACHELOR: 4,
    EducationLevel.MASTER: 2,
    EducationLevel.DOCTOR: 0,
}


@dataclass(frozen=True)
class Timeline:
    education: EducationLevel
    birth_year: int
    graduated_on: date
    title_on: date | None
    eligible: bool
    residency: bool


def make_timeline(rng: random.Random, level: Level, category: Category, eligible: bool) -> Timeline:
    """Dates that fit the level's rules (years after graduation or title), or fall just short of them
    when not ``eligible``."""
    cutoff_year = EXAM_YEAR - 1
    key = "physician" if category.requires_physician_qualification else level.value
    education = pick(rng, _EDUCATION_WEIGHTS[key])
    grad_age = _GRADUATION_AGE[education] + (1 if rng.random() < 0.3 else 0)
    if category.requires_physician_qualification and education is EducationLevel.BACHELOR:
        grad_age += 1  # five-year medical degrees
    # Years needed between graduation and the cutoff, and how they split around the titles.
    if level is Level.ASSISTANT:
        before_title, after_title = _ASSISTANT_YEARS.get(education, 1), 0
    elif level is Level.JUNIOR:
        if education is EducationLevel.SECONDARY:
            before_title, after_title = 1, _JUNIOR_YEARS[education]
        else:
            before_title, after_title = _JUNIOR_YEARS[education], 0
    else:
        before_title = 1 if education is not EducationLevel.DOCTOR else 0
        if education is EducationLevel.SECONDARY:
            before_title = 1 + 5  # 士 first, then 师
        after_title = _INTERMEDIATE_YEARS[education]
    needed = before_title + after_title
    low, high = _AGE_RANGE[level]
    min_age = max(low, grad_age + needed + 1)
    age = (
        rng.randint(min_age, max(min_age, high))
        if rng.random() < 0.5
        else min_age + int(rng.expovariate(1 / 5))
    )
    age = min(max(age, low), high)
    birth_year = EXAM_YEAR - age
    grad_year = birth_year + grad_age
    slack = max(0, cutoff_year - grad_year - needed)
    title_year: int | None = None
    if (level is not Level.ASSISTANT and after_title > 0) or level is Level.INTERMEDIATE:
        title_year = grad_year + before_title + rng.randint(0, slack)
    short = not eligible
    if short:
        if title_year is not None and after_title > 0:
            title_year = cutoff_year - after_title + rng.randint(1, 2)
        elif education is EducationLevel.DOCTOR:
            pass  # a 博士 without 规培: the missing residency certificate is the shortfall
        else:
            grad_year = cutoff_year - before_title + rng.randint(1, min(2, max(1, before_title)))
            grad_year = min(grad_year, cutoff_year)
    grad_year = min(grad_year, cutoff_year)
    if title_year is not None:
        title_year = max(min(title_year, cutoff_year), grad_year)
    return Timeline(
        education=education,
        birth_year=birth_year,
        graduated_on=date(grad_year, 7, 1) if rng.random() < 0.8 else date(grad_year, 6, 30),
        title_on=(
            date(title_year, rng.choice((5, 6, 9, 12)), rng.randint(1, 28))
            if title_year is not None
            else None
        ),
        eligible=eligible,
        residency=(education is EducationLevel.DOCTOR and eligible) or rng.random() < 0.15,
    )


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def date_after(rng: random.Random, start: date, min_years: int, max_years: int) -> date:
    """A day some years after ``start`` (plus up to half a year), never after the season's cutoff."""
    days = rng.randint(min_years * 365, max_years * 365 + 180)
    return min(start + timedelta(days=days), date(EXAM_YEAR - 1, 11, 30))
