"""Helpers for the agent console's tests (tests/test_console*.py): a stand-in
for Rasa's HTTP API, a real SMTP server that keeps the mails it gets, a
logged-in browser, test rows and a clean database.

The console runs for real (uvicorn in a thread, ``tools.servers.running_web_app``)
on the test database (``db_url``); a ``requests.Session`` is the browser.
Rows are committed, so every test leaves the database empty again
(``clean_database``) for the rolled-back tests in tests/db.

Password checks at production cost take 0.3 s each; the console's tests use
``cheap_password_hashing`` (a lower scrypt cost while the test runs, undone
after it), except the tests of the cost itself.
"""

from __future__ import annotations

import asyncio
import email
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import default as email_policy
from typing import Any
from urllib.parse import unquote

import pytest
import requests
from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.routing import Route

from bot import agents
from bot import handoff as handoffs
from bot.agents import ScryptCost, create_agent
from bot.cases import add_workdays, open_ticket
from bot.clock import utcnow
from bot.db import session_scope
from bot.models import Agent, Base, Handoff, HandoffReason, Program, Referrer, TicketKind
from tests.factories import make_program, make_referrer
from tools.console_client import login_token, page_csrf
from tools.servers import free_port, running_web_app
from web.app import create_app
from web.config import Settings
from web.mailer import SmtpSettings

PASSWORD = "richtig-geheim-1"
RASA_TOKEN = "rasa-test-token"
PRODUCTION_COST = agents.PASSWORD_COST
TEST_COST = ScryptCost(n=2**10, r=8, p=1)
_PATH = re.compile(r"^/conversations/([^/]+)/(tracker/events|tracker|execute)$")


@pytest.fixture
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash and check passwords at ``TEST_COST`` during the test (the web app
    runs in this process and reads ``bot.agents.PASSWORD_COST`` at each check)."""
    monkeypatch.setattr(agents, "PASSWORD_COST", TEST_COST)


def set_cookies(response: requests.Response) -> list[str]:
    """Every ``Set-Cookie`` header of the response, as sent."""
    return response.raw.headers.getlist("Set-Cookie")


def cookie_header(response: requests.Response, name: str) -> str:
    return next(c for c in set_cookies(response) if c.startswith(f"{name}="))


def console_route_table() -> list[tuple[str, str]]:
    """Every (path, method) the whole web app serves under /console, from its
    route table, so that a route added anywhere is checked too."""
    table = []
    for route in create_app(Settings()).routes:
        path = getattr(route, "path", "")
        if path == "/console" or path.startswith("/console/"):
            assert isinstance(route, Route), f"{path}: only plain routes are checked"
            table.extend((route.path, method) for method in sorted(route.methods - {"HEAD"}))
    return table


def clean_database(url: str) -> None:
    """Delete every row (children first); the schema stays."""
    with session_scope(url) as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


def add_agent(url: str, username: str, name: str, password: str = PASSWORD) -> int:
    with session_scope(url) as session:
        return create_agent(session, username, name, password).id


def add_program(url: str, slug: str, brand: str, **overrides: Any) -> int:
    with session_scope(url) as session:
        return make_program(session, slug, brand=brand, **overrides).id


def program_by_slug(session: Session, slug: str | None) -> Program | None:
    return session.scalars(select(Program).where(Program.slug == slug)).one() if slug else None


def add_handoff(
    url: str,
    conversation_id: str,
    *,
    program: str | None = None,
    summary: str = "Kunde fragt nach seiner Prämie.",
    reason: HandoffReason = HandoffReason.CUSTOMER_REQUEST,
    referrer_code: str | None = None,
    age: timedelta = timedelta(0),
    claimed_by: str | None = None,
) -> int:
    """A handoff made by the bot's own service (``bot.handoff.open_handoff``)."""
    with session_scope(url) as session:
        program_row = program_by_slug(session, program)
        referrer = None
        if referrer_code:
            referrer = session.scalars(
                select(Referrer).where(Referrer.referral_code == referrer_code)
            ).first() or make_referrer(session, program_row, referrer_code)
        handoff = handoffs.open_handoff(
            session,
            conversation_id=conversation_id,
            reason=reason,
            summary=summary,
            program=program_row,
            referrer=referrer,
            now=utcnow() - age,
        )
        if claimed_by:
            agent = session.scalars(select(Agent).where(Agent.username == claimed_by)).one()
            assert handoffs.claim(session, handoff, agent)
        return handoff.id


def add_ticket(
    url: str,
    conversation_id: str,
    *,
    program: str | None = None,
    kind: TicketKind = TicketKind.CALLBACK,
    details: str = "Rückruf nach Wartezeit im Chat. Anliegen: Prämie fehlt",
    referrer_code: str | None = None,
    email: str = "erika.muster@example.de",
    contact_email: str | None = None,
    age: timedelta = timedelta(0),
) -> int:
    """A ticket as the bot's actions open it (``bot.cases.open_ticket``), for
    a verified referrer (``referrer_code``) or an address typed in the chat."""
    with session_scope(url) as session:
        program_row = program_by_slug(session, program)
        referrer = None
        if referrer_code:
            referrer = make_referrer(session, program_row, referrer_code, email)
        created = utcnow() - age
        ticket = open_ticket(
            session,
            kind,
            conversation_id,
            details,
            due_on=add_workdays(created.date(), 2),
            program_id=program_row.id if program_row else None,
            referrer_id=referrer.id if referrer else None,
            contact_email=contact_email,
        ).ticket
        ticket.created_at = created
        return ticket.id


