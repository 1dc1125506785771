"""湖北省's divisions looked up by code: the 市州 of the demo hospital's county, a 省直管 city without 区县,
and an unknown code refused by name. ``city_by_code`` had no test of its own (docs/MUTATION.md)."""

from __future__ import annotations

import pytest

from reviewdesk.domain.divisions import HUBEI_COUNTY_CODES, County, city_by_code


def test_wuhan_and_its_first_district() -> None:
    wuhan = city_by_code("420100")
    assert (wuhan.name, wuhan.short_name, wuhan.directly_administered) == ("武汉市", "武汉", False)
    assert wuhan.counties[0] == County("420102", "江岸区")
    assert {c.code for c in wuhan.counties} <= HUBEI_COUNTY_CODES


def test_an_unknown_city_code_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="420199"):
        city_by_code("420199")
