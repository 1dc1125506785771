"""The REST client under faults a real server cannot be made to produce on demand.

Each kind of bad reply must end in its own error class with a Chinese message, never a traceback
or a half-applied answer; transient faults are retried with backoff and honour Retry-After.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
import time
from pathlib import Path

import pytest
import requests
from sync_fakes import ScriptedAdapter, record_snapshot, reply

from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.errors import (
    ApiError,
    AuthError,
    CertificateError,
    CursorExpired,
    IncompatibleServer,
    InvalidServerUrl,
    MalformedReply,
    Offline,
)


def make_client(steps: list, **kwargs) -> tuple[ApiClient, ScriptedAdapter, list[float]]:
    adapter = ScriptedAdapter(steps)
    sleeps: list[float] = []
    client = ApiClient(
        "http://server.test/", token="t0k", adapter=adapter, sleep=sleeps.append, device_id="dev-1", **kwargs
    )
    return client, adapter, sleeps


def ok(body):
    return lambda req: reply(req, 200, body)


ME = {
    "user": {"id": 3, "username": "u", "display_name": "张审核", "role": "reviewer"},
    "org": {"id": 17, "name": "医院", "tier": "unit", "code": "420102001", "parent_id": 12},
    "tier": "unit",
    "project": {"name": "2027年卫生专业技术资格考试", "type": "卫生专业技术资格考试", "year": 2027},
    "server_version": "0.1.0",
    "api_version": 1,
    "server_id": "abc",
}


def test_every_call_has_timeout_device_and_token() -> None:
    client, adapter, _ = make_client([ok(ME)], timeout=12.0, connect_timeout=3.0)
    assert client.me()["tier"] == "unit"
    request, kwargs = adapter.requests[0], adapter.kwargs[0]
    assert request.headers["X-Device-Id"] == "dev-1"
    assert request.headers["Authorization"] == "Bearer t0k"
    assert "gzip" in request.headers["Accept-Encoding"]
    assert kwargs["timeout"] == (3.0, 12.0)
    assert kwargs["verify"] not in (False, None, "")  # verification on (env may name the system bundle)


def test_custom_ca_bundle_is_used_for_verification(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    client, adapter, _ = make_client([ok(ME)], ca_bundle=str(bundle))
    client.me()
    assert adapter.kwargs[0]["verify"] == str(bundle)


def test_connection_errors_are_retried_with_growing_backoff() -> None:
    steps = [requests.ConnectionError("refused")] * 3 + [ok(ME)]
    client, adapter, sleeps = make_client(steps, backoff=1.0, max_backoff=100.0)
    assert client.me()["user"]["id"] == 3
    assert len(adapter.requests) == 4
    # equal jitter: attempt n waits in [2^n / 2, 2^n]
    for attempt, delay in enumerate(sleeps):
        assert 2**attempt / 2 <= delay <= 2**attempt


def test_offline_after_retries_with_chinese_message() -> None:
    client, adapter, sleeps = make_client([requests.ConnectTimeout("t")] * 5, retries=4)
    with pytest.raises(Offline) as caught:
        client.me()
    assert "无法连接服务器" in str(caught.value)
    assert len(adapter.requests) == 5 and len(sleeps) == 4


def test_429_and_503_honour_retry_after() -> None:
    steps = [
        lambda r: reply(
            r, 429, {"detail": "请求过于频繁", "code": "throttled"}, headers={"Retry-After": "2"}
        ),
        lambda r: reply(r, 503, {"detail": "维护中"}, headers={"Retry-After": "8"}),
        ok(ME),
    ]
    client, _, sleeps = make_client(steps, max_retry_after=10.0, backoff=0.5)
    client.me()
    assert 2.0 <= sleeps[0] <= 2.5
    assert 8.0 <= sleeps[1] <= 8.5


def test_retry_after_as_an_http_date() -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    steps = [lambda r: reply(r, 503, {"detail": "维护中"}, headers={"Retry-After": when}), ok(ME)]
    client, _, sleeps = make_client(steps, max_retry_after=30.0, backoff=0.5)
    client.me()
    assert 3.0 <= sleeps[0] <= 6.5  # about five seconds (the date has whole seconds), plus jitter


@pytest.mark.parametrize("url", ["127.0.0.1:8765", "review.example.cn", "http://", "ftp://review.example.cn"])
def test_an_address_that_is_no_url_is_said_at_once(url: str) -> None:
    sleeps: list[float] = []
    client = ApiClient(url, sleep=sleeps.append)
    with pytest.raises(InvalidServerUrl, match="服务器地址无效") as caught:
        client.health()
    assert caught.value.code == "invalid_url" and not sleeps


def test_a_wait_beyond_the_cap_is_not_retried() -> None:
    steps = [
        lambda r: reply(r, 503, {"detail": "系统维护中，请一小时后再试"}, headers={"Retry-After": "3600"})
    ]
    client, adapter, sleeps = make_client(steps, max_retry_after=10.0)
    with pytest.raises(Offline, match="系统维护中") as caught:
        client.me()
    assert caught.value.status == 503 and not sleeps and len(adapter.requests) == 1


def test_throttled_to_the_end_is_offline_with_busy_message() -> None:
    steps = [lambda r: reply(r, 503, {"detail": "x"}, headers={"Retry-After": "1"})] * 3
    client, _, _ = make_client(steps, retries=2)
    with pytest.raises(Offline) as caught:
        client.me()
    assert caught.value.status == 503 and "服务器繁忙" in caught.value.message


def test_tls_failure_is_not_retried() -> None:
    client, adapter, _ = make_client([requests.exceptions.SSLError("bad cert")])
    with pytest.raises(CertificateError) as caught:
        client.me()
    assert "证书" in caught.value.message and len(adapter.requests) == 1


def test_401_is_auth_error_to_log_in_again() -> None:
    client, _, _ = make_client([lambda r: reply(r, 401, {"detail": "登录已过期", "code": "unauthorized"})])
    with pytest.raises(AuthError) as caught:
        client.me()
    assert caught.value.message == "登录已过期" and caught.value.status == 401
    client2, _, _ = make_client([lambda r: reply(r, 401, raw=b"", api=None)])
    with pytest.raises(AuthError, match="请重新登录"):
        client2.me()


def test_other_api_version_or_no_header_is_incompatible() -> None:
    client, _, _ = make_client([lambda r: reply(r, 200, ME, api="2")])
    with pytest.raises(IncompatibleServer, match="服务器版本不兼容"):
        client.me()
    client, _, _ = make_client([lambda r: reply(r, 200, ME, api=None)])
    with pytest.raises(IncompatibleServer, match="不是审核服务器"):
        client.me()


@pytest.mark.parametrize(
    "body",
    [
        b"<html>proxy error</html>",
        b'{"user": {"id": 3}}',
        b'{"changes": [], "next_cursor": 5, "has_more": false}',
    ],
)
def test_malformed_replies(body: bytes) -> None:
    client, _, _ = make_client([lambda r: reply(r, 200, raw=body)] * 2)
    with pytest.raises(MalformedReply) as caught:
        client.me() if b"user" in body or b"html" in body else client.changes("c1")
    assert "服务器返回" in caught.value.message


def test_wrong_types_in_a_record_are_malformed() -> None:
    record = record_snapshot()
    record["version"] = "7"
    client, _, _ = make_client([ok(record)])
    with pytest.raises(MalformedReply, match="version"):
        client.record(1)


def test_changed_record_without_snapshot_is_malformed() -> None:
    page = {
        "changes": [{"seq": 1, "record_id": 1, "deleted": False, "record": None}],
        "next_cursor": "c",
        "has_more": False,
    }
    client, _, _ = make_client([ok(page)])
    with pytest.raises(MalformedReply):
        client.changes("c0")


def test_410_is_cursor_expired() -> None:
    client, _, _ = make_client(
        [lambda r: reply(r, 410, {"detail": "同步位置已过期", "code": "cursor_expired"})]
    )
    with pytest.raises(CursorExpired) as caught:
        client.changes("c0")
    assert caught.value.code == "cursor_expired"


def test_answers_must_match_the_pushed_items() -> None:
    items = [{"decision_id": "d1"}, {"decision_id": "d2"}]
    answer = {"results": [{"decision_id": "d1", "status": "applied", "record": record_snapshot()}]}
    client, _, _ = make_client([ok(answer)])
    with pytest.raises(MalformedReply, match="不对应"):
        client.push_decisions(items)


def test_error_reply_carries_the_servers_chinese_detail() -> None:
    client, _, _ = make_client(
        [lambda r: reply(r, 403, {"detail": "只有管理员可以重新生成", "code": "forbidden"})]
    )
    with pytest.raises(ApiError) as caught:
        client.regenerate_confirmation_code()
    assert caught.value.message == "只有管理员可以重新生成" and caught.value.code == "forbidden"


def test_blob_download_resumes_a_partial_file(tmp_path: Path) -> None:
    data = b"0123456789" * 1000
    sha = hashlib.sha256(data).hexdigest()
    partial = tmp_path / "blob.part"
    partial.write_bytes(data[:4000])

    def ranged(request):
        assert request.headers["Range"] == "bytes=4000-"
        assert request.headers["If-Range"] == f'"{sha}"'
        return reply(request, 206, raw=data[4000:], headers={"ETag": f'"{sha}"'})

    client, _, _ = make_client([ranged])
    client.download_blob(sha, partial, expected_size=len(data))
    assert partial.read_bytes() == data


def test_blob_complete_temp_file_is_confirmed_by_etag(tmp_path: Path) -> None:
    data = b"abc"
    sha = hashlib.sha256(data).hexdigest()
    partial = tmp_path / "blob.part"
    partial.write_bytes(data)

    def not_modified(request):
        assert request.headers["If-None-Match"] == f'"{sha}"'
        return reply(request, 304, raw=b"", headers={"ETag": f'"{sha}"'})

    client, adapter, _ = make_client([not_modified])
    client.download_blob(sha, partial, expected_size=3)
    assert partial.read_bytes() == data and len(adapter.requests) == 1


def test_blob_with_another_etag_is_refused(tmp_path: Path) -> None:
    sha = "b" * 64
    client, _, _ = make_client([lambda r: reply(r, 200, raw=b"x", headers={"ETag": '"' + "c" * 64 + '"'})])
    with pytest.raises(MalformedReply):
        client.download_blob(sha, tmp_path / "p")


def test_no_token_is_auth_error_before_sending() -> None:
    client = ApiClient("http://server.test", adapter=ScriptedAdapter([]))
    with pytest.raises(AuthError, match="请先登录"):
        client.me()


def test_redirected_post_is_refused_not_replayed_as_get() -> None:
    client, adapter, _ = make_client(
        [lambda r: reply(r, 308, raw=b"", headers={"Location": "https://new.example/v1/decisions"}, api=None)]
    )
    with pytest.raises(ApiError, match=re.escape("服务器地址已变更为 https://new.example")) as caught:
        client.push_decisions([{"decision_id": "d1"}])
    assert caught.value.code == "redirected" and len(adapter.requests) == 1  # not followed
