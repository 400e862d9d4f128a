"""Shared fixtures: a real, empty referral database per test session.

``TEST_DATABASE_URL`` points the suite at another server (CI runs it once more
against PostgreSQL); without it, a fresh SQLite file in a temp folder is used.
The schema is built by the Alembic migrations (``bot.migrate.upgrade``), as in
production, not by ``create_all``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from bot import migrate
from bot.clock import TIMEZONE
from bot.db import make_engine
from tests.console_support import FakeRasa, SmtpSink

# The tracker store seals personal slot values with this key (bot/sealing.py);
# the servers of tests/server inherit it.
os.environ.setdefault("TRACKER_SEAL_KEY", secrets.token_urlsafe(32))
# Signs the identity tokens of logged-in customers (tests/server/test_identity_token_login.py).
os.environ.setdefault("WIDGET_TOKEN_SECRET", secrets.token_urlsafe(32))
# The web app's daily retention would delete the old conversations that tests
# store on purpose; its own test turns it on.
os.environ.setdefault("RETENTION_SWEEP_HOURS", "0")
# One "today" for the whole run (bot/clock.py): the demo data, the servers and
# the expected dates agree even when a run crosses midnight in Germany.
os.environ.setdefault("BOT_TODAY", datetime.now(TIMEZONE).date().isoformat())


def test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'referral.db'}"
    )


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = test_database_url(tmp_path_factory)
    migrate.drop_everything(url)
    migrate.upgrade(url)
    yield url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    engine = make_engine(db_url)
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, future=True) as db:
            yield db
        transaction.rollback()
    engine.dispose()


@pytest.fixture(scope="module")
def rasa() -> Iterator[FakeRasa]:
    """A stand-in for Rasa's HTTP API, for the console's tests (tests/console_support.py)."""
    with FakeRasa() as fake:
        yield fake


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    """A local SMTP server that keeps what it receives (aiosmtpd)."""
    with SmtpSink() as server:
        yield server
