"""What the chat widget asks of the web app besides Rasa's socket.io channel.

While a customer waits for the service team, the bot is paused: Rasa keeps
their messages but answers none (``ConversationPaused``), so "stop waiting"
cannot be a chat message. The widget posts it here instead; the web app
closes the queue entry and runs ``action_handoff_cancelled`` through Rasa's
HTTP API, which resumes the bot and tells the customer in their widget.

The widget's session id (32 random hex digits, ``bot/chat_contract.py``) is
what identifies the conversation, as it does on the socket.io channel. Only a
*waiting* handoff can be cancelled this way; once an agent holds the
conversation, the agent hands it back.
"""

from __future__ import annotations

import json
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.chat_contract import CANCEL_HANDOFF_PATH, CANCELLED_ACTION, valid_session_id
from bot.handoff import cancel_wait
from web import database
from web.rasa_client import RasaUnavailable

logger = logging.getLogger(__name__)

MAX_BODY = 1024
# The widget runs on the brands' websites: any origin may call this endpoint
# (it needs the session id, which only that customer's browser knows).
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}


def _answer(status: int, message: str, **extra: object) -> JSONResponse:
    key = "error" if status >= 400 else "status"
    return JSONResponse({key: message, **extra}, status_code=status, headers=CORS)


async def cancel_handoff(request: Request) -> Response:
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=CORS)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _answer(413, "Die Anfrage ist zu groß.")
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _answer(400, "Die Anfrage ist kein gültiges JSON.")
    session_id = valid_session_id(data.get("session_id")) if isinstance(data, dict) else None
    if session_id is None:
        return _answer(400, "Es fehlt eine gültige session_id.")

    settings = request.app.state.settings
    try:
        async with (
            database.handoff_lock(request.app),
            database.transaction(settings.database_url) as session,
        ):
            handoff = await database.step(session, cancel_wait, session_id)
            if handoff is None:
                return _answer(404, "Für dieses Gespräch wartet gerade keine Anfrage.")
            # Commits only when Rasa took it: otherwise the customer stays queued.
            await settings.rasa().execute(session_id, CANCELLED_ACTION)
    except RasaUnavailable:
        logger.exception("could not resume the bot for a cancelled wait")
        return _answer(
            502, "Der Chat ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."
        )
    return _answer(200, "cancelled")


def routes() -> list[Route]:
    return [Route(CANCEL_HANDOFF_PATH, cancel_handoff, methods=["POST", "OPTIONS"])]
