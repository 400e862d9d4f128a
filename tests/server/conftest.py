"""One real action server and one real Rasa server for the whole test run,
on a database of their own filled with the demo data.

Starting Rasa costs about a minute here (TensorFlow import, model load), so
the servers are session-scoped and shared by every test under tests/server/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url

from bot import migrate
from bot.clock import today
from bot.db import make_engine, session_scope
from bot.demo_data import generate
from bot.models import CaseState, Ticket
from bot.programs import find_program
from tests.conftest import test_database_url
from tests.factories import make_program
from tests.server.chat import WidgetClient
from tools.nlu_eval import latest_model
from tools.servers import Bot, free_port, running_bot

DEMO_REFERRERS = 300


def _separate_database(base_url: str, name: str, tmp: pytest.TempPathFactory) -> str:
    """A database next to the unit tests' one, so demo rows never meet them."""
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp.mktemp(name) / 'referral.db'}"
    database = f"{url.database}_{name}"
    admin = make_engine(str(url))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return str(url.set(database=database))


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _separate_database(test_database_url(tmp_path_factory), "server", tmp_path_factory)
    migrate.drop_everything(url)
    migrate.upgrade(url)
    with session_scope(url) as session:
        generate(session, seed=42, referrers=DEMO_REFERRERS, today=today())
    return url


@pytest.fixture(autouse=True)
def tickets_left_closed(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the tickets a test opened once it ends: the demo data is shared,
    and an open case (say, a reward mail at its resend limit) changes what the
    bot tells the same demo customer in every later test."""
    if "demo_db_url" not in request.fixturenames:
        yield
        return
    url = request.getfixturevalue("demo_db_url")
    with session_scope(url) as session:
        before = session.scalar(select(func.max(Ticket.id))) or 0
    yield
    with session_scope(url) as session:
        session.execute(
            update(Ticket)
            .where(Ticket.id > before, Ticket.state != CaseState.DONE)
            .values(state=CaseState.DONE)
        )


@pytest.fixture(scope="session")
def web_port() -> int:
    """The port of the web app in the browser tests: its pages are the only
    ones allowed to open the chat (WIDGET_ALLOWED_ORIGINS)."""
    return free_port()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory, demo_db_url: str, web_port: int) -> Iterator[Bot]:
    env = {
        "DATABASE_URL": demo_db_url,
        "WIDGET_ALLOWED_ORIGINS": f"http://127.0.0.1:{web_port}",
        # Every test client comes from 127.0.0.1, i.e. one client to the
        # per-client limit; the limit itself is tested in tests/db.
        "VERIFICATION_MAX_FAILURES_PER_CLIENT": "1000",
    }
    with running_bot(latest_model(), tmp_path_factory.mktemp("servers"), env=env) as running:
        yield running


@pytest.fixture
def widget(bot: Bot) -> Iterator:
    """Opens socket.io clients that speak the widget's protocol; closes them after the test."""
    clients: list[WidgetClient] = []

    def connect() -> WidgetClient:
        clients.append(WidgetClient(bot.url))
        return clients[-1]

    yield connect
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def closed_program(demo_db_url: str) -> str:
    """A program whose service team is never in the chat: the hand-over
    always offers the e-mail reply, whatever the time of the test run."""
    with session_scope(demo_db_url) as session:
        if find_program(session, "ohne-team") is None:
            make_program(session, "ohne-team", brand="Ohne Team AG", hours_weekdays="")
    return "ohne-team"
