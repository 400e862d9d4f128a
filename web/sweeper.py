"""The handoff sweep: a background task of the web app (started in its
lifespan) that runs every ``HANDOFF_SWEEP_SECONDS`` (default 2):

* waits longer than ``HANDOFF_MAX_WAIT_SECONDS`` end
  (``bot.handoff.time_out_waiting``, with a callback ticket where the customer
  is known); the bot's ``action_handoff_timed_out`` tells the customer and
  takes the conversation back;
* conversations of agents whose console has not been heard from for
  ``AGENT_IDLE_SECONDS`` go back to the queue
  (``bot.handoff.release_idle_claims``); the customer is told so.

The database change is committed first (the bot's action reads the ticket),
then the customer is told; when Rasa is down that is logged and the sweep goes
on. ``sweep_once`` is one round, for tests and tools.

The same lifespan runs the daily conversation retention (``web/retention_job.py``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session
from starlette.applications import Starlette

from bot import handoff as handoffs
from bot.chat_contract import CUSTOM, TIMED_OUT_ACTION, WAITING, handoff_custom
from bot.knowledge.phrases import phrase
from web import database, retention_job
from web.rasa_client import RasaClient, RasaUnavailable

logger = logging.getLogger(__name__)

RELEASED_TEXT = phrase("handoff.released")


@dataclass
class SweepResult:
    """Handoff ids of one round, and how many customers could not be told."""

    timed_out: list[int] = field(default_factory=list)
    released: list[int] = field(default_factory=list)
    not_told: int = 0


def released_message() -> dict:
    return {"event": "bot", "text": RELEASED_TEXT, "data": {CUSTOM: handoff_custom(WAITING)}}


def _time_out(
    session: Session, now: datetime | None, settings: handoffs.HandoffSettings | None
) -> list[tuple[int, str]]:
    return [(h.id, h.conversation_id) for h in handoffs.time_out_waiting(session, now, settings)]


def _release(
    session: Session, now: datetime | None, settings: handoffs.HandoffSettings | None
) -> list[tuple[int, str]]:
    return [(h.id, h.conversation_id) for h in handoffs.release_idle_claims(session, now, settings)]


async def sweep_once(
    rasa: RasaClient,
    database_url: str | None = None,
    *,
    now: datetime | None = None,
    settings: handoffs.HandoffSettings | None = None,
    lock: asyncio.Lock | None = None,
) -> SweepResult:
    """One round of the sweep. Database errors propagate (the loop logs them);
    a customer who cannot be told is logged and counted."""
    settings = settings or handoffs.HandoffSettings.from_env()
    result = SweepResult()
    async with lock or asyncio.Lock():
        timed_out = await database.run(database_url, _time_out, now, settings)
        for handoff_id, conversation_id in timed_out:
            result.timed_out.append(handoff_id)
            try:
                await rasa.execute(conversation_id, TIMED_OUT_ACTION)
            except RasaUnavailable as error:
                result.not_told += 1
                logger.warning("Handoff %s timed out; customer not told: %s", handoff_id, error)
        released = await database.run(database_url, _release, now, settings)
        for handoff_id, conversation_id in released:
            result.released.append(handoff_id)
            try:
                await rasa.append_events(conversation_id, [released_message()])
            except RasaUnavailable as error:
                result.not_told += 1
                logger.warning(
                    "Handoff %s back in the queue (agent idle); customer not told: %s",
                    handoff_id,
                    error,
                )
    if result.timed_out or result.released:
        logger.info(
            "Handoff sweep: %s timed out, %s released.", len(result.timed_out), len(result.released)
        )
    return result


async def run_forever(app: Starlette) -> None:
    """Sweep every ``sweep_seconds`` until cancelled. A failing round is
    logged (in full the first time, then once when it works again)."""
    settings = app.state.settings
    failing = False
    while True:
        try:
            await sweep_once(
                settings.rasa(), settings.database_url, lock=database.handoff_lock(app)
            )
            if failing:
                logger.warning("Handoff sweep works again.")
            failing = False
        except asyncio.CancelledError:
            raise
        except Exception:
            if not failing:
                logger.exception(
                    "Handoff sweep failed; trying again every %ss.", settings.sweep_seconds
                )
            failing = True
        await asyncio.sleep(settings.sweep_seconds)


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """Runs the sweep next to the web app (``HANDOFF_SWEEP_SECONDS=0``: not at
    all), and the daily conversation retention (``web/retention_job.py``)."""
    tasks = []
    if app.state.settings.sweep_seconds > 0:
        tasks.append(asyncio.create_task(run_forever(app), name="handoff-sweep"))
    retention_every = retention_job.interval_seconds()
    if retention_every > 0:
        tasks.append(
            asyncio.create_task(
                retention_job.run_daily(app.state.settings.database_url, retention_every),
                name="conversation-retention",
            )
        )
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