def handoff_row(url: str, handoff_id: int) -> Handoff:
    with session_scope(url) as session:
        handoff = session.get(Handoff, handoff_id)
        session.expunge(handoff)
        return handoff


def set_last_seen(url: str, username: str, moment: datetime | None) -> None:
    with session_scope(url) as session:
        agent = session.scalars(select(Agent).where(Agent.username == username)).one()
        agent.last_seen_at = moment


def try_login(
    base: str,
    username: str,
    password: str = PASSWORD,
    browser: requests.Session | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    browser = browser or requests.Session()
    form = browser.get(f"{base}/console/login", headers=headers, timeout=10)
    return browser.post(
        f"{base}/console/login",
        data={"csrf_token": login_token(form.text), "username": username, "password": password},
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )


@dataclass
class Browser:
    """A logged-in agent: the HTTP session with its cookie, and the CSRF token."""

    base: str
    http: requests.Session
    csrf: str

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=15, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.http.post(self.base + path, json=json, headers=headers, timeout=15, **kwargs)


def running_console(database_url: str, rasa_url: str | None = None, **settings: Any) -> Any:
    """The web app (``tools.servers.running_web_app``) on the test database,
    its console talking to Rasa's API at ``rasa_url`` (default: a port nobody
    listens on, i.e. Rasa is down); ``settings`` as there (e.g. ``smtp``)."""
    return running_web_app(
        "http://localhost:5005",
        database_url=database_url,
        rasa_url=rasa_url or f"http://127.0.0.1:{free_port()}",
        rasa_token=RASA_TOKEN,
        **settings,
    )


def login(base: str, username: str, password: str = PASSWORD) -> Browser:
    http = requests.Session()
    response = try_login(base, username, password, http)
    assert response.status_code == 303, response.text
    page = http.get(f"{base}/console", timeout=10)
    assert page.status_code == 200
    return Browser(base, http, page_csrf(page.text))


@dataclass
class FakeRasa:
    """Rasa's HTTP API as far as the console uses it, served by aiohttp in a
    thread: checks the token, records every request, keeps a tracker per
    conversation (events appended through the API land there too)."""

    token: str = RASA_TOKEN
    requests: list[dict[str, Any]] = field(default_factory=list)
    trackers: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_with: int | None = None  # answer every request with this HTTP status
    delay: float = 0.0
    url: str = ""

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        return self.trackers.setdefault(
            conversation_id, {"sender_id": conversation_id, "events": []}
        )

    def calls(self, endpoint: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["endpoint"] == endpoint]

    async def _handle(self, request: web.Request) -> web.Response:
        match = _PATH.match(request.raw_path.split("?")[0])
        if match is None:
            return web.json_response({"error": "not found"}, status=404)
        if self.delay:
            await asyncio.sleep(self.delay)
        body = await request.json() if request.can_read_body else None
        conversation_id, endpoint = unquote(match.group(1)), match.group(2)
        self.requests.append(
            {
                "method": request.method,
                "endpoint": endpoint,
                "raw_id": match.group(1),
                "conversation_id": conversation_id,
                "query": dict(request.query),
                "json": body,
            }
        )
        if request.query.get("token") != self.token:
            return web.json_response({"message": "wrong token"}, status=401)
        if self.fail_with:
            return web.json_response({"message": "broken"}, status=self.fail_with)
        tracker = self.tracker(conversation_id)
        if endpoint == "tracker/events":
            tracker["events"].extend(body)
        if endpoint == "execute":
            return web.json_response({"tracker": tracker, "messages": []})
        return web.json_response(tracker)

    def __enter__(self) -> FakeRasa:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self._loop = asyncio.new_event_loop()
        started = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            app = web.Application()
            app.router.add_route("*", "/{tail:.*}", self._handle)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", port).start())
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="fake-rasa", daemon=True)
        self._thread.start()
        assert started.wait(10), "fake Rasa did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            await self._runner.cleanup()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:  # requests still sleeping in ``delay``
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def reset(self) -> None:
        self.requests.clear()
        self.trackers.clear()
        self.fail_with = None
        self.delay = 0.0


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps every
    mail it accepts; ``login`` makes it ask for that user name and password."""

    login: tuple[str, str] | None = None
    envelopes: list[Any] = field(default_factory=list)
    port: int = 0

    def settings(self, **overrides: Any) -> SmtpSettings:
        """The web app's mail settings for this server (no TLS on loopback)."""
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "sender": "Empfehlungsprogramm <service@betreiber.example>",
            "starttls": False,
        }
        if self.login:
            values["user"], values["password"] = self.login
        return SmtpSettings(**{**values, **overrides})

    def mails(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content, policy=email_policy)
            for e in self.envelopes
        ]

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(auth_data, LoginPassword)
            and (
                auth_data.login.decode(),
                auth_data.password.decode(),
            )
            == self.login
        )
        return AuthResult(success=ok, handled=False)

    def __enter__(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        options: dict[str, Any] = {}
        if self.login:
            options = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()

    def reset(self) -> None:
        self.envelopes.clear()
