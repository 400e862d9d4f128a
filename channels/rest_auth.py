"""Who may talk on the REST channel, and as which conversation.

On Rasa's REST channel the ``sender`` in the body *is* the conversation: a
client that knows or guesses another conversation's id would continue it,
including a verification that someone else completed. So every request
carries ``Authorization: Bearer <token>``, one of:

* the **channel token** (``REST_CHANNEL_TOKEN``, else the file
  ``.rest-token``): for an integrator's backend, which owns every sender id it
  uses (it keeps its customers apart itself);
* a **conversation token**, a JWT (HS256, signed with ``REST_JWT_SECRET``,
  else the file ``.rest-jwt-secret``) with ``sub`` = the sender id and
  ``exp``: what an integrator's backend hands to a browser, good for that one
  conversation and at most :data:`MAX_TOKEN_LIFETIME`.

``scripts/run.sh`` creates both files once with mode 600 (``bot/secrets.py``).
Mint a conversation token with ``python -m channels.rest_auth token SENDER``
or any JWT library.

Why not Rasa's own mechanisms: ``--auth-token`` and ``--jwt-secret`` protect
only the HTTP API, not channel webhooks, and a Rasa JWT with role ``user``
would also let a browser post events (slots) to its tracker. The tokens here
open the REST webhook and nothing else. PyJWT (which Rasa already depends on,
through sanic-jwt) checks signature and expiry.
"""

from __future__ import annotations

import argparse
import hmac
import re
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

import jwt

from bot.secrets import ROOT, MissingSecret, bearer_token, require_secret

CHANNEL_TOKEN_ENV = "REST_CHANNEL_TOKEN"
CHANNEL_TOKEN_FILE = ROOT / ".rest-token"
JWT_SECRET_ENV = "REST_JWT_SECRET"
JWT_SECRET_FILE = ROOT / ".rest-jwt-secret"
JWT_ALGORITHM = "HS256"
# Conversation tokens are for one visit; one valid for longer is refused.
MAX_TOKEN_LIFETIME = timedelta(hours=24)
DEFAULT_TOKEN_LIFETIME = timedelta(hours=1)
MAX_TOKEN_CHARS = 4_000
SENDER_PATTERN = re.compile(r"[\w.:@+-]{1,128}")

MISSING_TOKEN = (
    "Authorization: Bearer <token> is required: the channel token or a conversation token"
)
INVALID_TOKEN = "The token is invalid or has expired"


class NotAuthenticated(Exception):
    """The request carries no usable token; the message says why (for a 401)."""


@dataclass(frozen=True)
class Caller:
    """Whom a valid token stands for: the integrator (``conversation`` None,
    any sender id) or the holder of one conversation's token."""

    conversation: str | None

    def may_use(self, sender: str) -> bool:
        return self.conversation is None or hmac.compare_digest(
            self.conversation.encode(), sender.encode()
        )


@dataclass(frozen=True)
class RestAuth:
    """The two secrets of the REST channel and the check of a request's token."""

    channel_token: str
    jwt_secret: str

    @classmethod
    def from_environment(cls) -> RestAuth:
        """Both secrets from environment or file; :class:`MissingSecret` if one is missing."""
        return cls(
            channel_token=require_secret(CHANNEL_TOKEN_ENV, CHANNEL_TOKEN_FILE),
            jwt_secret=require_secret(JWT_SECRET_ENV, JWT_SECRET_FILE),
        )

    def caller(self, authorization: str | None, now: float | None = None) -> Caller:
        """Who presents ``authorization``; :class:`NotAuthenticated` if nobody we know."""
        token = bearer_token(authorization)
        if token is None:
            raise NotAuthenticated(MISSING_TOKEN)
        presented = token.encode("utf-8", "replace")
        if hmac.compare_digest(presented, self.channel_token.encode()):
            return Caller(conversation=None)
        subject = conversation_of(token, self.jwt_secret, now)
        if subject is None:
            raise NotAuthenticated(INVALID_TOKEN)
        return Caller(conversation=subject)


def conversation_of(token: str, secret: str, now: float | None = None) -> str | None:
    """The sender id a valid, unexpired, short-lived conversation token names, else None."""
    if len(token) > MAX_TOKEN_CHARS:
        return None
    now = time.time() if now is None else now
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "exp"], "verify_exp": False},
        )
    except jwt.InvalidTokenError:
        return None
    expires = claims["exp"]
    if not isinstance(expires, int | float) or not now < expires:
        return None
    if expires - now > MAX_TOKEN_LIFETIME.total_seconds():
        return None
    subject = claims["sub"]
    return subject if isinstance(subject, str) and SENDER_PATTERN.fullmatch(subject) else None


def conversation_token(
    sender: str,
    secret: str,
    lifetime: timedelta = DEFAULT_TOKEN_LIFETIME,
    now: float | None = None,
) -> str:
    """A conversation token for ``sender`` (what an integrator's backend mints)."""
    now = time.time() if now is None else now
    claims = {"sub": sender, "exp": int(now + lifetime.total_seconds())}
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m channels.rest_auth",
        description="Mint a conversation token for the REST channel (REST_JWT_SECRET).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    mint = commands.add_parser("token", help="print a conversation token for SENDER")
    mint.add_argument("sender", help="the conversation's sender id")
    mint.add_argument(
        "--minutes",
        type=int,
        default=int(DEFAULT_TOKEN_LIFETIME.total_seconds() // 60),
        help="validity in minutes (at most 1440)",
    )
    args = parser.parse_args(argv)
    if not SENDER_PATTERN.fullmatch(args.sender):
        parser.error("SENDER must be 1 to 128 letters, digits or . : @ + - _")
    lifetime = timedelta(minutes=args.minutes)
    if not timedelta(0) < lifetime <= MAX_TOKEN_LIFETIME:
        parser.error("--minutes must be between 1 and 1440")
    try:
        secret = require_secret(JWT_SECRET_ENV, JWT_SECRET_FILE)
    except MissingSecret as error:
        print(f"no token: {error}", file=sys.stderr)
        return 2
    print(conversation_token(args.sender, secret, lifetime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
