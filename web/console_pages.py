"""The console's pages: the inbox (``/console``: queue, the selected
conversation or ticket, the customer's details side by side), whose deep links
``/console/handoffs/{id}`` and ``/console/tickets/{id}`` open it with that
entry selected, and the metrics (``/console/metrics``); and the queue's data,
which the JSON API (``GET /console/api/queue``) serves too.

The inbox's script (``console.js``) opens another entry by loading its page
and taking the entry's panes from it, so a page load and a click show the
same markup from the same templates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot import handoff as handoffs
from bot import metrics
from bot.clock import utcnow
from bot.models import HandoffStatus, Program
from bot.targets import Standing
from web import auth, database, mailer, metrics_view
from web.console_data import handoff_row, iso, ticket_row
from web.console_handoffs import handoff_page
from web.console_requests import (
    TRANSCRIPT_DOWN,
    UNKNOWN_HANDOFF,
    UNKNOWN_TICKET,
    database_url,
    notice,
    parse_id,
    render,
    user_of,
)
from web.console_tickets import ticket_page
from web.rasa_client import RasaUnavailable
from web.transcript import transcript

logger = logging.getLogger(__name__)


# ---- the queue (runs in the thread pool) -------------------------------------------


def programs(session: Session) -> list[dict[str, str]]:
    return [
        {"slug": p.slug, "brand": p.brand}
        for p in session.scalars(select(Program).order_by(Program.brand))
    ]


def by_time_left(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests whose target clock runs first, the least time left on top
    (overdue ones first of all); then the others in their order."""
    return sorted(rows, key=lambda row: (row["seconds_left"] is None, row["seconds_left"] or 0))


def alerts(waiting: list[dict[str, Any]], tickets: list[dict[str, Any]]) -> dict[str, int]:
    """What the console's tab title and sound tell: customers waiting in the
    chat, and requests close to or past their response-time target."""
    rows = waiting + tickets
    return {
        "waiting": sum(1 for h in waiting if h["status"] == HandoffStatus.WAITING.value),
        "close": sum(1 for row in rows if row["target"] == Standing.CLOSE.value),
        "overdue": sum(1 for row in rows if row["target"] == Standing.OVERDUE.value),
    }


def queue_view(session: Session, program: str | None, agent_id: int) -> dict[str, Any]:
    known = programs(session)
    if program not in {p["slug"] for p in known}:
        program = None
    now = utcnow()
    requests = by_time_left(
        [handoff_row(h, agent_id, now) for h in handoffs.queue(session, program)]
    )
    tickets = by_time_left(
        [ticket_row(t, agent_id, now) for t in handoffs.open_tickets(session, program)]
    )
    return {
        "program": program,
        "programs": known,
        "handoffs": requests,
        "tickets": tickets,
        "alerts": alerts(requests, tickets),
        "agents_online": handoffs.agents_online(session, now),
        "now": iso(now),
    }


# ---- pages ---------------------------------------------------------------------------

Loader = Callable[[Session, int, int], dict[str, Any] | None]


async def page_data(request: Request, param: str, load: Loader) -> dict[str, Any] | None:
    """The data of a handoff's or a ticket's page (``load``), with the
    conversation's transcript from Rasa, or a notice when Rasa cannot be
    reached; None for an unknown id."""
    item_id = parse_id(request.path_params[param])
    if item_id is None:
        return None
    data = await database.run(database_url(request), load, item_id, user_of(request).agent_id)
    if data is None:
        return None
    entries, transcript_notice = None, None
    try:
        tracker = await auth.settings_of(request).rasa().tracker(data["conversation_id"])
        entries = transcript(tracker)
    except RasaUnavailable as error:
        logger.warning("Transcript of %s %s: %s", param.removesuffix("_id"), item_id, error)
        transcript_notice = TRANSCRIPT_DOWN
    return {**data, "transcript": entries, "transcript_notice": transcript_notice}


async def queue(request: Request) -> dict[str, Any]:
    """The queue's data for the agent (``?program=`` filters it)."""
    return await database.run(
        database_url(request),
        queue_view,
        request.query_params.get("program"),
        user_of(request).agent_id,
    )


def inbox(request: Request, queue_data: dict[str, Any], entry: dict[str, Any]) -> Response:
    """The inbox page: the queue, and the entry (``entry``: what its pane
    shows; ``{"entry": None}`` for none)."""
    return render(
        request, "console_inbox.html", {**queue_data, "selected_url": request.url.path, **entry}
    )


async def queue_page(request: Request) -> Response:
    return inbox(request, await queue(request), {"entry": None})


async def conversation_page(request: Request) -> Response:
    data = await page_data(request, "handoff_id", handoff_page)
    if data is None:
        return notice(request, UNKNOWN_HANDOFF, 404)
    return inbox(request, await queue(request), {**data, "entry": "handoff"})


async def ticket_view(request: Request) -> Response:
    data = await page_data(request, "ticket_id", ticket_page)
    if data is None:
        return notice(request, UNKNOWN_TICKET, 404)
    smtp = auth.settings_of(request).smtp
    mail_notice = None if smtp.configured else mailer.NOT_CONFIGURED_PAGE
    return inbox(
        request, await queue(request), {**data, "mail_notice": mail_notice, "entry": "ticket"}
    )


async def metrics_page(request: Request) -> Response:
    days = metrics_view.parse_days(request.query_params.get("days"), metrics.DEFAULT_DAYS)
    if days is None:
        return notice(request, metrics_view.days_message(), 400)
    figures = await database.run(database_url(request), metrics.compute, days)
    return render(request, "console_metrics.html", metrics_view.context(figures))


# ---- API -----------------------------------------------------------------------------


async def api_queue(request: Request) -> Response:
    data = await queue(request)
    data.pop("programs")
    return JSONResponse(data)
