"""Signed CSRF tokens of the agent console.

A token is an HMAC-SHA256, keyed with the console's server secret, over what
it is bound to; nobody without the secret can make one:

* a logged-in page: the session's random CSRF nonce (stored with the session,
  ``bot/agents.py``), so a token belongs to one session;
* the login form (no session yet): a random nonce in the cookie
  ``console_login_csrf`` and the time the form was made, so a token belongs
  to one browser's cookie and expires. A value that merely equals the cookie,
  as in an unsigned double-submit, is refused: someone who can plant a cookie
  (another subdomain, plain HTTP) still cannot sign it.

The secret is ``CONSOLE_SECRET``, else the file ``CONSOLE_SECRET_FILE`` or
``.console-secret`` (``scripts/run.sh`` creates it with mode 600, see
``bot/secrets.py``). Without either the web app makes a random one per
process: it works, but open console pages need a reload after a restart, and
several web processes would not accept each other's tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from pathlib import Path

from bot import settings
from bot.secrets import ROOT, read_secret, require_secret

logger = logging.getLogger(__name__)

SECRET_ENV = "CONSOLE_SECRET"
SECRET_FILE = ROOT / ".console-secret"
SESSION = "console-session"
LOGIN = "console-login"
# Several web processes on different hosts may disagree on the time a little.
CLOCK_SKEW = 60


def secret_from_env() -> str:
    """The configured secret (a too short or example value stops the start:
    ``bot.secrets.MissingSecret``), else a random one for this process."""
    path = Path(settings.secret_file(SECRET_ENV) or SECRET_FILE)
    if read_secret(SECRET_ENV, path) is not None:
        return require_secret(SECRET_ENV, SECRET_FILE)
    logger.warning(
        "%s is not set and %s does not exist: console CSRF tokens last until this process ends.",
        SECRET_ENV,
        path.name,
    )
    return secrets.token_urlsafe(32)


def sign(secret: str, purpose: str, *parts: str) -> str:
    """HMAC-SHA256 of ``purpose`` and ``parts`` (URL-safe base64). The purpose
    keeps a token made for one use from passing as another."""
    message = "\x1f".join((purpose, *parts)).encode("utf-8", "surrogatepass")
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def same(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; empty or missing values never match."""
    if not expected or not given:
        return False
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), given.encode("utf-8", "surrogatepass")
    )


def session_token(secret: str, nonce: str) -> str:
    """The CSRF token of the session whose stored nonce is ``nonce``."""
    return sign(secret, SESSION, nonce)


def login_token(secret: str, nonce: str, now: float) -> str:
    """The login form's token for the cookie nonce ``nonce``: ``issued.mac``."""
    issued = str(int(now))
    return f"{issued}.{sign(secret, LOGIN, nonce, issued)}"


def login_token_valid(
    secret: str, nonce: str | None, given: str | None, now: float, max_age: float
) -> bool:
    """``given`` was made by :func:`login_token` for ``nonce`` within ``max_age`` seconds."""
    if not nonce or not given:
        return False
    issued, _, mac = given.partition(".")
    if not issued.isascii() or not issued.isdigit() or len(issued) > 12:
        return False
    if not -CLOCK_SKEW <= now - int(issued) <= max_age:
        return False
    return same(sign(secret, LOGIN, nonce, issued), mac)
