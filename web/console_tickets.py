"""The console's work on tickets: a ticket's state, assign, answer by e-mail
(``web/mailer.py``) and close (``bot/cases.py`` holds the rules).

An answer is stored first (as a draft), then handed to the mail server; it
counts as sent only once the server took it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot import cases
from bot import handoff as handoffs
from bot.formatting import mask_email
from bot.models import Agent, Ticket
from web import auth, database, mailer
from web.auth import api_error
from web.console_data import referrer_card, reply_row, ticket_row
from web.console_requests import (
    UNKNOWN_TICKET,
    Refused,
    clean_text,
    database_url,
    json_object,
    path_id,
    user_of,
)

logger = logging.getLogger(__name__)

MAX_SUBJECT = 200
MAX_MAIL = 8000
UNKNOWN_AGENT = "Diese Person gibt es im Service-Team nicht."
TICKET_CLOSED = "Dieses Ticket ist bereits erledigt."
ASSIGN_FIRST = "Bitte weisen Sie sich das Ticket zuerst zu."
NO_ADDRESS = (
    "Für dieses Ticket ist keine E-Mail-Adresse bekannt: Eine Antwort per E-Mail geht nicht."
)
MAIL_SENT = "Ihre Antwort wurde per E-Mail gesendet."


async def json_mail(request: Request) -> tuple[str, str]:
    """``{"subject": …, "text": …}``: the subject on one line, and the text."""
    data = await json_object(request)
    subject = " ".join(clean_text(data.get("subject"), MAX_SUBJECT, "einen Betreff").split())
    return subject, clean_text(data.get("text"), MAX_MAIL, "eine Antwort")


# ---- database work (runs in the thread pool) --------------------------------------


def ticket_state(session: Session, ticket_id: int, agent_id: int) -> dict[str, Any] | None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return None
    return {
        "ticket": ticket_row(ticket, agent_id),
        "replies": [reply_row(r) for r in ticket.replies if r.sent_at is not None],
    }


def ticket_page(session: Session, ticket_id: int, agent_id: int) -> dict[str, Any] | None:
    """The ticket view: the state, the customer (address masked unless the
    agent works the ticket), the team for assigning, the answer to edit (the
    open draft, or greeting and signature), the chat it came from."""
    state = ticket_state(session, ticket_id, agent_id)
    if state is None:
        return None
    ticket = session.get(Ticket, ticket_id)
    me = session.get(Agent, agent_id)
    customer = referrer_card(ticket.referrer)
    if customer and not state["ticket"]["mine"]:
        customer["email"] = mask_email(customer["email"])
    draft = next((r for r in ticket.replies if r.sent_at is None), None)
    handoff = handoffs.latest_handoff_for(session, ticket.conversation_id)
    team = session.scalars(select(Agent).where(Agent.active.is_(True)).order_by(Agent.display_name))
    return {
        **state,
        "customer": customer,
        "conversation_id": ticket.conversation_id,
        "handoff_url": f"/console/handoffs/{handoff.id}" if handoff else None,
        "agents": [{"id": a.id, "name": a.display_name} for a in team],
        "subject": draft.subject if draft else cases.answer_subject(ticket),
        "body": draft.body if draft else cases.answer_draft(ticket, me.display_name),
        "has_draft": draft is not None,
    }


def _ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = cases.lock_ticket(session, ticket_id)
    if ticket is None:
        raise Refused(404, UNKNOWN_TICKET)
    return ticket


def _working(session: Session, ticket_id: int, agent_id: int) -> tuple[Ticket, Agent]:
    """The ticket, if it is open and the agent works it; else ``Refused``."""
    ticket = _ticket(session, ticket_id)
    if cases.is_closed(ticket):
        raise Refused(409, TICKET_CLOSED)
    if ticket.agent_id != agent_id:
        if ticket.agent is not None:
            raise Refused(409, f"{ticket.agent.display_name} bearbeitet dieses Ticket.")
        raise Refused(409, ASSIGN_FIRST)
    return ticket, session.get(Agent, agent_id)


def assign_step(session: Session, ticket_id: int, agent_id: int, to_agent: Any) -> None:
    ticket = _ticket(session, ticket_id)
    target_id = agent_id if to_agent is None else to_agent
    if isinstance(target_id, bool) or not isinstance(target_id, int):
        raise Refused(400, "Bitte wählen Sie aus, wem das Ticket zugewiesen wird.")
    agent = session.get(Agent, target_id) if 0 < target_id < 2**31 else None
    if agent is None or not agent.active:
        raise Refused(400, UNKNOWN_AGENT)
    if not cases.assign_ticket(ticket, agent):
        raise Refused(409, TICKET_CLOSED)


@dataclass(frozen=True)
class Outgoing:
    """A stored answer on its way to the mail server."""

    reply_id: int
    to: str
    reply_to: str | None


def draft_step(
    session: Session, ticket_id: int, agent_id: int, subject: str, text: str
) -> Outgoing:
    ticket, agent = _working(session, ticket_id, agent_id)
    address = cases.reply_address(ticket)
    if address is None:
        raise Refused(409, NO_ADDRESS)
    reply = cases.draft_reply(session, ticket, agent, subject, text)
    program_email = ticket.program.program_email if ticket.program else None
    return Outgoing(reply.id, address, program_email)


def sent_step(session: Session, ticket_id: int, reply_id: int) -> None:
    ticket = _ticket(session, ticket_id)
    reply = next((r for r in ticket.replies if r.id == reply_id), None)
    if reply is not None:
        cases.mark_sent(ticket, reply)


def close_step(session: Session, ticket_id: int, agent_id: int) -> None:
    ticket, _agent = _working(session, ticket_id, agent_id)
    cases.close_ticket(ticket)


# ---- handlers ----------------------------------------------------------------------


async def ticket_response(request: Request, ticket_id: int, notice: str | None = None) -> Response:
    state = await database.run(
        database_url(request), ticket_state, ticket_id, user_of(request).agent_id
    )
    if state is None:
        return api_error(UNKNOWN_TICKET, 404)
    return JSONResponse({**state, "notice": notice})


async def api_ticket(request: Request) -> Response:
    try:
        return await ticket_response(request, path_id(request, "ticket_id", UNKNOWN_TICKET))
    except Refused as refused:
        return api_error(refused.message, refused.status_code)


async def ticket_move(request: Request, step: Any, *args: Any) -> Response:
    """A change of a ticket (assign, close) under the app's lock."""
    try:
        ticket_id = path_id(request, "ticket_id", UNKNOWN_TICKET)
        async with database.handoff_lock(request.app):
            await database.run(
                database_url(request), step, ticket_id, user_of(request).agent_id, *args
            )
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    return await ticket_response(request, ticket_id)


