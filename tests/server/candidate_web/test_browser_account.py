"""注册, 登录 (throttled), 首页 with 通知公告 and the first-visit prompt, 个人中心, and CSRF — in Chromium."""

from __future__ import annotations

from sqlalchemy import select

from conftest import Phone
from reviewdesk.domain.realname import PROMPT
from reviewdesk.server.candidate_models import CandidateSession
from reviewdesk.server.db import Database
from reviewdesk.server.demo.candidate_side import NOTICES


def test_register_sign_in_prompt_and_home(phone: Phone) -> None:
    phone.open("/")
    assert phone.path == "/m/login"  # signed out: every page leads to 登录
    phone.shot("1-login")
    phone.open("/register")
    phone.fill("phone", "13700000001")
    phone.click("send-code")
    assert (
        phone.text("code-sent")
        == "验证码已发送至 13700000001（演示服务器未接短信网关：验证码已写入服务器日志）"
    )
    phone.fill("code", "000000" if phone.codes.code_for("13700000001") != "000000" else "111111")
    phone.fill("password", "Kaosheng@2027")
    phone.fill("password2", "Kaosheng@2027")
    phone.click("register")
    assert phone.text("error-code") == "验证码错误或已过期，请重新获取"
    phone.shot("2-register")

    phone.register("13700000001")
    assert phone.path == "/m/"
    assert phone.text("prompt").splitlines()[1] == PROMPT
    assert phone.text("no-business") == "暂无业务"
    for title, day in NOTICES:
        assert f"{title}\n{day}" in phone.page_text()
    phone.shot("3-home-prompt")
    phone.click("prompt-later")  # 暂不认证: the prompt does not come back
    assert not phone.has("prompt")
    phone.open("/")
    assert not phone.has("prompt")

    phone.open("/me")
    assert "实名认证\n未认证" in phone.page_text()
    assert "工作单位\n未绑定" in phone.page_text()
    phone.click("logout")
    assert phone.path == "/m/login"
    phone.open("/me")
    assert phone.path == "/m/login"


def test_prompt_go_leads_to_realname(phone: Phone) -> None:
    phone.register("13700000002")
    phone.click("prompt-go")
    assert phone.path == "/m/realname"
    assert phone.text("method-id_auto") == "身份证(自动核验)\n推荐"


def test_sign_in_is_throttled(phone: Phone) -> None:
    phone.register("13700000003")
    phone.sign_out()
    for _ in range(5):
        phone.sign_in("13700000003", "wrong-password")
        assert phone.text("error-page") == "手机号或密码错误"
    phone.sign_in("13700000003", "Kaosheng@2027")  # the right password, too late
    assert phone.text("error-page") == "登录失败次数过多，请15分钟后再试"
    assert phone.path == "/m/login"


def test_a_form_without_the_right_token_is_refused(phone: Phone) -> None:
    phone.register("13700000004")
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            sessions_before = len(list(session.scalars(select(CandidateSession))))
    finally:
        database.dispose()
    # A page elsewhere posting into the candidate's session: simulated by changing the form's token.
    phone.open("/me")
    phone.driver.execute_script("document.querySelector('input[name=csrf]').value = 'forged'")
    phone.click("logout")
    assert phone.text("message") == "页面已过期或请求来源不明，请返回后重新操作"
    assert "403" not in phone.page_text()
    phone.open("/me")  # still signed in: the forged 退出登录 did nothing
    assert phone.path == "/m/me"
    database = Database.open(phone.site.db_url)
    try:
        with database.read() as session:
            assert len(list(session.scalars(select(CandidateSession)))) == sessions_before
    finally:
        database.dispose()
    # And a form without any token at all (signed out: 登录 itself).
    phone.sign_out()
    phone.open("/login")
    phone.driver.execute_script("document.querySelector('input[name=csrf]').remove()")
    phone.fill("phone", "13700000004")
    phone.fill("password", "Kaosheng@2027")
    phone.click("login")
    assert phone.text("message") == "页面已过期或请求来源不明，请返回后重新操作"
