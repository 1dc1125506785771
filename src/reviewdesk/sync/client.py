"""The REST client of the central server: one method per endpoint of docs/API.md.

Built on a ``requests.Session`` (connection reuse, gzip via Accept-Encoding, TLS verification on by
default, an optional CA bundle for a province's private CA). What it adds, and why:

* a (connect, read) timeout on every call: a reviewer's sync must never hang on a dead Wi-Fi;
* retries with exponential backoff and jitter on connection errors, timeouts, cut-off bodies, 429 and
  502/503/504, honouring ``Retry-After`` up to a cap. Retrying a POST is safe here: every push carries
  client-made ids (decision_id, report_id, action_id) that the server answers as ``duplicate``;
* errors a reviewer can read (:mod:`reviewdesk.sync.errors`), and replies validated against
  :mod:`reviewdesk.sync.replies` before they reach the store.

The client holds no local state beyond the token; the sync engine decides what to do with answers.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import BaseAdapter, HTTPAdapter

from reviewdesk.sync import replies
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

API_VERSION = 1
API_HEADER = "X-Reviewdesk-Api"
#: Statuses worth retrying: throttled, or a proxy / server that is briefly unavailable.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: requests' refusals of the address itself ("127.0.0.1:8765" without a scheme, "http://"): no retry cures them.
BAD_URL_ERRORS: tuple[type[Exception], ...] = (
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidURL,
)
#: Errors raised while connecting or reading that a retry may cure.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

BLOB_CHUNK = 1 << 16


def default_sleep(seconds: float) -> None:
    """The backoff wait (looked up at call time, so a test can make backoff instant)."""
    time.sleep(seconds)


def _retry_after_seconds(response: requests.Response) -> float | None:
    """``Retry-After`` as seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _error_detail(response: requests.Response) -> tuple[str | None, str]:
    """The server's ``detail`` (Chinese, when it is a string) and ``code`` of an error reply."""
    try:
        body = response.json()
    except ValueError:
        return None, ""
    if not isinstance(body, dict):
        return None, ""
    detail = body.get("detail")
    code = body.get("code")
    return (detail if isinstance(detail, str) and detail else None), (code if isinstance(code, str) else "")


