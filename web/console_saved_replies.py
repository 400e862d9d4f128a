"""The saved replies the console offers for one handoff (live chat) or one
ticket (answer by e-mail), filled in from the program's row and the
conversation (``web/saved_replies.py``, ``web/saved_replies.yml``).

``GET /console/api/handoffs/{id}/saved-replies`` and
``GET /console/api/tickets/{id}/saved-replies`` answer
``{"replies": [{"id", "title", "text", "missing"}]}``: only the replies for
every program and those of the conversation's own program. The console
inserts a reply into the reply box for editing; nothing is sent from here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.models import Agent, Handoff, Program, Referrer, Ticket
from web import database, saved_replies
from web.auth import api_error
from web.console_requests import (
    UNKNOWN_HANDOFF,
    UNKNOWN_TICKET,
    Refused,
    database_url,
    path_id,
    user_of,
)


def _offer(
    program: Program | None, customer: Referrer | None, agent: Agent, channel: str
) -> dict[str, Any]:
    known = saved_replies.values(program, customer, agent.display_name)
    chosen = saved_replies.offered(saved_replies.load(), program.slug if program else None, channel)
    return {"replies": [saved_replies.fill(reply, known) for reply in chosen]}


def handoff_replies(session: Session, handoff_id: int, agent_id: int) -> dict[str, Any] | None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        return None
    return _offer(handoff.program, handoff.referrer, session.get(Agent, agent_id), "chat")


def ticket_replies(session: Session, ticket_id: int, agent_id: int) -> dict[str, Any] | None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return None
    # A typed, unconfirmed address proves nobody: the customer is not named
    # (as in the answer's greeting, bot.cases.answer_draft).
    customer = ticket.referrer if not ticket.contact_email else None
    return _offer(ticket.program, customer, session.get(Agent, agent_id), "mail")


async def _replies(request: Request, param: str, unknown: str, load: Any) -> Response:
    try:
        item_id = path_id(request, param, unknown)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    data = await database.run(database_url(request), load, item_id, user_of(request).agent_id)
    return JSONResponse(data) if data is not None else api_error(unknown, 404)


async def api_handoff_replies(request: Request) -> Response:
    return await _replies(request, "handoff_id", UNKNOWN_HANDOFF, handoff_replies)


async def api_ticket_replies(request: Request) -> Response:
    return await _replies(request, "ticket_id", UNKNOWN_TICKET, ticket_replies)
