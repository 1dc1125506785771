"""The 实名认证审核 queue keeps one code for a decision_id that is another user's: ``id_in_use``, as every
other command answers, whether the server says it so or, as servers before the codes were made one,
``id_taken``."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewdesk.domain.realname import QueueOutcome
from reviewdesk.store.identity_queue import IdentityQueueStore

MESSAGE = "该操作编号已被其他操作使用，请重新操作"


@pytest.mark.parametrize("sent", ["id_in_use", "id_taken"])
def test_another_users_decision_id_reads_id_in_use_from_any_server(tmp_path: Path, sent: str) -> None:
    store = IdentityQueueStore(tmp_path)
    store.replace_waiting([{"id": 7, "version": 1, "real_name": "王芳", "id_number": "X1", "photos": []}])
    decision_id = store.decide(7, QueueOutcome.APPROVE)
    assert [item["decision_id"] for item in store.claim()] == [decision_id]
    store.complete([{"decision_id": decision_id, "status": "rejected", "reason": sent, "message": MESSAGE}])
    (problem,) = store.problems()
    assert (problem.decision_id, problem.status, problem.code, problem.message) == (
        decision_id,
        "rejected",
        "id_in_use",
        MESSAGE,
    )
    assert store.unsent() == 0
