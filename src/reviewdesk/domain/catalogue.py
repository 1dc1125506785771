"""The yearly category catalogue (申报级别 → 申报类别(专业)), read from data, never written in code.

Why data: the exam's category table changes from year to year and part of ours is unverified (see the
file's ``note``). The central server serves ``resources/catalogue.json`` as is (``GET /v1/catalogue``);
the desktop keeps what it was served and loads it from that dict, so both sides agree on every code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from reviewdesk.domain.enums import Level

#: The physician 中级 specialties that need a 医师资格证书, by code pattern (*unverified*); used only when
#: an entry does not say ``requires_physician_qualification`` itself.
PHYSICIAN_CODE_RANGE = range(301, 366)


@dataclass(frozen=True)
class Category:
    """One 申报类别(专业). ``series`` is the profession (pharmacy, nursing, technology, medicine, …)."""

    code: str
    name: str
    level: Level
    series: str = ""
    requires_physician_qualification: bool = False


@dataclass(frozen=True)
class Catalogue:
    """The catalogue of one exam year. Lookups by code raise ``KeyError`` for an unknown code."""

    year: int
    project: str
    levels: Mapping[Level, tuple[Category, ...]]
    note: str = ""
    series_labels: Mapping[str, str] = field(default_factory=dict)
    _by_code: dict[str, Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Category] = {}
        for categories in self.levels.values():
            for category in categories:
                if category.code in by_code:
                    raise ValueError(f"类别代码重复：{category.code}")
                by_code[category.code] = category
        object.__setattr__(self, "_by_code", by_code)

    def categories(self, level: Level) -> tuple[Category, ...]:
        """The categories one may apply for at ``level``, in the file's order."""
        return tuple(self.levels.get(level, ()))

    def all_categories(self) -> tuple[Category, ...]:
        return tuple(self._by_code.values())

    def category(self, code: str) -> Category:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def name_of(self, code: str) -> str:
        return self._by_code[code].name

    def level_of(self, code: str) -> Level:
        return self._by_code[code].level

    def requires_physician_qualification(self, code: str) -> bool:
        return self._by_code[code].requires_physician_qualification

    def series_label(self, code: str) -> str:
        """The 专技职称 资格系列 of a category, e.g. 卫生技术人员(护理); "" when the file has none."""
        return self.series_labels.get(self._by_code[code].series, "")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the same shape as ``resources/catalogue.json``)."""
        return {
            "year": self.year,
            "project": self.project,
            "note": self.note,
            "series_labels": dict(self.series_labels),
            "levels": {
                level.value: [
                    {
                        "code": c.code,
                        "name": c.name,
                        "series": c.series,
                        "requires_physician_qualification": c.requires_physician_qualification,
                    }
                    for c in categories
                ]
                for level, categories in self.levels.items()
            },
        }


def _parse(data: Mapping[str, Any]) -> Catalogue:
    try:
        levels: dict[Level, tuple[Category, ...]] = {}
        for level_key, entries in data["levels"].items():
            level = Level(level_key)
            levels[level] = tuple(
                Category(
                    code=str(entry["code"]),
                    name=str(entry["name"]),
                    level=level,
                    series=str(entry.get("series", "")),
                    requires_physician_qualification=bool(
                        entry.get(
                            "requires_physician_qualification",
                            str(entry["code"]).isdigit() and int(entry["code"]) in PHYSICIAN_CODE_RANGE,
                        )
                    ),
                )
                for entry in entries
            )
        return Catalogue(
            year=int(data["year"]),
            project=str(data["project"]),
            levels=levels,
            note=str(data.get("note", "")),
            series_labels=dict(data.get("series_labels", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"类别目录格式错误：{error}") from error


def load_catalogue(source: Path | str | Mapping[str, Any] | None = None) -> Catalogue:
    """The catalogue from a dict (what the server served), a JSON file, or the packaged file (``None``).

    Raises ``ValueError`` with a Chinese message when the data is not a catalogue.
    """
    if source is None:
        text = (files("reviewdesk.resources") / "catalogue.json").read_text(encoding="utf-8")
        return _parse(json.loads(text))
    if isinstance(source, Mapping):
        return _parse(source)
    return _parse(json.loads(Path(source).read_text(encoding="utf-8")))
