"""The console's work on handoffs (live chats): a handoff's state and
transcript, and the agent's moves claim, reply, note and resolve.

A move changes the database and tells the customer through Rasa
(``web/rasa_client.py``) in one transaction: when Rasa is unreachable the
change is rolled back and the API answers 502, so the console never shows a
state the customer has not seen. Nothing is flushed before the Rasa call, so
an SQLite file is not locked while Rasa (and the action it runs) works.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot import handoff as handoffs
from bot.chat_contract import CUSTOM, HANDBACK_ACTION, STARTED, agent_custom
from bot.models import Agent, Handoff, HandoffStatus
from web import auth, database
from web.auth import api_error
from web.console_data import clock, handoff_row, note_row, referrer_card
from web.console_requests import (
    RASA_DOWN,
    TRANSCRIPT_DOWN,
    UNKNOWN_HANDOFF,
    Refused,
    database_url,
    json_text,
    path_id,
    user_of,
)
from web.rasa_client import RasaClient, RasaUnavailable
from web.transcript import transcript

logger = logging.getLogger(__name__)

MAX_REPLY = 2000
MAX_NOTE = handoffs.MAX_NOTE


def claim_message(first_name: str) -> str:
    return f"{first_name} aus dem Service-Team ist jetzt für Sie da und liest Ihre Nachrichten."


def agent_message(text: str, first_name: str, handoff: str | None = None) -> dict[str, Any]:
    """A bot event the widget shows as the agent's message (``docs/widget.md``)."""
    return {"event": "bot", "text": text, "data": {CUSTOM: agent_custom(first_name, handoff)}}


# ---- database work (runs in the thread pool) --------------------------------------


def handoff_state(session: Session, handoff_id: int, agent_id: int) -> dict[str, Any] | None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        return None
    return {
        "handoff": handoff_row(handoff, agent_id),
        "notes": [note_row(n) for n in handoff.notes],
    }


def handoff_page(session: Session, handoff_id: int, agent_id: int) -> dict[str, Any] | None:
    """The conversation view: the state, the customer, the callback ticket."""
    state = handoff_state(session, handoff_id, agent_id)
    if state is None:
        return None
    handoff = session.get(Handoff, handoff_id)
    return {
        **state,
        "customer": referrer_card(handoff.referrer),
        "conversation_id": handoff.conversation_id,
        "claimed_label": clock(handoff.claimed_at),
        "ticket_url": f"/console/tickets/{handoff.ticket_id}" if handoff.ticket_id else None,
    }


def conversation_of(session: Session, handoff_id: int) -> str | None:
    handoff = session.get(Handoff, handoff_id)
    return handoff.conversation_id if handoff else None


def _refusal(handoff: Handoff, agent: Agent) -> Refused:
    if handoff.status is HandoffStatus.ACTIVE and handoff.agent_id != agent.id:
        name = handoff.agent.display_name if handoff.agent else "Jemand anderes"
        return Refused(409, f"{name} hat dieses Gespräch bereits übernommen.")
    if handoff.status is HandoffStatus.WAITING:
        return Refused(409, "Bitte übernehmen Sie das Gespräch zuerst.")
    return Refused(409, "Dieses Gespräch ist bereits beendet.")


@dataclass(frozen=True)
class Move:
    conversation_id: str
    agent_name: str
    changed: bool = True


def _locked(session: Session, handoff_id: int, agent_id: int) -> tuple[Handoff, Agent]:
    handoff = handoffs.lock_handoff(session, handoff_id)
    if handoff is None:
        raise Refused(404, UNKNOWN_HANDOFF)
    agent = session.get(Agent, agent_id)
    # Loaded now for the refusal message: once the handoff is changed, nothing
    # may query any more (a query would flush and lock an SQLite file).
    handoff.agent  # noqa: B018
    return handoff, agent


def claim_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if handoffs.holds(handoff, agent):
        return Move(handoff.conversation_id, agent.display_name, changed=False)
    if not handoffs.claim(session, handoff, agent):
        raise _refusal(handoff, agent)
    return Move(handoff.conversation_id, agent.display_name)


