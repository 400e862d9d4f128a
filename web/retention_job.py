"""Conversation retention as a daily background task of the web app.

``bot.retention.prune`` deletes the conversations older than
``CONVERSATION_RETENTION_DAYS`` (default 90). The web app runs it when it
starts and then every ``RETENTION_SWEEP_HOURS`` (default 24; 0 turns it off,
e.g. when another instance or a cron job does it), so no cron job is needed;
each run logs how many conversations it deleted. ``make prune-conversations``
still runs it by hand. Started by the lifespan in ``web/sweeper.py``.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.concurrency import run_in_threadpool

from bot import retention, settings
from bot.db import separate_tracker_url

logger = logging.getLogger(__name__)


def interval_seconds() -> float:
    """``RETENTION_SWEEP_HOURS`` in seconds; 0 means the task does not run."""
    return settings.number("RETENTION_SWEEP_HOURS") * 3600


def conversations_url(database_url: str | None) -> str | None:
    """Where the conversations are: ``TRACKER_DATABASE_URL``, else the web
    app's database (None: ``bot.db``'s default)."""
    return separate_tracker_url() or database_url


async def prune_once(database_url: str | None = None) -> retention.PruneResult:
    """One run, in the thread pool (the deletes block); logs the counts."""
    days = retention.retention_days()
    result = await run_in_threadpool(retention.prune, conversations_url(database_url), days=days)
    logger.info(
        "Conversation retention: deleted %s conversations (%s events) older than %s days.",
        result.conversations_deleted,
        result.events_deleted,
        days,
    )
    return result


async def run_daily(database_url: str | None, every_seconds: float) -> None:
    """Prune now, then every ``every_seconds``, until cancelled. A failed run
    is logged and tried again at the next interval."""
    while True:
        try:
            await prune_once(database_url)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("Conversation retention failed; next try in %ss.", every_seconds)
        await asyncio.sleep(every_seconds)
