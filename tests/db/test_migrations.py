"""The Alembic migrations build exactly the schema of ``bot/models.py``.

A model change without a migration (or the other way round) fails here: the
migrated database is compared with ``Base.metadata`` the way ``alembic
revision --autogenerate`` does. Runs on a fresh SQLite file and on the test
database (``db_url``: SQLite, or PostgreSQL with ``make test-postgres``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from bot import migrate
from bot.db import make_engine
from bot.models import Base

pytestmark = pytest.mark.db

MODEL_TABLES = set(Base.metadata.tables)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _differences(url: str) -> list:
    """What autogenerate would put into a new migration (nothing, we hope)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            # The options of migrations/env.py.
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'migrated.db'}"


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the test database's kind: a new SQLite file, or on
    PostgreSQL a new schema of the test database (the session's schema stays)."""
    if make_url(db_url).get_backend_name() != "postgresql":
        yield _sqlite_url(tmp_path)
        return
    schema = f"migration_check_{os.getpid()}"
    admin = create_engine(db_url, future=True)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(db_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def test_one_head() -> None:
    assert len(migrate.heads()) == 1, "merge the migration branches"


def test_migrated_sqlite_matches_models(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    migrate.upgrade(url)
    assert migrate.current(url) == migrate.heads()
    assert _differences(url) == []


def test_test_database_is_at_head_and_matches_models(db_url: str) -> None:
    assert migrate.current(db_url) == migrate.heads()
    assert _tables(db_url) == MODEL_TABLES | {"alembic_version"}
    assert _differences(db_url) == []


def test_downgrade_to_base_and_upgrade_again(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)
    assert _tables(fresh_url) == MODEL_TABLES | {"alembic_version"}
    assert _differences(fresh_url) == []

    migrate.downgrade(fresh_url, "base")
    assert _tables(fresh_url) <= {"alembic_version"}
    assert migrate.current(fresh_url) == ()

    migrate.upgrade(fresh_url)
    assert migrate.current(fresh_url) == migrate.heads()
    assert _differences(fresh_url) == []


def test_upgrade_refuses_tables_made_without_migrations(tmp_path: Path) -> None:
    url = _sqlite_url(tmp_path)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    with pytest.raises(RuntimeError, match="stamp head"):
        migrate.upgrade(url)
