"""``SyncReport``: its Chinese summary line word for word, and when a sync counts as done.

Why: the sync tests checked the summary's first part only (``startswith``) or a fragment of it, so a
wrong word for a full download, a failure count that left out the damaged images, or a dropped
已取消 / 错误 passed. The expected lines are written out by hand from the report's numbers.
"""

from __future__ import annotations

import pytest

from reviewdesk.sync.engine import SyncReport

HEAD = "上传 0 项（成功 0，此前已上传 0，冲突 0，被拒 0）"


@pytest.mark.parametrize(
    ("report", "line"),
    [
        (SyncReport(), f"{HEAD}；更新 0 条；图片 0 张"),
        (
            SyncReport(pushed=9, applied=4, duplicates=3, conflicts=1, rejected=1, pulled=2, blobs=5),
            "上传 9 项（成功 4，此前已上传 3，冲突 1，被拒 1）；更新 2 条；图片 5 张",
        ),
        (SyncReport(full_download=True, downloaded=5, pulled=2), f"{HEAD}；全量下载 7 条；图片 0 张"),
        (SyncReport(blobs=3, blob_failures=2), f"{HEAD}；更新 0 条；图片 3 张；图片失败 2 张"),
        (SyncReport(corrupt_blobs=["a" * 64]), f"{HEAD}；更新 0 条；图片 0 张；图片失败 1 张"),
        (
            SyncReport(blob_failures=1, corrupt_blobs=["a" * 64, "b" * 64], cancelled=True),
            f"{HEAD}；更新 0 条；图片 0 张；图片失败 3 张；已取消",
        ),
        (SyncReport(error="无法连接服务器"), f"{HEAD}；更新 0 条；图片 0 张；错误：无法连接服务器"),
    ],
    ids=[
        "nothing",
        "pushed and pulled",
        "full download",
        "failed images",
        "damaged image",
        "cancelled",
        "error",
    ],
)
def test_the_summary_line_word_for_word(report: SyncReport, line: str) -> None:
    assert report.summary() == line


def test_a_sync_is_ok_only_without_error_and_not_cancelled() -> None:
    assert SyncReport().ok
    assert SyncReport(blob_failures=2, conflicts=1).ok  # failed images and conflicts are news, not failure
    assert not SyncReport(cancelled=True).ok
    assert not SyncReport(error="x").ok
    assert not SyncReport(error="x", cancelled=True).ok
