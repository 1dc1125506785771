"""Passwords (argon2id) and bearer tokens (random, stored as sha256).

Verification uses the parameters stored inside each hash, so accounts hashed with the cheap test
profile (``CHEAP_HASHER``, for generated bulk accounts and test fixtures) verify fast while real
accounts keep argon2-cffi's default cost.

That cost is ~50 ms of CPU and 64 MiB of memory per verification. When hundreds of workstations log in
at once (the morning of a deadline day), a process ran one verification per request thread at a time:
every core was busy hashing, memory grew by 64 MiB per thread, and syncs waited behind the logins. A
process now verifies at most one password per core at once (``VERIFY_SLOTS``); a few more logins wait
for a slot, and the rest are told to come back (:class:`PasswordCheckBusy`, answered 503 with
``Retry-After``) — docs/PERFORMANCE.md, *Load*.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST

#: argon2-cffi's default parameters (RFC 9106 low-memory profile): for real accounts.
DEFAULT_HASHER = PasswordHasher()
#: The cheapest parameters: only for generated bulk accounts and tests, never for real people.
CHEAP_HASHER = PasswordHasher.from_parameters(CHEAPEST)

# A hash to verify against when the username is unknown, so both failures take as long.
_DUMMY_HASH = DEFAULT_HASHER.hash("reviewdesk-no-such-user")


def hash_password(password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> str:
    return hasher.hash(password)


#: Password verifications one process runs at once (one per core), and how many more may wait.
VERIFY_SLOTS = max(1, os.cpu_count() or 1)
VERIFY_WAITING = 2 * VERIFY_SLOTS
#: Seconds a waiting verification waits for a slot.
VERIFY_WAIT_SECONDS = 10.0


class PasswordCheckBusy(Exception):
    """Too many password verifications in progress in this process: try again shortly."""


class _Gate:
    """A semaphore that also bounds its queue (waiters beyond ``waiting`` are refused at once)."""

    def __init__(self, slots: int, waiting: int) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._waiting = 0
        self._max_waiting = waiting

    def __enter__(self) -> None:
        if self._slots.acquire(blocking=False):
            return
        with self._lock:
            if self._waiting >= self._max_waiting:
                raise PasswordCheckBusy
            self._waiting += 1
        try:
            if not self._slots.acquire(timeout=VERIFY_WAIT_SECONDS):
                raise PasswordCheckBusy
        finally:
            with self._lock:
                self._waiting -= 1

    def __exit__(self, *_exc: object) -> None:
        self._slots.release()


_VERIFY_GATE = _Gate(VERIFY_SLOTS, VERIFY_WAITING)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; raises :class:`PasswordCheckBusy` when the process is saturated
    with verifications (module docstring)."""
    with _VERIFY_GATE:
        try:
            return DEFAULT_HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    """An opaque bearer token (256 random bits)."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_confirmation_code() -> str:
    """本单位确认码: 8 characters without look-alikes (no 0/O, 1/I/L), easy to read out on the phone."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))