class ApiClient:
    """One server, one account. Thread-safe for concurrent blob downloads (requests' connection pool);
    the token may be replaced by :meth:`login` at any time."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        device_id: str | None = None,
        ca_bundle: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        retries: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_retry_after: float = 30.0,
        session: requests.Session | None = None,
        adapter: BaseAdapter | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.device_id = device_id or str(uuid.uuid4())
        self.ca_bundle = ca_bundle
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.session = session or requests.Session()
        # Enough pooled connections for the blob downloader's threads plus the sync itself. Tests pass
        # their own adapter (a transport that loses requests or answers on purpose).
        if adapter is None and session is None:
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=8)
        if adapter is not None:
            self.session.mount("http://", adapter)
            self.session.mount("https://", adapter)
        self.session.headers["Accept"] = "application/json"
        self.session.headers["User-Agent"] = "reviewdesk-desktop/0.1"
        self._sleep_override = sleep
        self._random = random.Random()
        self._lock = threading.Lock()
        #: The last login's reply (``token``, ``expires_at``, ``user``), for the session helper.
        self.login_reply: dict[str, Any] | None = None

    # -- plumbing -----------------------------------------------------------------------------
    def _pause(self, seconds: float) -> None:
        (self._sleep_override or default_sleep)(seconds)

    def _delay(self, attempt: int, response: requests.Response | None = None) -> float:
        """Exponential backoff with jitter; a server's Retry-After wins, capped so a reviewer waits
        at most ``max_retry_after`` seconds for one retry."""
        with self._lock:
            jitter = self._random.random()
        if response is not None:
            after = _retry_after_seconds(response)
            if after is not None:
                return min(after, self.max_retry_after) + jitter * min(1.0, self.backoff)
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        return ceiling / 2 + jitter * ceiling / 2

    def _headers(self, auth: bool, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {"X-Device-Id": self.device_id}
        if auth:
            if not self.token:
                raise AuthError("尚未登录，请先登录")
            headers["Authorization"] = f"Bearer {self.token}"
        if extra:
            headers.update(extra)
        return headers

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        auth: bool = True,
        headers: Mapping[str, str] | None = None,
        stream: bool = False,
        data: bytes | None = None,
    ) -> requests.Response:
        """Send with retries; return the first non-retryable response (not yet checked).

        Raises :class:`Offline` when every attempt failed to connect or was answered 429/5xx.
        """
        url = self.base_url + path
        verify: bool | str = self.ca_bundle or True
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method,
                    url,
                    params=clean_params,
                    json=json,
                    data=data,
                    headers=self._headers(auth, headers),
                    timeout=(self.connect_timeout, self.timeout),
                    verify=verify,
                    stream=stream,
                    # a redirected POST would silently turn into a GET: refuse instead (check())
                    allow_redirects=method in ("GET", "HEAD"),
                )
            except requests.exceptions.SSLError as error:
                raise CertificateError(status=None, code="tls") from error
            except BAD_URL_ERRORS as error:
                raise InvalidServerUrl(code="invalid_url") from error
            except TRANSIENT_ERRORS as error:
                if attempt >= self.retries:
                    raise Offline(code="offline") from error
                self._pause(self._delay(attempt))
                attempt += 1
                continue
            if response.status_code in RETRY_STATUSES:
                after = _retry_after_seconds(response)
                if after is not None and after > self.max_retry_after:
                    # "come back in 15 minutes" (a login throttled after wrong passwords, maintenance):
                    # retrying within our cap cannot succeed, so say so now with the server's words.
                    status = response.status_code
                    detail, code = _error_detail(response)
                    response.close()
                    minutes = max(1, round(after / 60))
                    message = detail or f"服务器暂时不能处理请求，请 {minutes} 分钟后再试"
                    if status == 429:
                        raise ApiError(message, status=429, code=code or "throttled")
                    raise Offline(message, status=status, code=code or "unavailable")
                if attempt >= self.retries:
                    status = response.status_code
                    detail, code = _error_detail(response)
                    response.close()
                    if status == 429 and code == "throttled" and detail:
                        # the login throttle says how long to wait, in its own words
                        raise ApiError(detail, status=429, code=code)
                    message = "服务器繁忙，请稍后再试" if status in (429, 503) else None
                    raise Offline(
                        message, status=status, code="throttled" if status == 429 else "unavailable"
                    )
                delay = self._delay(attempt, response)
                response.close()
                self._pause(delay)
                attempt += 1
                continue
            return response

    def check(self, response: requests.Response, ok: Sequence[int] = (200,)) -> requests.Response:
        """Raise the fitting error unless the response is one of ``ok`` from a version-1 server."""
        status = response.status_code
        api = response.headers.get(API_HEADER)
        if api is not None and api.strip().split(".")[0] != str(API_VERSION):
            raise IncompatibleServer(
                f"服务器版本不兼容（服务器接口版本 {api}，本程序需要 {API_VERSION}），请联系管理员或更新本程序",
                status=status,
                code="incompatible",
            )
        if 300 <= status < 400 and status != 304:
            location = response.headers.get("Location", "")
            raise ApiError(
                f"服务器地址已变更{('为 ' + location) if location else ''}，请更新服务器地址后重试",
                status=status,
                code="redirected",
            )
        if status == 401:
            detail, code = _error_detail(response)
            raise AuthError(detail, status=401, code=code or "unauthorized")
        if api is None:
            raise IncompatibleServer(
                "该地址不是审核服务器，或服务器版本不兼容，请检查服务器地址",
                status=status,
                code="not_reviewdesk",
            )
        if status in ok:
            return response
        detail, code = _error_detail(response)
        if status == 410:
            raise CursorExpired(detail, status=410, code=code or "cursor_expired")
        if status == 404:
            raise ApiError(detail or "记录不存在或不在您的审核范围内", status=404, code=code or "not_found")
        if status == 403:
            raise ApiError(detail or "您没有执行此操作的权限", status=403, code=code or "forbidden")
        if status == 422:
            raise ApiError(detail or "提交的数据无效", status=422, code=code or "invalid")
        raise ApiError(detail or f"服务器返回错误（{status}）", status=status, code=code or f"http_{status}")

    def _json(self, response: requests.Response, model: type[BaseModel] | None) -> Any:
        """The reply's JSON, validated against ``model``; the original dicts are returned."""
        try:
            # orjson straight from the bytes (download perf, see docs/PERFORMANCE.md "Download"):
            # requests' .json() decodes to str, then json.loads: ~4x slower on snapshot pages.
            # orjson.JSONDecodeError is a ValueError; the server always sends UTF-8 JSON (API.md).
            data = orjson.loads(response.content)
        except ValueError as error:
            raise MalformedReply("服务器返回的不是有效的 JSON 数据", status=response.status_code) from error
        if model is not None:
            try:
                model.model_validate(data)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first.get("loc", ())) or "(根)"
                raise MalformedReply(
                    f"服务器返回的数据格式不正确（{where}：{first.get('msg', '')}）",
                    status=response.status_code,
                    code="malformed",
                ) from error
        return data

    def call(
        self,
        method: str,
        path: str,
        model: type[BaseModel] | None,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        auth: bool = True,
    ) -> Any:
        response = self.request(method, path, params=params, json=json, auth=auth)
        try:
            return self._json(self.check(response), model)
        finally:
            response.close()

    # -- endpoints ------------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        return self.call("GET", "/v1/health", replies.HealthReply, auth=False)

    def login(self, username: str, password: str) -> str:
        """Log in and keep the token for the following calls. Returns the token."""
        reply = self.call(
            "POST",
            "/v1/auth/login",
            replies.LoginReply,
            json={"username": username, "password": password},
            auth=False,
        )
        self.token = reply["token"]
        self.login_reply = reply
        return self.token

    def logout(self) -> None:
        response = self.request("POST", "/v1/auth/logout")
        try:
            self.check(response, ok=(200, 204))
        finally:
            response.close()
        self.token = None

    def me(self) -> dict[str, Any]:
        return self.call("GET", "/v1/me", replies.MeReply)

    def catalogue(self) -> Any:
        return self.call("GET", "/v1/catalogue", None)

    def records(self, *, scope: str = "all", after_id: int | None = None, limit: int = 500) -> dict[str, Any]:
        return self.call(
            "GET",
            "/v1/records",
            replies.RecordPage,
            params={"scope": scope, "after_id": after_id, "limit": limit},
        )

    def record(self, record_id: int) -> dict[str, Any]:
        return self.call("GET", f"/v1/records/{int(record_id)}", replies.RecordReply)

    def snapshot(self, *, after_id: int | None = None, limit: int = 500) -> dict[str, Any]:
        """One page of the full download; the first page (no ``after_id``) carries the feed cursor."""
        page = self.call(
            "GET", "/v1/sync/snapshot", replies.SnapshotPage, params={"after_id": after_id, "limit": limit}
        )
        if after_id is None and not page.get("cursor"):
            raise MalformedReply("服务器的全量下载缺少同步位置（cursor）", code="malformed")
        return page

    def changes(self, since: str, *, limit: int = 1000) -> dict[str, Any]:
        """One page of the change feed; raises :class:`CursorExpired` on 410."""
        page = self.call(
            "GET", "/v1/sync/changes", replies.ChangesPage, params={"since": since, "limit": limit}
        )
        for change in page["changes"]:
            if not change["deleted"] and change["record"] is None:
                raise MalformedReply("服务器的变更记录缺少考生数据", code="malformed")
        return page

    def push_decisions(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """POST /v1/decisions; the answers, checked to match the items one for one, in order."""
        reply = self.call("POST", "/v1/decisions", replies.DecisionResults, json={"items": list(items)})
        results = reply["results"]
        self._check_answers([i["decision_id"] for i in items], [r["decision_id"] for r in results])
        return results

    def push_verifications(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        reply = self.call(
            "POST", "/v1/verifications", replies.VerificationResults, json={"items": list(items)}
        )
        results = reply["results"]
        self._check_answers([i["action_id"] for i in items], [r["action_id"] for r in results])
        return results

    def push_report(
        self, report_id: str, record_ids: Sequence[int] | None, reported_at: str
    ) -> dict[str, Any]:
        """POST /v1/reports (材料上报); ``{"results": [...], "duplicate": bool}``."""
        body = {
            "report_id": report_id,
            "record_ids": None if record_ids is None else [int(r) for r in record_ids],
            "reported_at": reported_at,
        }
        return self.call("POST", "/v1/reports", replies.ReportResults, json=body)

    def push_entries(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """POST /v1/entries (单位填报); the answers, one for one, in order."""
        reply = self.call("POST", "/v1/entries", None, json={"items": list(items)})
        results = reply["results"]
        self._check_answers([i["entry_id"] for i in items], [r["entry_id"] for r in results])
        return results

    def upload_scan(self, sha256: str, data: bytes, chunk: int = 1024 * 1024) -> dict[str, Any]:
        """Send a scan's bytes by hash (PUT /v1/uploads), resuming where the server's copy stopped
        (HEAD's ``Upload-Offset``), in parts of ``chunk`` bytes; the final answer (``status: stored``).
        A refusal by the image policy raises :class:`ApiError` (422) with its Chinese reason."""
        path = f"/v1/uploads/{sha256}"
        response = self.request("HEAD", path)
        try:
            if response.status_code == 200:
                return {"sha256": sha256, "status": "stored", "offset": len(data)}
            offset = int(response.headers.get("Upload-Offset") or 0) if response.status_code == 404 else 0
        finally:
            response.close()
        total = len(data)
        while True:
            part = data[offset : offset + chunk] if offset < total else b""
            headers = {"Content-Type": "application/octet-stream"}
            if offset or len(part) < total:
                headers["Content-Range"] = f"bytes {offset}-{offset + len(part) - 1}/{total}"
            response = self.request("PUT", path, data=part, headers=headers)
            try:
                if response.status_code == 409 and "Upload-Offset" in response.headers:
                    offset = int(
                        response.headers["Upload-Offset"]
                    )  # the server has more (or less): go on from there
                    continue
                reply = self._json(self.check(response, ok=(200, 202)), None)
            finally:
                response.close()
            if reply.get("status") == "stored":
                return reply
            offset = int(reply["offset"])

    @staticmethod
    def _check_answers(sent: list[str], answered: list[str]) -> None:
        if sent != answered:
            raise MalformedReply("服务器的答复与提交的操作不对应", code="malformed")

    def confirmation_code(self) -> dict[str, Any]:
        return self.call("GET", "/v1/org/confirmation-code", None)

    def regenerate_confirmation_code(self) -> dict[str, Any]:
        return self.call("POST", "/v1/org/confirmation-code/regenerate", None)

    # 实名认证审核 (省级 administrators)
    def identity_submissions(self, *, after_id: int = 0, limit: int = 200) -> dict[str, Any]:
        return self.call(
            "GET", "/v1/identity/submissions", None, params={"after_id": after_id, "limit": limit}
        )

    def identity_photo(self, submission_id: int, side: str) -> bytes:
        response = self.request("GET", f"/v1/identity/photos/{int(submission_id)}/{side}")
        try:
            return self.check(response).content
        finally:
            response.close()

    def push_identity_decisions(self, items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        reply = self.call("POST", "/v1/identity/decisions", None, json={"items": list(items)})
        results = reply["results"]
        self._check_answers([i["decision_id"] for i in items], [r["decision_id"] for r in results])
        return results

    # candidate actions (test/demo servers only)
    def candidate_bind(self, record_id: int, code: str) -> Any:
        return self.call(
            "POST", "/v1/candidate/bind", None, json={"record_id": record_id, "code": code}, auth=False
        )

    def candidate_submit(self, record_id: int, materials: list[dict[str, Any]] | None = None) -> Any:
        body: dict[str, Any] = {"record_id": record_id}
        if materials is not None:
            body["materials"] = materials
        return self.call("POST", "/v1/candidate/submit", None, json=body, auth=False)

    def candidate_withdraw(self, record_id: int) -> Any:
        return self.call("POST", "/v1/candidate/withdraw", None, json={"record_id": record_id}, auth=False)

    # -- blobs ----------------------------------------------------------------------------------
    def download_blob(
        self,
        sha256: str,
        partial: Path,
        *,
        expected_size: int | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """Fetch ``/v1/blobs/<sha256>`` into the temp file ``partial``, resuming what it already holds.

        * a partial file is continued with ``Range`` + ``If-Range: "<sha256>"`` (a changed ETag makes
          the server send everything again, and the file is rewritten);
        * a temp file that already has ``expected_size`` bytes is confirmed with ``If-None-Match``:
          304 means there is nothing to fetch;
        * a connection cut mid-body keeps what arrived and the retry resumes from there.

        The caller hash-checks the file (the client does not trust the bytes either) and moves it into
        place. Raises :class:`ApiError` 404 when the blob is not in the caller's scope.
        """
        etag = f'"{sha256}"'
        attempt = 0
        while True:
            if cancel is not None and cancel.is_set():
                return partial
            have = partial.stat().st_size if partial.exists() else 0
            headers: dict[str, str] = {"Accept": "*/*", "Accept-Encoding": "identity"}
            if have and expected_size is not None and have == expected_size:
                headers["If-None-Match"] = etag
            elif have:
                headers["Range"] = f"bytes={have}-"
                headers["If-Range"] = etag
            response = self.request("GET", f"/v1/blobs/{sha256}", headers=headers, stream=True)
            try:
                if response.status_code == 304:
                    self.check(response, ok=(304,))
                    return partial
                if response.status_code == 416:  # we hold at least the whole thing: the hash decides
                    self.check(response, ok=(416,))
                    return partial
                self.check(response, ok=(200, 206))
                got = response.headers.get("ETag")
                if got is not None and got.removeprefix("W/") != etag:
                    raise MalformedReply("服务器返回的图片与请求的不一致", code="etag_mismatch")
                mode = "ab" if response.status_code == 206 else "wb"
                with open(partial, mode) as out:
                    for chunk in response.iter_content(BLOB_CHUNK):
                        out.write(chunk)
                        if cancel is not None and cancel.is_set():
                            return partial
                return partial
            except TRANSIENT_ERRORS as error:
                if attempt >= self.retries:
                    raise Offline(code="offline") from error
                self._pause(self._delay(attempt))
                attempt += 1
            finally:
                response.close()


def api_error_message(error: BaseException) -> str:
    """The Chinese message to show for any error the sync may meet."""
    if isinstance(error, ApiError):
        return error.message
    return f"同步失败：{error}"
