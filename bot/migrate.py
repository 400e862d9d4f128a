"""Schema migrations (Alembic), callable from code and from the shell.

    python -m bot.migrate upgrade            # to the newest revision (make db)
    python -m bot.migrate downgrade REV      # e.g. "base" drops every table
    python -m bot.migrate current            # revision of the database
    python -m bot.migrate stamp REV          # record REV without running it

The database is ``DATABASE_URL`` (default: ``referral.db`` in the project), or
``--url``. Tests and tools call ``upgrade(url)`` instead of ``create_all``, so
every database is built by the same migrations that production runs.

New migration after changing ``bot/models.py``:

    .venv/bin/alembic -x url=sqlite:////tmp/empty.db upgrade head
    .venv/bin/alembic -x url=sqlite:////tmp/empty.db revision --autogenerate -m "what changed"

then read and tidy the file in ``migrations/versions/``;
``tests/db/test_migrations.py`` fails while models and migrations differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.engine import make_url

from bot.db import TRACKER_TABLES, database_url, make_engine

ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = ROOT / "alembic.ini"


def config(url: str | None = None, *, configure_logging: bool = False) -> Config:
    """The project's Alembic config, pointed at ``url`` (default: DATABASE_URL).

    Logging is configured from alembic.ini only when asked (the command line);
    callers such as pytest keep their own logging.
    """
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    # ConfigParser interpolates "%": escape it (URL-encoded passwords).
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    cfg.attributes["configure_logger"] = configure_logging
    return cfg


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: autogenerate ignores Rasa's tables."""
    return not (type_ == "table" and name in TRACKER_TABLES)


def _check_not_unversioned(url: str) -> None:
    """Refuse a database whose tables were made without migrations
    (``create_all``): upgrading it would fail half-way on "table exists"."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names()) - TRACKER_TABLES
    finally:
        engine.dispose()
    if tables and "alembic_version" not in tables:
        raise RuntimeError(
            f"{make_url(url)!r} has tables ({', '.join(sorted(tables))}) but no "
            "alembic_version. If create_all made them from the current models, record that "
            "with `python -m bot.migrate stamp head`; otherwise start from an empty database."
        )


def upgrade(
    url: str | None = None, revision: str = "head", *, configure_logging: bool = False
) -> None:
    """Migrate the database at ``url`` (default: DATABASE_URL) up to ``revision``."""
    url = url or database_url()
    _check_not_unversioned(url)
    command.upgrade(config(url, configure_logging=configure_logging), revision)


def downgrade(
    url: str | None = None, revision: str = "base", *, configure_logging: bool = False
) -> None:
    """Migrate down to ``revision``; ``"base"`` removes every table."""
    command.downgrade(config(url, configure_logging=configure_logging), revision)


def stamp(
    url: str | None = None, revision: str = "head", *, configure_logging: bool = False
) -> None:
    """Record ``revision`` as applied without running any migration."""
    command.stamp(config(url, configure_logging=configure_logging), revision)


def current(url: str | None = None) -> tuple[str, ...]:
    """The revision(s) the database is at; empty when it was never migrated."""
    engine = make_engine(url or database_url())
    try:
        with engine.connect() as connection:
            return tuple(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()


def drop_everything(url: str) -> None:
    """Empty a database completely, ``alembic_version`` included. For tests
    and benchmarks on throwaway databases only."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
            else:
                existing = MetaData()
                existing.reflect(connection)
                existing.drop_all(connection)
    finally:
        engine.dispose()


def heads() -> tuple[str, ...]:
    """The newest revision(s) in ``migrations/versions``."""
    return tuple(ScriptDirectory.from_config(config("sqlite://")).get_heads())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.migrate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or referral.db)")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("upgrade", help="migrate up (default: to head)")
    up.add_argument("revision", nargs="?", default="head")
    down = sub.add_parser("downgrade", help="migrate down to REV ('base': drop all tables)")
    down.add_argument("revision")
    st = sub.add_parser("stamp", help="record REV as applied without running migrations")
    st.add_argument("revision")
    sub.add_parser("current", help="print the database's revision")
    args = parser.parse_args(argv)

    url = args.url or database_url()
    try:
        if args.command == "upgrade":
            upgrade(url, args.revision, configure_logging=True)
        elif args.command == "downgrade":
            downgrade(url, args.revision, configure_logging=True)
        elif args.command == "stamp":
            stamp(url, args.revision, configure_logging=True)
        else:
            revisions = current(url)
            newest = heads()
            if not revisions:
                print("none (never migrated); head is", ", ".join(newest))
            else:
                state = "(head)" if set(revisions) == set(newest) else "(behind head)"
                print(", ".join(revisions), state)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
