"""Which client a message came from, as the metadata field ``client``.

Verification limits failed checks per client across conversations
(``bot.verification``); a new sender id must not reset that count. Rasa passes
nothing about the caller to the actions, so both channels (``channels/rest.py``,
``channels/socketio.py``) put a key for the caller's address into every
message's metadata under :data:`CLIENT_FIELD`, overwriting whatever a client
sent under that name.

The key is a keyed hash (HMAC-SHA256 with the action-server secret, shortened
to 128 bits): stable across restarts, so counts survive them, but not an IP
address in the database. The address is the one Sanic reports:
``request.remote_addr`` when Sanic is configured to trust a proxy's
forwarding headers (``PROXIES_COUNT``/``REAL_IP_HEADER``/``FORWARDED_SECRET``),
else the peer address, never a header a client can simply set.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache
from typing import Any

from sanic.request import Request

from bot.secrets import ACTION_SECRET_ENV, ACTION_SECRET_FILE, read_secret

CLIENT_FIELD = "client"


@cache
def _key() -> bytes:
    """The action-server secret; without one (a local shell), a key for this process."""
    secret = read_secret(ACTION_SECRET_ENV, ACTION_SECRET_FILE) or secrets.token_urlsafe(32)
    return hmac.new(secret.encode(), b"client-key", hashlib.sha256).digest()


def client_key(address: str) -> str:
    """The stored form of a client address: ``"203.0.113.7"`` -> 32 hex digits."""
    return hmac.new(_key(), address.encode(), hashlib.sha256).hexdigest()[:32]


def client_address(request: Request) -> str:
    """The caller's address as Sanic trusts it (see the module docstring)."""
    return request.remote_addr or request.ip or "unknown"


def with_client(metadata: dict[str, Any] | None, request: Request) -> dict[str, Any]:
    """``metadata`` plus the caller's key under :data:`CLIENT_FIELD`."""
    return {**(metadata or {}), CLIENT_FIELD: client_key(client_address(request))}
