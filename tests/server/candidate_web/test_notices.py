"""通知公告: the 省级 administrator posts one (POST /v1/notices); it is on every candidate's 首页, newest
first; a unit's account may not post."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.enums import Tier
from reviewdesk.server.identity_queue import NOT_ADMIN
from reviewdesk.server.testing import CandidatePhone, ServerError, seeded_server


def test_the_province_posts_a_notice_the_candidates_read(tmp_path: Path) -> None:
    with seeded_server(tmp_path, candidates=50) as server:
        province = server.reviewer(Tier.PROVINCE)
        posted = province.post(
            "/v1/notices",
            {
                "title": "关于2027年度卫生专业技术资格考试预报名的通知",
                "body": "预报名时间：11月20日至12月10日",
            },
        )
        with pytest.raises(ServerError) as refused:
            server.reviewer(Tier.UNIT).post("/v1/notices", {"title": "单位通知"})
        assert (refused.value.status, refused.value.body["detail"]) == (403, NOT_ADMIN)
        assert province.get("/v1/notices")[0]["title"] == posted["title"]

        phone = CandidatePhone(server.url, "13500000001")
        home = phone.page("/")
        assert home.index(posted["title"]) < home.index("关于延期举行2020年度")  # newest first
        assert "单位通知" not in home
        notice = phone.page(f"/notices/{posted['id']}")
        assert "预报名时间：11月20日至12月10日" in notice
        assert "<script>" not in phone.page("/notices/999999") and "该公告不存在" in phone.page(
            "/notices/999999"
        )
