"""The Alembic migrations build exactly the schema of ``bot/models.py``.

A model change without a migration (or the other way round) fails here: the
migrated database is compared with ``Base.metadata`` the way ``alembic
revision --autogenerate`` does. Runs on a fresh SQLite file and on the test
database (``db_url``: SQLite, or PostgreSQL with ``make test-postgres``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

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
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": migrate.include_name}
            )
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def _sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'migrated.db'}"


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


def test_complaints_recorded_before_0008_become_tickets_with_their_own_numbers(
    fresh_url: str,
) -> None:
    """A complaint and a ticket that shared number 1 before 0008 are two
    tickets afterwards; the complaint keeps its words and its date."""
    migrate.upgrade(fresh_url, "0007")
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO tickets (kind, conversation_id, details, due_on, state,"
                    " created_at) VALUES ('data_rights', 'c1', 'Auskunft', '2026-12-20',"
                    " 'open', '2026-12-01 10:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO complaints (conversation_id, text, category, follow_up_on,"
                    " state, created_at) VALUES ('c1', 'Prämie fehlt', 'reward',"
                    " '2026-12-03', 'open', '2026-12-01 10:05:00')"
                )
            )
        migrate.upgrade(fresh_url)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, kind, details, due_on FROM tickets ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert [row[1] for row in rows] == ["data_rights", "complaint"]
    assert rows[0][0] != rows[1][0]
    assert rows[1][2] == "Prämie fehlt" and str(rows[1][3]).startswith("2026-12-03")
    assert "complaints" not in _tables(fresh_url)
