"""Signed identity tokens: the brand's website, where the customer is logged
in, can vouch for them, so the bot needs no code and e-mail.

Format: ``base64url(json payload) "." base64url(HMAC-SHA256(payload))`` with
the payload ``{"code": "ASV-7K3M9P", "program": "autosicher", "exp": 1767225600}``.
The shared secret is ``WIDGET_TOKEN_SECRET``; without it, tokens are refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from bot import settings


@dataclass(frozen=True)
class TokenClaims:
    code: str
    program: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token_secret() -> str | None:
    return settings.raw("WIDGET_TOKEN_SECRET")


def sign_token(code: str, program: str, secret: str, valid_seconds: int = 3600) -> str:
    """What the website does (shown here for tests and the demo page)."""
    payload = json.dumps(
        {"code": code, "program": program, "exp": int(time.time()) + valid_seconds},
        separators=(",", ":"),
    ).encode()
    signature = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


def read_token(token: object, secret: str | None, now: float | None = None) -> TokenClaims | None:
    """The claims of a valid, unexpired token, else None (never raises)."""
    if not secret or not isinstance(token, str) or token.count(".") != 1 or len(token) > 2000:
        return None
    try:
        payload_part, signature_part = token.split(".")
        payload = _unb64(payload_part)
        expected = hmac.new(secret.encode(), payload, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature_part)):
            return None
        claims = json.loads(payload)
        if float(claims["exp"]) < (now if now is not None else time.time()):
            return None
        return TokenClaims(code=str(claims["code"]), program=str(claims["program"]))
    except (ValueError, KeyError, TypeError):
        return None
