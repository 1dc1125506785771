"""What can go wrong talking to the central server, as exceptions a reviewer can be shown.

Every error carries ``.message`` in Chinese, fit to show as is, plus ``.status`` (HTTP status or None)
and ``.code`` (a stable English code for programs). The classes tell the caller what to *do*:
log in again (:class:`AuthError`), update the program (:class:`IncompatibleServer`), keep working
offline and retry later (:class:`Offline`), re-download the scope (:class:`CursorExpired`).
"""

from __future__ import annotations


class ApiError(Exception):
    """The server refused or could not serve a request. ``str(error)`` is the Chinese message."""

    default_message = "服务器返回错误"

    def __init__(self, message: str | None = None, *, status: int | None = None, code: str = "") -> None:
        self.message = message or self.default_message
        self.status = status
        self.code = code or type(self).__name__
        super().__init__(self.message)


class AuthError(ApiError):
    """401: the token expired or was revoked, or the password is wrong. The reviewer logs in again."""

    default_message = "登录已失效，请重新登录"


class IncompatibleServer(ApiError):
    """The server speaks another API version (``X-Reviewdesk-Api``), or is not a reviewdesk server."""

    default_message = "服务器版本不兼容，请联系管理员或更新本程序"


class MalformedReply(ApiError):
    """The reply is not the JSON API.md promises (not JSON, missing keys, wrong types)."""

    default_message = "服务器返回的数据格式不正确，请稍后重试或联系管理员"


class InvalidServerUrl(ApiError):
    """The server address cannot be a URL to connect to (no ``http://``/``https://``, a typo): said at
    once, never retried and never passed on as requests' English message."""

    default_message = (
        "服务器地址无效，请填写以 http:// 或 https:// 开头的完整地址，例如 https://review.example.cn"
    )


class Offline(ApiError):
    """No answer after the retries (connection refused, timeouts, overload). Work goes on offline."""

    default_message = "无法连接服务器，请检查网络后重试；您可以继续离线审核"


class CertificateError(Offline):
    """TLS verification failed: never retried, never silently ignored."""

    default_message = "服务器证书验证失败，请检查服务器地址或证书设置"


class CursorExpired(ApiError):
    """410 on the change feed: the client re-downloads its scope (keeping its outbox)."""

    default_message = "同步位置已失效，需要重新下载全部数据"


class CorruptBlob(ApiError):
    """A downloaded image does not match its sha256: discarded, never stored."""

    default_message = "图片下载内容校验失败，已丢弃"
