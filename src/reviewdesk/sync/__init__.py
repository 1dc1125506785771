"""Talking to the central server: the REST client (``client``), the sync engine (``engine``), logging
in and opening a workspace (``session``). No Qt here; progress goes through a callback.

The names most callers need are re-exported here; see docs/STORE_API.md for the contract.
"""

from reviewdesk.sync.client import ApiClient
from reviewdesk.sync.engine import SyncEngine, SyncReport, offline_ready
from reviewdesk.sync.errors import (
    ApiError,
    AuthError,
    CertificateError,
    CorruptBlob,
    CursorExpired,
    IncompatibleServer,
    InvalidServerUrl,
    MalformedReply,
    Offline,
)

__all__ = [
    "ApiClient",
    "ApiError",
    "AuthError",
    "CertificateError",
    "CorruptBlob",
    "CursorExpired",
    "IncompatibleServer",
    "InvalidServerUrl",
    "MalformedReply",
    "Offline",
    "SyncEngine",
    "SyncReport",
    "offline_ready",
]
