"""Passwords (argon2id) and bearer tokens (random, stored as sha256).

Verification uses the parameters stored inside each hash, so accounts hashed with the cheap test
profile (``CHEAP_HASHER``, for generated bulk accounts and test fixtures) verify fast while real
accounts keep argon2-cffi's default cost.
"""

from __future__ import annotations

import hashlib
import secrets

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


def verify_password(password_hash: str | None, password: str) -> bool:
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
