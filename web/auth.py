"""Login, CSRF protection and security headers of the agent console.

Built on ``bot/agents.py`` (scrypt password hashes, sessions whose token only
the cookie knows):

* The cookie ``console_session`` holds the login token: ``HttpOnly``,
  ``SameSite=Strict``, ``Path=/console``; ``Secure`` whenever the request came
  over HTTPS (``web/proxies.py``) and always with ``CONSOLE_SECURE_COOKIES=1``.
* ``guard`` wraps every console route but the login: without a live login,
  pages answer 303 to ``/console/login?next=…`` and ``/console/api/…`` 401
  (JSON). Every POST must carry the session's signed CSRF token (form field
  ``csrf_token`` or header ``X-CSRF-Token``, ``web/csrf.py``), else 403.
* The login form has no session yet: its token is signed for a random nonce
  in the cookie ``console_login_csrf`` (``web/csrf.py``).
* Failed logins slow further tries down: ``web/login_throttle.py``.
* ``secure_headers``: no framing, no inline script, no caching.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qs, quote, urlsplit

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from bot.agents import SESSION_LIFETIME, find_session
from web import csrf, database
from web.config import Settings
from web.proxies import came_over_https

logger = logging.getLogger(__name__)

COOKIE = "console_session"
LOGIN_COOKIE = "console_login_csrf"
COOKIE_PATH = "/console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_URL = "/console/login"
HOME_URL = "/console"
API_PREFIX = "/console/api/"
MAX_FORM_BYTES = 4096

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}

NOT_LOGGED_IN = "Bitte melden Sie sich an."
CSRF_FAILED = "Die Sicherheitsprüfung ist fehlgeschlagen. Bitte laden Sie die Seite neu."
DATABASE_DOWN = (
    "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
)

Endpoint = Callable[[Request], Awaitable[Response]]


class BodyTooLarge(Exception):
    """The request body is larger than the route accepts."""


@dataclass(frozen=True)
class ConsoleUser:
    """The logged-in agent of a request (plain values, no database session)."""

    agent_id: int
    username: str
    display_name: str
    csrf_token: str


def load_user(session: Session, token: str | None, secret: str) -> ConsoleUser | None:
    """The agent of the session cookie ``token``, with the session's CSRF
    token signed with ``secret``; None without a live login."""
    login = find_session(session, token)
    if login is None:
        return None
    agent = login.agent
    return ConsoleUser(
        agent.id, agent.username, agent.display_name, csrf.session_token(secret, login.csrf_token)
    )


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


# ---- request bodies -----------------------------------------------------------


async def read_body(request: Request, limit: int) -> bytes:
    """The body, at most ``limit`` bytes (``BodyTooLarge`` otherwise); read once
    and kept for later calls in the same request."""
    cached = getattr(request.state, "body", None)
    if cached is not None:
        return cached
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    request.state.body = b"".join(chunks)
    return request.state.body


def parse_form(body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body; the first value per field.
    Raises ``ValueError`` for anything else."""
    fields = parse_qs(
        body.decode("ascii"), keep_blank_values=True, max_num_fields=20, errors="strict"
    )
    return {name: values[0] for name, values in fields.items()}


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, str] | None:
    """The posted form, or None when it is too large or not a form."""
    try:
        return parse_form(await read_body(request, limit))
    except (BodyTooLarge, ValueError):
        return None


# ---- CSRF, redirects, cookies ---------------------------------------------------


def new_login_nonce() -> str:
    """The random value of the login form's cookie (``web/csrf.py``)."""
    return secrets.token_urlsafe(32)


def safe_next(value: str | None) -> str:
    """Where to go after the login: only a path inside the console."""
    if not value or len(value) > 500:
        return HOME_URL
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith(HOME_URL)
        or value.startswith("//")
        or any(c in value for c in "\\\r\n\t")
    ):
        return HOME_URL
    rest = value[len(HOME_URL) :]
    if rest and rest[0] not in "/?":
        return HOME_URL  # e.g. /console.evil
    return value


def login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{LOGIN_URL}?next={quote(target, safe='')}", status_code=303)


def secure_cookies(request: Request) -> bool:
    """Cookies get ``Secure`` over HTTPS, and always with ``CONSOLE_SECURE_COOKIES=1``."""
    return settings_of(request).secure_cookies or came_over_https(request)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        secure=secure_cookies(request),
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name, path=COOKIE_PATH, secure=secure_cookies(request), httponly=True, samesite="strict"
    )


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    set_cookie(response, request, COOKIE, token, int(SESSION_LIFETIME.total_seconds()))


def secure_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def api_error(message: str, status_code: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status_code)


# ---- route wrappers ------------------------------------------------------------


def public(endpoint: Endpoint) -> Endpoint:
    """A console route open to everyone (the login): security headers only."""

    @wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        try:
            response = await endpoint(request)
        except OperationalError:
            logger.exception("Database error in the console.")
            response = PlainTextResponse(DATABASE_DOWN, status_code=503)
        return secure_headers(response)

    return wrapper


def guard(endpoint: Endpoint) -> Endpoint:
    """Only for logged-in agents; POSTs need the session's CSRF token.
    Sets ``request.state.user`` (``ConsoleUser``)."""

    @wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        api = request.url.path.startswith(API_PREFIX)
        try:
            response = await _guarded(endpoint, request, api)
        except OperationalError:
            logger.exception("Database error in the console.")
            response = (
                api_error(DATABASE_DOWN, 503)
                if api
                else PlainTextResponse(DATABASE_DOWN, status_code=503)
            )
        return secure_headers(response)

    return wrapper


async def _guarded(endpoint: Endpoint, request: Request, api: bool) -> Response:
    settings = settings_of(request)
    user = await database.run(
        settings.database_url, load_user, request.cookies.get(COOKIE), settings.console_secret
    )
    if user is None:
        return api_error(NOT_LOGGED_IN, 401) if api else login_redirect(request)
    if request.method not in ("GET", "HEAD"):
        given = request.headers.get(CSRF_HEADER)
        if given is None and request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"
        ):
            given = ((await read_form(request)) or {}).get(CSRF_FIELD)
        if not csrf.same(user.csrf_token, given):
            return (
                api_error(CSRF_FAILED, 403)
                if api
                else PlainTextResponse(CSRF_FAILED, status_code=403)
            )
    request.state.user = user
    return await endpoint(request)
