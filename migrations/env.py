"""Alembic environment: the schema of ``bot.models``, the URL from the caller.

The database URL, first found wins:
1. ``alembic -x url=...`` on the command line;
2. ``sqlalchemy.url`` set on the Config by code (``bot.migrate`` does this);
3. ``bot.db.database_url()``: ``DATABASE_URL`` or the project's ``referral.db``.

SQLite runs in batch mode (``render_as_batch``), because it cannot alter
columns or constraints in place. Column types are compared, so a changed
``String`` or enum length shows up in ``alembic revision --autogenerate``; a new
enum member does not and needs no migration (enums are VARCHAR, no CHECK).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from bot.db import database_url, make_engine
from bot.migrate import include_name
from bot.models import Base

config = context.config

# Configure logging from alembic.ini only for the command line: programmatic
# callers (bot.migrate, tests) keep their own logging set-up.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or database_url()
    )


def _configure(for_url: str, **kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=for_url.startswith("sqlite"),
        compare_type=True,
        include_name=include_name,
        **kwargs,
    )


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # Not bot.db.make_engine: its connections turn foreign keys on, and
        # batch mode rebuilds tables (copy, drop, rename), which foreign-key
        # enforcement would break or cascade. Plain SQLite leaves them off.
        return create_engine(url, future=True, poolclass=NullPool)
    return make_engine(url)


def run_migrations_offline() -> None:
    """``alembic upgrade --sql``: print the SQL instead of running it."""
    url = _url()
    _configure(url, url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # a caller handed over its own connection
        _configure(str(connection.engine.url), connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    url = _url()
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            _configure(url, connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
