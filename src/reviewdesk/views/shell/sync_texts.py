"""What people read about a sync: phase names, the one-line report, ``reviewdesk status``'s lines.

Why here and not in ``reviewdesk.sync``: the sync layer stays free of Qt, so its own texts
(``SyncReport.summary()``, ``StoreStatus.lines()``) can only ever be the seeds' Chinese. The windows and
the command line print these instead, built from the same numbers through Qt Linguist, so they follow
the language chosen in 设置.

The messages of the sync layer's errors (``ApiError.message``) are Chinese data of that layer or the
server's own words; :func:`sync_error_text` translates the fixed ones it knows (``default_message`` of
each error class) and shows any other message as it came.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reviewdesk.views.common.i18n import ENUM_CONTEXT, translate, translate_count, translate_noop

CONTEXT = "SyncTexts"
ERRORS_CONTEXT = "SyncErrors"

#: The engine's phase codes in the seed's words (progress dialog, status bar, command line).
_PHASES: dict[str, str] = {
    "push": translate_noop(CONTEXT, "上传审核结果"),
    "pull": translate_noop(CONTEXT, "下载更新"),
    "download": translate_noop(CONTEXT, "下载考生数据"),
    "blobs": translate_noop(CONTEXT, "下载图片"),
    "index": translate_noop(CONTEXT, "准备考生列表"),
}

#: ``default_message`` of each ``reviewdesk.sync.errors`` class (a test keeps this list complete).
SYNC_ERROR_MESSAGES: tuple[str, ...] = (
    translate_noop(ERRORS_CONTEXT, "服务器返回错误"),
    translate_noop(ERRORS_CONTEXT, "登录已失效，请重新登录"),
    translate_noop(ERRORS_CONTEXT, "服务器版本不兼容，请联系管理员或更新本程序"),
    translate_noop(ERRORS_CONTEXT, "服务器返回的数据格式不正确，请稍后重试或联系管理员"),
    translate_noop(
        ERRORS_CONTEXT,
        "服务器地址无效，请填写以 http:// 或 https:// 开头的完整地址，例如 https://review.example.cn",
    ),
    translate_noop(ERRORS_CONTEXT, "无法连接服务器，请检查网络后重试；您可以继续离线审核"),
    translate_noop(ERRORS_CONTEXT, "服务器证书验证失败，请检查服务器地址或证书设置"),
    translate_noop(ERRORS_CONTEXT, "同步位置已失效，需要重新下载全部数据"),
    translate_noop(ERRORS_CONTEXT, "图片下载内容校验失败，已丢弃"),
)


class _TranslatedPhases(Mapping[str, str]):
    """``PHASE_TEXT[phase]`` in the current language, looked up when read (the translator is
    installed after this module is imported, so a dict of translated strings would stay Chinese)."""

    def __getitem__(self, phase: str) -> str:
        return translate(CONTEXT, _PHASES[phase])

    def __iter__(self) -> Iterator[str]:
        return iter(_PHASES)

    def __len__(self) -> int:
        return len(_PHASES)


PHASE_TEXT: Mapping[str, str] = _TranslatedPhases()


def phase_text(phase: str) -> str:
    """A phase code in words; an unknown code as it is."""
    return PHASE_TEXT.get(phase, phase)


def sync_error_text(message: str | None) -> str:
    """An error message of the sync layer in the current language when it is one of the fixed ones."""
    return translate(ERRORS_CONTEXT, message) if message else ""


def sync_summary(report: Any) -> str:
    """One line about a ``SyncReport`` (what ``SyncReport.summary()`` says, in the current language)."""
    parts = [
        translate(
            CONTEXT,
            "上传 {pushed} 项（成功 {applied}，此前已上传 {duplicates}，冲突 {conflicts}，被拒 {rejected}）",
        ).format(
            pushed=report.pushed,
            applied=report.applied,
            duplicates=report.duplicates,
            conflicts=report.conflicts,
            rejected=report.rejected,
        ),
        (
            translate_count(CONTEXT, "全量下载 {n} 条", report.downloaded + report.pulled)
            if report.full_download
            else translate_count(CONTEXT, "更新 {n} 条", report.downloaded + report.pulled)
        ).format(n=report.downloaded + report.pulled),
        translate_count(CONTEXT, "图片 {n} 张", report.blobs).format(n=report.blobs),
    ]
    failed = report.blob_failures + len(report.corrupt_blobs)
    if failed:
        parts.append(translate_count(CONTEXT, "图片失败 {n} 张", failed).format(n=failed))
    if report.cancelled:
        parts.append(translate(CONTEXT, "已取消"))
    if report.error:
        parts.append(translate(CONTEXT, "错误：{error}").format(error=sync_error_text(report.error)))
    return translate(CONTEXT, "；").join(parts)


def status_lines(status: Any) -> list[str]:
    """``reviewdesk status`` for one store (a ``reviewdesk.sync.status.StoreStatus``)."""
    none = translate(CONTEXT, "无")
    pending = translate(CONTEXT, "全量下载未完成") if status.full_download_pending else none
    cursor = status.cursor or pending
    return [
        translate(CONTEXT, "本地数据：{path}").format(path=status.path),
        translate(CONTEXT, "服务器：{server}").format(server=status.server_url),
        translate(CONTEXT, "账号：{username}（{name}，{org}，{tier}）").format(
            username=status.username,
            name=status.display_name,
            org=status.org_name,
            tier=translate(ENUM_CONTEXT, status.tier_label),
        ),
        translate(CONTEXT, "考生记录：{n} 条").format(n=status.records),
        translate(CONTEXT, "待同步操作：{n} 项").format(n=status.pending_actions),
        translate(CONTEXT, "未处理冲突：{n} 项").format(n=status.open_conflicts),
        translate(CONTEXT, "已下载图片：{n} 张").format(n=status.blobs),
        translate(CONTEXT, "上次同步：{when}").format(
            when=status.last_sync_at or translate(CONTEXT, "从未同步")
        ),
        translate(CONTEXT, "上次同步错误：{error}").format(
            error=sync_error_text(status.last_sync_error) or none
        ),
        translate(CONTEXT, "同步位置：{cursor}").format(cursor=cursor),
    ]
