"""Shared fixtures: a real, empty referral database per test session.

``TEST_DATABASE_URL`` points the suite at another server (CI runs it once more
against PostgreSQL); without it, a fresh SQLite file in a temp folder is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from bot.db import make_engine
from bot.models import Base


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'referral.db'}"
    )
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
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
