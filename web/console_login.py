"""The console's login and logout.

The login form carries a token signed for a random nonce in the cookie
``console_login_csrf`` (``web/csrf.py``); failed logins slow further tries
down (``web/login_throttle.py``, one throttle per app in the
``ConsoleContext``). Logging out ends the session and marks the agent offline.
"""

from __future__ import annotations

import logging
import re
import time

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.agents import authenticate, end_session, go_offline, start_session
from bot.models import Agent
from web import auth, csrf, database
from web.console_requests import context_of, database_url, render, user_of
from web.login_throttle import wait_text
from web.proxies import client_address

logger = logging.getLogger(__name__)

LOGIN_COOKIE_SECONDS = 3600
_LOGIN_NONCE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
LOGIN_FAILED = "Benutzername oder Passwort ist falsch."
LOGIN_EXPIRED = "Die Anmeldeseite ist abgelaufen. Bitte versuchen Sie es noch einmal."
LOGIN_MISSING = "Bitte geben Sie Benutzername und Passwort ein."


def login_throttled(wait: int) -> str:
    return (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in "
        f"{wait_text(wait)} noch einmal."
    )


# ---- database work (runs in the thread pool) --------------------------------------


def login_step(session: Session, username: str, password: str) -> str | None:
    """The new session's token, or None for a wrong user name or password."""
    agent = authenticate(session, username, password)
    return start_session(session, agent).token if agent else None


def logout_step(session: Session, token: str | None, agent_id: int) -> None:
    end_session(session, token)
    agent = session.get(Agent, agent_id)
    if agent is not None:
        go_offline(session, agent)


# ---- handlers ----------------------------------------------------------------------


def login_form(
    request: Request,
    message: str | None,
    status_code: int,
    username: str = "",
    next_url: str | None = None,
) -> Response:
    # The browser's login nonce stays while it is valid, so that two open
    # login tabs both work.
    nonce = request.cookies.get(auth.LOGIN_COOKIE, "")
    if not _LOGIN_NONCE.fullmatch(nonce):
        nonce = auth.new_login_nonce()
    secret = auth.settings_of(request).console_secret
    response = render(
        request,
        "console_login.html",
        {
            "login_token": csrf.login_token(secret, nonce, time.time()),
            "next": auth.safe_next(next_url or request.query_params.get("next")),
            "message": message,
            "username": username,
        },
        status_code,
    )
    auth.set_cookie(response, request, auth.LOGIN_COOKIE, nonce, LOGIN_COOKIE_SECONDS)
    return response


async def login_page(request: Request) -> Response:
    token = request.cookies.get(auth.COOKIE)
    secret = auth.settings_of(request).console_secret
    if token and await database.run(database_url(request), auth.load_user, token, secret):
        return RedirectResponse(auth.safe_next(request.query_params.get("next")), 303)
    return login_form(request, None, 200)


async def login_submit(request: Request) -> Response:
    form = await auth.read_form(request)
    if form is None:
        return login_form(request, LOGIN_MISSING, 400)
    target = auth.safe_next(form.get("next"))
    if not csrf.login_token_valid(
        auth.settings_of(request).console_secret,
        request.cookies.get(auth.LOGIN_COOKIE),
        form.get(auth.CSRF_FIELD),
        time.time(),
        LOGIN_COOKIE_SECONDS,
    ):
        return login_form(request, LOGIN_EXPIRED, 403, next_url=target)
    username = form.get("username", "").strip()[:80]
    password = form.get("password", "")
    if not username or not password or len(password) > 1024:
        return login_form(request, LOGIN_MISSING, 400, username, target)
    address = client_address(request)
    throttle = context_of(request).throttle
    wait = throttle.wait(username, address)
    if wait:
        response = login_form(request, login_throttled(wait), 429, username, target)
        response.headers["Retry-After"] = str(wait)
        return response
    token = await database.run(database_url(request), login_step, username, password)
    if token is None:
        throttle.failed(username, address)
        logger.info("Failed console login from %s.", address)
        return login_form(request, LOGIN_FAILED, 401, username, target)
    throttle.succeeded(username)
    response = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(response, request, token)
    auth.clear_cookie(response, request, auth.LOGIN_COOKIE)
    return response


async def logout(request: Request) -> Response:
    await database.run(
        database_url(request),
        logout_step,
        request.cookies.get(auth.COOKIE),
        user_of(request).agent_id,
    )
    response = RedirectResponse(auth.LOGIN_URL, status_code=303)
    auth.clear_cookie(response, request, auth.COOKIE)
    return response
