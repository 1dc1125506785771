from __future__ import annotations

import pytest

from reviewdesk.domain.enums import (
    DataScope,
    Level,
    Library,
    Outcome,
    ReviewStatus,
    SubmitStatus,
    Tier,
    VerifyStatus,
)


def test_labels_are_the_seeds_words() -> None:
    assert [s.label for s in ReviewStatus] == ["待审核", "审核通过", "暂不审核", "允许修改", "审核不通过"]
    assert Level.labels() == ["初级(士)", "初级(师)", "中级"]
    assert SubmitStatus.labels() == ["未提交", "已提交"]
    assert VerifyStatus.labels() == ["待核验", "核验通过", "核验不通过"]
    assert DataScope.labels() == ["本级直属", "下级所有"]
    assert [t.status_column for t in Tier] == ["单位审核状态", "区县审核状态", "市州审核状态", "省级审核状态"]
    assert Library.labels()[-1] == "违纪考生库"


def test_outcomes_map_to_statuses_and_labels_parse_back() -> None:
    for outcome in Outcome:
        assert outcome.status.label == outcome.label
    assert ReviewStatus.from_label("允许修改") is ReviewStatus.RETURNED
    with pytest.raises(ValueError, match="审核状态"):
        ReviewStatus.from_label("通过了")
