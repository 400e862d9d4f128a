"""Delete old conversations from the tracker store.

Conversations hold what customers typed: e-mail addresses, referral codes,
names. They are kept ``CONVERSATION_RETENTION_DAYS`` days (default 90) after
their last message and then deleted:

* a conversation whose newest event is older than the cutoff goes entirely;
* a conversation that is still in use loses its old *sessions* (events older
  than the cutoff and than its latest ``session_started``). The current
  session, which is what Rasa loads, is never cut in half.

Works on Rasa's ``events`` table directly (SQLAlchemy Core, no Rasa import).
The web app runs it at start and once a day (``web/retention_job.py``); by hand:

    python -m bot.retention [--days 90] [--dry-run]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, inspect, select

from bot import settings
from bot.db import make_engine, tracker_database_url
from bot.db import tracker_events as events


@dataclass(frozen=True)
class PruneResult:
    conversations_deleted: int
    events_deleted: int


def retention_days() -> int:
    return int(settings.number("CONVERSATION_RETENTION_DAYS"))


def prune(
    url: str | None = None,
    *,
    days: int | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PruneResult:
    """Delete the conversation data older than ``days`` (see module doc)."""
    days = days or retention_days()
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:  # naive times are UTC throughout the project
        moment = moment.replace(tzinfo=UTC)
    cutoff = (moment - timedelta(days=days)).timestamp()
    engine = make_engine(url or tracker_database_url())
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return PruneResult(0, 0)
            stale = (
                select(events.c.sender_id)
                .group_by(events.c.sender_id)
                .having(func.max(events.c.timestamp) < cutoff)
            )
            later = events.alias("later")
            # Rasa loads a conversation from the timestamp of its latest
            # session_started on (SQLTrackerStore._event_query): same boundary.
            current_session_start = (
                select(func.max(later.c.timestamp))
                .where(later.c.sender_id == events.c.sender_id)
                .where(later.c.type_name == "session_started")
                .scalar_subquery()
            )
            whole = events.c.sender_id.in_(stale)
            old_sessions = (events.c.timestamp < cutoff) & (
                events.c.timestamp < current_session_start
            )
            conversations = connection.scalar(select(func.count()).select_from(stale.subquery()))
            doomed = connection.scalar(
                select(func.count()).select_from(events).where(whole | old_sessions)
            )
            if not dry_run:
                connection.execute(delete(events).where(whole))
                connection.execute(delete(events).where(old_sessions))
            return PruneResult(conversations or 0, doomed or 0)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.retention", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--days",
        type=int,
        default=None,
        help=f"keep this many days (default: $CONVERSATION_RETENTION_DAYS, now {retention_days()})",
    )
    parser.add_argument("--dry-run", action="store_true", help="only count, delete nothing")
    args = parser.parse_args(argv)
    if args.days is not None and args.days < 1:
        parser.error("--days must be at least 1")
    days = args.days or retention_days()
    result = prune(days=days, dry_run=args.dry_run)
    verb = "Would delete" if args.dry_run else "Deleted"
    print(
        f"{verb} {result.events_deleted} events older than {days} days "
        f"({result.conversations_deleted} whole conversations)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
