"""Database connection. ``DATABASE_URL`` selects the database; the default is
an SQLite file in the project (``referral.db``).

Nothing connects at import time: the engine is made on first use, so actions
and tools pick up the environment they run in, and a database that is down
makes single requests fail (and be answered politely), not the import.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot import settings

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'referral.db'}"


def database_url() -> str:
    return settings.raw("DATABASE_URL") or DEFAULT_URL


# Rasa's tracker store (bot/tracker_store.py) keeps its table in the same
# database by default. It is Rasa's (SQLTrackerStore.SQLEvent), so the
# migrations leave it alone; these are the columns the project reads.
tracker_events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
TRACKER_TABLES = frozenset({tracker_events.name})


def separate_tracker_url() -> str | None:
    """``TRACKER_DATABASE_URL``: set only when the conversations are kept in
    a database of their own."""
    return settings.raw("TRACKER_DATABASE_URL")


def tracker_database_url() -> str:
    """Where Rasa keeps the conversations (its ``events`` table).

    ``TRACKER_DATABASE_URL`` if set, otherwise the referral database itself:
    one SQLite file on the embedded set-up, one PostgreSQL database in
    production.
    """
    return separate_tracker_url() or database_url()


# Files SQLite keeps next to a database file, holding the same data.
SQLITE_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def restrict_sqlite_file(url: str) -> None:
    """Make the SQLite file of ``url`` readable by its owner only (mode 600).

    A missing file is created empty with mode 600 (SQLite treats an empty file
    as an empty database, and gives its -wal/-shm files the database file's
    mode); an existing one, and its companion files, are tightened to 600.
    The database holds customers' data and conversations: other users of the
    machine must not read it. Other databases and in-memory SQLite: nothing.
    """
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
    except FileExistsError:
        pass
    except OSError:
        return  # no such folder: SQLite reports that itself on connect
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANION_SUFFIXES)):
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except OSError as error:  # e.g. owned by another user
            logger.warning("Could not restrict %s to mode 600: %s", candidate.name, error)


def make_engine(url: str) -> Engine:
    """An engine in SQLAlchemy 2.0 mode (``future=True``); an SQLite file is
    made private first (``restrict_sqlite_file``)."""
    if url.startswith("sqlite"):
        restrict_sqlite_file(url)
        engine = create_engine(
            url, future=True, connect_args={"check_same_thread": False, "timeout": 15}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
    cursor.close()


@lru_cache(maxsize=4)
def _factory(url: str) -> sessionmaker:
    return sessionmaker(bind=make_engine(url), future=True, expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session: Session = _factory(url or database_url())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
