"""Time helpers: one place that knows the bot's clock and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import settings

TIMEZONE = ZoneInfo("Europe/Berlin")


def utcnow() -> datetime:
    """Naive UTC timestamp, the form every DateTime column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in Germany. ``BOT_TODAY`` (YYYY-MM-DD) pins it for demos."""
    pinned = settings.raw("BOT_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(TIMEZONE).date()


def local(moment: datetime) -> datetime:
    """A UTC moment in German local time; a naive one is UTC (as every
    DateTime column stores it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(TIMEZONE)


def from_timestamp(stamp: Any) -> datetime | None:
    """A Unix timestamp (a tracker event's) as an aware UTC moment; None if
    ``stamp`` is no number or out of range."""
    if not isinstance(stamp, int | float) or isinstance(stamp, bool):
        return None
    try:
        return datetime.fromtimestamp(stamp, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def utc_iso(stamp: float) -> str:
    """``"2026-12-01T13:05:09Z"``: how the widget gets a message's time (it
    shows it in the customer's own time zone)."""
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_iso(stamp: Any) -> str | None:
    """``"2026-12-01T14:05:09+01:00"``: a Unix timestamp in German local time."""
    moment = from_timestamp(stamp)
    return local(moment).isoformat(timespec="seconds") if moment else None
