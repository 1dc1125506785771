"""The candidate's phone web app (seed 001: 湖北卫生人才), a second face of the central server.

Server-rendered pages under ``/m/`` over the same database and domain rules as the reviewers' API:
registration and sign-in with 手机号 (``accounts``), 实名认证 (``realname``, OCR in ``ocr``), 工作单位
(``binding``), and 卫生专业技术资格考试信息确认 (``confirm_page``). ``mount`` adds them to an app.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from reviewdesk.server.candidate_web.accounts import CodeSender, LogCodeSender
from reviewdesk.server.candidate_web.web import CsrfRefused, PageRedirect, redirect, refused

__all__ = ["CodeSender", "LogCodeSender", "mount"]


def mount(
    app: FastAPI,
    code_sender: CodeSender | None = None,
    read_id_numbers: Callable[[bytes], list[str]] | None = None,
) -> None:
    """Serve the candidate pages from ``app``: ``code_sender`` delivers 验证码 (default: the server log),
    ``read_id_numbers`` is the OCR (default: RapidOCR, loaded on first use)."""
    from reviewdesk.server.candidate_web import confirm_page, ocr, pages_account, pages_identity

    app.state.code_sender = code_sender or LogCodeSender()
    app.state.read_id_numbers = read_id_numbers or ocr.read_id_number
    app.include_router(pages_account.router)
    app.include_router(pages_identity.router)
    app.include_router(confirm_page.router)

    @app.exception_handler(PageRedirect)
    async def _redirect(_request: Request, error: PageRedirect) -> Response:
        return redirect(error.location)

    @app.exception_handler(CsrfRefused)
    async def _refused(request: Request, _error: CsrfRefused) -> Response:
        return refused(request)
