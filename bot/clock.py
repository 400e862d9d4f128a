"""Time helpers: one place that knows the bot's clock and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
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
