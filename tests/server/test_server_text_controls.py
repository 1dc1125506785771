"""Control characters are refused at the server's door (``domain.text_rules``, issue 13).

A name or value holding NUL, \\x01 or another control character means nothing a person typed, and made
the desktop's list index and its SQL reference disagree: the server answers 422 and names the invisible
character by its code point. Tabs and line breaks are text (a remark may have lines).
"""

from __future__ import annotations

import pytest
import requests

from reviewdesk.domain.enums import Tier
from reviewdesk.domain.text_rules import control_character_reason
from reviewdesk.server.testing import SeededServer, ServerError


def test_control_characters_in_values_and_remarks_are_refused_with_the_character_named(
    server: SeededServer,
) -> None:
    unit = server.reviewer(Tier.UNIT)
    record_id = server.find_records(
        unit_id=unit.account.org_id, status=(Tier.UNIT, "pending"), at_tier=Tier.UNIT
    )[0]
    server.withdraw(record_id)
    for value, code in (("武汉\x01大学", "0001"), ("武汉大学\x00", "0000"), ("\u0085武汉", "0085")):
        response = requests.post(
            f"{server.url}/v1/candidate/submit",
            json={
                "record_id": record_id,
                "materials": [{"kind": "education", "fields": {"毕业学校": value}}],
            },
            timeout=30,
        )
        assert (response.status_code, response.json()["code"]) == (422, "invalid_request")
        assert f"不能包含控制字符（U+{code}）" in response.json()["detail"]
    assert unit.record(record_id)["submit_status"] == "not_submitted"  # nothing changed

    lines = "武汉大学\n（二〇二〇年）\t毕业"
    record = server.submit(record_id, [{"kind": "education", "fields": {"毕业学校": lines}}])
    education = next(m for m in record["materials"] if m["kind"] == "education")
    assert education["fields"]["毕业学校"] == lines

    with pytest.raises(ServerError) as refused:
        unit.decide(record_id, "passed", remark="同意\x00")
    assert refused.value.status == 422 and control_character_reason("\x00") in refused.value.body["detail"]
    assert unit.decide(record_id, "passed", remark="同意\n材料齐全")["status"] == "applied"
