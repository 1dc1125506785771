"""Login throttling that slows guessing down without letting anyone lock a colleague out.

OWASP's authentication guidance, as this server applies it:

* Failed logins are counted per **(username, client address)** and per **client address** across
  usernames, over a sliding window (``login_failures``, in the database, so every worker sees the same
  counts). Never per username alone: usernames follow a guessable pattern (``unit_420102_004``), and a
  per-username lock lets anyone lock any reviewer out on deadline day. The owner logging in from their
  own PC is not slowed by someone else's failures elsewhere.
* Past the free tries a key waits a **growing delay** after its last failure (``base × 2^k``, capped),
  never a fixed lock: a guesser gets a few tries an hour, the owner who mistyped waits seconds.
* A throttled try is refused before the password is checked (argon2 costs ~0.2 s of CPU a try).
* Rows older than the window are deleted whenever a failure is written, so the table stays small.

The client address is the socket's peer unless the request came through a proxy the administrator
named (``--forwarded-allow-ips``, see ``ServerSettings.forwarded_allow_ips``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from reviewdesk.server.models import LoginFailure


@dataclass(frozen=True)
class ThrottleRule:
    """How many failures a key gets for free within ``window``, and how the wait grows after that."""

    window: timedelta
    per_user_address: int
    per_address: int
    base_delay: timedelta
    max_delay: timedelta

    def delay(self, failures: int, free: int) -> timedelta:
        """The wait after the last of ``failures`` (zero while within the ``free`` tries)."""
        if failures < free:
            return timedelta(0)
        seconds = self.base_delay.total_seconds() * 2 ** min(failures - free, 30)
        return min(timedelta(seconds=seconds), self.max_delay)


def _wait(
    session: Session, where: ColumnElement[bool], free: int, rule: ThrottleRule, now: datetime
) -> float:
    count, last = session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(where, LoginFailure.at > now - rule.window)
    ).one()
    if not count or last is None:
        return 0.0
    if last.tzinfo is None:  # SQLite hands back naive UTC
        last = last.replace(tzinfo=now.tzinfo)
    return (last + rule.delay(int(count), free) - now).total_seconds()


def retry_after(session: Session, username: str, ip: str, rule: ThrottleRule, now: datetime) -> int | None:
    """Seconds until (``username``, ``ip``) may try again, or None when it may try now."""
    waits = (
        _wait(
            session,
            (LoginFailure.username == username) & (LoginFailure.ip == ip),
            rule.per_user_address,
            rule,
            now,
        ),
        _wait(session, LoginFailure.ip == ip, rule.per_address, rule, now),
    )
    longest = max(waits)
    return max(1, math.ceil(longest)) if longest > 0 else None


def record_failure(session: Session, username: str, ip: str, rule: ThrottleRule, now: datetime) -> None:
    """Count a failed login and forget failures older than the window (every key's)."""
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - rule.window))
    session.add(LoginFailure(username=username, at=now, ip=ip))


def forget_failures(session: Session, username: str, ip: str) -> None:
    """A successful login clears that (username, address)'s failures, no one else's."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username, LoginFailure.ip == ip))
