"""Fixtures of the sync tests: the real server on 127.0.0.1 seeded once per module (the in-memory
keyring is the whole suite's: tests/memory_keyring.py)."""

from __future__ import annotations