async def api_ticket_assign(request: Request) -> Response:
    try:
        data = await json_object(request)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    return await ticket_move(request, assign_step, data.get("agent_id"))


async def api_ticket_close(request: Request) -> Response:
    return await ticket_move(request, close_step)


async def api_ticket_reply(request: Request) -> Response:
    """Store the answer (as a draft), then hand it to the mail server; it
    counts as sent only once the server took it. Without a mail server the
    draft stays and the console says so."""
    settings = auth.settings_of(request)
    url = settings.database_url
    try:
        ticket_id = path_id(request, "ticket_id", UNKNOWN_TICKET)
        subject, text = await json_mail(request)
        async with database.handoff_lock(request.app):
            outgoing: Outgoing = await database.run(
                url, draft_step, ticket_id, user_of(request).agent_id, subject, text
            )
            if not settings.smtp.configured:
                return await ticket_response(request, ticket_id, mailer.NOT_CONFIGURED)
            mail = mailer.message(settings.smtp, outgoing.to, subject, text, outgoing.reply_to)
            await run_in_threadpool(mailer.send, settings.smtp, mail)
            await database.run(url, sent_step, ticket_id, outgoing.reply_id)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    except mailer.MailFailed as failed:
        # The exception's text never names the address; its cause might.
        logger.warning(
            "Ticket %s: answer not sent (%s).", ticket_id, type(failed.__cause__).__name__
        )
        return api_error(str(failed), 502)
    logger.info("Ticket %s: answer sent by e-mail.", ticket_id)
    return await ticket_response(request, ticket_id, MAIL_SENT)