def reply_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if not handoffs.holds(handoff, agent):
        raise _refusal(handoff, agent)
    handoffs.record_reply(handoff)
    return Move(handoff.conversation_id, agent.display_name)


def resolve_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if not handoffs.holds(handoff, agent):
        raise _refusal(handoff, agent)
    handoffs.resolve(handoff)
    return Move(handoff.conversation_id, agent.display_name)


def note_step(session: Session, handoff_id: int, agent_id: int, text: str) -> None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise Refused(404, UNKNOWN_HANDOFF)
    handoffs.add_note(session, handoff, session.get(Agent, agent_id), text)


# ---- handlers ----------------------------------------------------------------------

Tell = Callable[[RasaClient, Move], Awaitable[None]]
Step = Callable[[Session, int, int], Move]


async def state_response(request: Request, handoff_id: int) -> Response:
    state = await database.run(
        database_url(request), handoff_state, handoff_id, user_of(request).agent_id
    )
    return JSONResponse(state) if state else api_error(UNKNOWN_HANDOFF, 404)


async def api_handoff(request: Request) -> Response:
    try:
        handoff_id = path_id(request, "handoff_id", UNKNOWN_HANDOFF)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    return await state_response(request, handoff_id)


async def api_transcript(request: Request) -> Response:
    try:
        handoff_id = path_id(request, "handoff_id", UNKNOWN_HANDOFF)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    conversation_id = await database.run(database_url(request), conversation_of, handoff_id)
    if conversation_id is None:
        return api_error(UNKNOWN_HANDOFF, 404)
    try:
        tracker = await auth.settings_of(request).rasa().tracker(conversation_id)
    except RasaUnavailable as error:
        # Polled every second by every open conversation: no warning each time.
        logger.debug("Transcript of handoff %s: %s", handoff_id, error)
        return api_error(TRANSCRIPT_DOWN, 502)
    return JSONResponse(transcript(tracker))


async def move(request: Request, step: Step, tell: Tell) -> Response:
    """Change the handoff (``step``), tell the customer (``tell(rasa, move)``),
    commit; roll back when telling fails."""
    settings = auth.settings_of(request)
    try:
        handoff_id = path_id(request, "handoff_id", UNKNOWN_HANDOFF)
        async with (
            database.handoff_lock(request.app),
            database.transaction(settings.database_url) as session,
        ):
            done: Move = await database.step(session, step, handoff_id, user_of(request).agent_id)
            if done.changed:
                await tell(settings.rasa(), done)
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    except RasaUnavailable as error:
        logger.warning("Handoff %s, %s: %s", handoff_id, step.__name__, error)
        return api_error(RASA_DOWN, 502)
    return await state_response(request, handoff_id)


async def api_claim(request: Request) -> Response:
    async def tell(rasa: RasaClient, done: Move) -> None:
        message = agent_message(claim_message(done.agent_name), done.agent_name, STARTED)
        await rasa.append_events(done.conversation_id, [message])

    return await move(request, claim_step, tell)


async def api_reply(request: Request) -> Response:
    try:
        text = await json_text(request, MAX_REPLY, "eine Nachricht")
    except Refused as refused:
        return api_error(refused.message, refused.status_code)

    async def tell(rasa: RasaClient, done: Move) -> None:
        await rasa.append_events(done.conversation_id, [agent_message(text, done.agent_name)])

    return await move(request, reply_step, tell)


async def api_resolve(request: Request) -> Response:
    async def tell(rasa: RasaClient, done: Move) -> None:
        await rasa.execute(done.conversation_id, HANDBACK_ACTION)

    return await move(request, resolve_step, tell)


async def api_note(request: Request) -> Response:
    try:
        handoff_id = path_id(request, "handoff_id", UNKNOWN_HANDOFF)
        text = await json_text(request, MAX_NOTE, "eine Notiz")
        await database.run(
            database_url(request), note_step, handoff_id, user_of(request).agent_id, text
        )
    except Refused as refused:
        return api_error(refused.message, refused.status_code)
    return await state_response(request, handoff_id)
