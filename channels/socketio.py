"""Socket.io channel for the website chat widget (web/static/widget/).

Extends Rasa's ``SocketIOInput`` where the stock channel falls short
(each point checked against Rasa 3.6.21, see docs/widget.md):

* **Metadata.** The stock channel reads metadata only from the key
  ``metadata`` of each ``user_uttered`` event and ignores what arrives with
  ``session_request``; rasa-webchat sends it as ``customData``. This channel
  accepts both keys on both events, remembers the metadata of the session
  request per socket and merges it into every message, so the program slug
  reaches ``tracker.latest_message["metadata"]`` on every turn and the slot
  ``session_started_metadata`` at session start. Every message also carries
  ``client``, the key of the socket's address (``channels/client_key.py``),
  which replaces any ``client`` the widget sends.
* **History.** The stock channel keeps nothing: a reloaded page or a new tab
  starts empty. With ``session_persistence`` this channel answers a
  ``session_request`` for a known conversation with ``session_history``, the
  messages of the current Rasa session read from the tracker store
  (``bot/transcript_events.py``, the same reading as the console's
  transcript). That includes messages sent while the page was gone (an
  agent's reply during a reload).
* **One message per response.** The stock output splits a text at blank
  lines and sends ``custom`` payloads through ``sio.emit(event, **custom)``,
  which fails for any custom payload (``emit()`` gets unknown keyword
  arguments). Here every bot response becomes exactly one ``bot_uttered``
  event with ``text``, ``quick_replies``, ``custom`` and ``attachment``
  together, the same shape as in ``session_history``.
* **Input checks.** A ``user_uttered`` without text, or with control
  characters or unpaired surrogates (``channels/message_text.py``), is
  answered with a ``bot_error`` event (``{"reason", "message"}``, the
  message from ``utter_message_unreadable``) and its text is never logged; a
  text over 20,000 characters gets the bot's ``utter_message_too_long`` as a
  ``bot_uttered``. None of them reaches Rasa. Session ids must look like the
  ones this channel issues (32 hex digits), otherwise a new one is issued, so
  nobody can join a guessable room (``bot/chat_contract.py``).
* **rasa-webchat.** rasa-webchat 1.0.1 renders a ``bot_uttered`` only when
  its keys are exactly ``text``, or ``text`` and ``quick_replies``/``buttons``,
  or an ``attachment``: our messages (with ``custom`` and ``time``) show
  nothing there. A rasa-webchat connects to the namespace ``/rasa-webchat``
  (its ``socketUrl`` ends in it) and gets every message as frames of that
  shape (``webchat_frames``): an agent's message names the agent, refusals
  arrive as the bot's text.
* **CORS.** Only the configured origins may open the chat:
  ``WIDGET_ALLOWED_ORIGINS`` (comma separated) or ``cors_allowed_origins``
  in credentials.yml (default: the web app of ``make run``). The stock
  channel disables the socket.io server's CORS handling, so polling from
  another origin fails unless Rasa runs with ``--cors``. The same list is
  checked on WebSocket upgrades; with none configured, only the server's own
  origin may connect.
* **WebSocket.** The stock socket.io server cannot complete a WebSocket
  upgrade on Rasa's Sanic 21.12 under Python 3.11 and then leaves the client
  polling in a loop; ``channels/engineio_sanic.py`` replaces python-engineio's
  Sanic driver parts for this channel's server.

The channel keeps the name ``socketio``, so ``output_channel=socketio`` on
Rasa's HTTP API (``/conversations/{id}/tracker/events``,
``/trigger_intent``, ``/execute``) reaches the widget, e.g. an agent's reply.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from rasa.shared.core.events import Event
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot import log_masking, settings
from bot.chat_contract import CUSTOM, WEBCHAT_NAMESPACE, agent_name, valid_session_id
from bot.clock import utc_iso as message_time
from bot.knowledge.phrases import phrase
from bot.transcript_events import chat_lines, event_buttons
from channels import engineio_sanic, socketio_cluster
from channels.client_key import CLIENT_FIELD, client_address, client_key
from channels.message_text import has_forbidden_characters
from channels.rest import MAX_MESSAGE_CHARS

logger = logging.getLogger(__name__)

# The Rasa server loads this module: from now on its log is masked.
log_masking.install()

METADATA_KEYS = ("metadata", "customData")
MAX_METADATA_CHARS = 4_000
HISTORY_EVENT = "session_history"
ECHO_EVENT = "user_echo"
# A message the bot cannot take (docs/widget.md): {"reason": ..., "message": ...}
ERROR_EVENT = "bot_error"
UNREADABLE_RESPONSE = "utter_message_unreadable"
TOO_LONG_RESPONSE = "utter_message_too_long"
# Origins (scheme://host[:port]) of the pages that may open the chat, comma
# separated; replaces credentials.yml's cors_allowed_origins.
ORIGINS_ENV = "WIDGET_ALLOWED_ORIGINS"


# ---------------------------------------------------------------------------
# Message shape shared by live messages and the history (docs/widget.md)


def widget_message(message: dict[str, Any]) -> dict[str, Any]:
    """One bot response as the widget receives it."""
    out: dict[str, Any] = {}
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        out["text"] = text.strip()
    buttons = event_buttons(message)
    if buttons:
        out["quick_replies"] = [
            {"content_type": "text", "title": str(b.get("title", "")), "payload": b.get("payload")}
            for b in buttons
        ]
    if isinstance(message.get(CUSTOM), dict):
        out[CUSTOM] = message[CUSTOM]
    if message.get("image"):
        out["attachment"] = {"type": "image", "payload": {"src": message["image"]}}
    elif isinstance(message.get("attachment"), dict):
        out["attachment"] = message["attachment"]
    return out


def webchat_frames(message: dict[str, Any]) -> list[dict[str, Any]]:
    """A widget message (``widget_message``) as rasa-webchat 1.0.1 renders it.

    Its ``dispatchMessage`` shows a frame whose keys are exactly ``text``, or
    ``text`` and ``quick_replies``, or one with an image ``attachment``;
    anything else (our ``custom``, ``time``) is dropped without a word. So an
    agent's message carries the agent's name in its text, and a message
    without text (only a ``custom`` payload) sends nothing.
    """
    frames: list[dict[str, Any]] = []
    text = message.get("text")
    if isinstance(text, str) and text:
        name = agent_name(message.get(CUSTOM))
        frame: dict[str, Any] = {
            "text": phrase("widget.agent_message", name=name, text=text) if name else text
        }
        if message.get("quick_replies"):
            frame["quick_replies"] = message["quick_replies"]
        frames.append(frame)
    attachment = message.get("attachment")
    if isinstance(attachment, dict) and attachment.get("type") == "image":
        frames.append({"attachment": attachment})
    return frames


def history_messages(events: Iterable[Event | dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages of the current session, as the widget shows them
    (``bot/transcript_events.py``: button clicks show the button's title, the
    opening payload is left out)."""
    dicts = [e.as_dict() if isinstance(e, Event) else e for e in events]
    messages: list[dict[str, Any]] = []
    for line in chat_lines(dicts, current_session=True):
        time_field = {"time": message_time(line.timestamp)} if line.timestamp is not None else {}
        if line.sender == "user":
            messages.append({"sender": "user", "text": line.text, **time_field})
        elif message := widget_message({**line.data, "text": line.text}):
            messages.append({"sender": "bot", **message, **time_field})
    return messages


# ---------------------------------------------------------------------------
# Input checks


def allowed_origins(configured: Any) -> str | list[str]:
    """The origins allowed to open the chat: ``WIDGET_ALLOWED_ORIGINS``
    (comma separated) if set, else ``configured`` (credentials.yml: a list, a
    single origin or ``"*"``). Nothing configured allows no other origin."""
    from_env = settings.raw(ORIGINS_ENV)
    if from_env:
        origins = [origin.strip().rstrip("/") for origin in from_env.split(",")]
        return "*" if "*" in origins else [origin for origin in origins if origin]
    if configured == "*":
        return "*"
    if isinstance(configured, str):
        configured = [configured]
    return [str(origin).rstrip("/") for origin in configured or []]


def response_text(variants: Any) -> str | None:
    """The text of the first variant of a domain response, if any."""
    if isinstance(variants, list) and variants and isinstance(variants[0], dict):
        text = variants[0].get("text")
        return text if isinstance(text, str) else None
    return None


def extract_metadata(data: dict[str, Any]) -> dict[str, Any]:
    """Metadata sent as ``metadata`` (Rasa) or ``customData`` (rasa-webchat)."""
    merged: dict[str, Any] = {}
    for key in METADATA_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = None
        if isinstance(value, dict):
            merged.update(value)
    if len(json.dumps(merged, default=str)) > MAX_METADATA_CHARS:
        logger.warning("Metadata of more than %s characters dropped.", MAX_METADATA_CHARS)
        return {}
    return merged


def _display_text(text: str, display: Any) -> str | None:
    """What other tabs show for a message: a button's title, never a bare payload."""
    if isinstance(display, str) and 0 < len(display) <= 500:
        return display
    return None if text.startswith("/") else text


# ---------------------------------------------------------------------------
# Output


class WidgetOutput(SocketIOOutput):
    """Sends each bot response as one ``bot_uttered`` event."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        out = widget_message(dict(message))
        if out:
            await self._send_message(recipient_id, out)

    async def _send_message(self, socket_id: str, response: Any) -> None:
        """Every live message carries its time, as in the history; rasa-webchats
        in the conversation get it in their shape (``webchat_frames``)."""
        await super()._send_message(socket_id, {**response, "time": message_time(time.time())})
        for frame in webchat_frames(response):
            await self.sio.emit(
                self.bot_message_evt, frame, room=socket_id, namespace=WEBCHAT_NAMESPACE
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text})

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self._send_message(recipient_id, {"custom": json_message})


class _AppBlueprint(SocketBlueprint):
    """Remembers the Sanic app, whose ``ctx.agent`` holds the tracker store."""

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        self.ctx.app = app
        super().register(app, options)


# ---------------------------------------------------------------------------
# Input


class WidgetSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with metadata, history and checks (see module doc)."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, WidgetSocketIOInput)
        channel.cors_allowed_origins = allowed_origins(credentials.get("cors_allowed_origins"))
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cors_allowed_origins: str | list[str] = []
        # socket id -> metadata of its session_request
        self._socket_metadata: dict[str, dict[str, Any]] = {}
        # socket id -> its client key (channels/client_key.py), set on connect
        self._socket_clients: dict[str, str] = {}
        self._blueprint: _AppBlueprint | None = None

    def _remember_client(self, sid: str, environ: dict[str, Any]) -> None:
        """The socket's client key for the metadata field ``client``
        (``channels/client_key.py``): from the Sanic request that opened it."""
        request = environ.get("sanic.request")
        if request is not None:
            self._socket_clients[sid] = client_key(client_address(request))

    def get_output_channel(self) -> OutputChannel | None:
        if self.sio is None:
            return super().get_output_channel()
        return WidgetOutput(self.sio, self.bot_message_evt)

    def _agent(self) -> Any:
        app = getattr(self._blueprint.ctx, "app", None) if self._blueprint else None
        return getattr(app.ctx, "agent", None) if app else None

    async def _tracker(self, sender_id: str) -> Any:
        agent = self._agent()
        if agent is None or agent.tracker_store is None:
            return None
        return await agent.tracker_store.retrieve(sender_id)

    def _response_text(self, name: str) -> str | None:
        """The first text of the domain response ``name`` (domain.yml)."""
        agent = self._agent()
        variants = agent.domain.responses.get(name) if agent and agent.domain else None
        return response_text(variants)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # No origin configured: only the Rasa server's own (engine.io reads [] as
        # "no check at all", which would let any website open a WebSocket).
        origins = self.cors_allowed_origins or None
        # One process, or several sharing Redis (channels/socketio_cluster.py).
        sio = socketio_cluster.create_server(origins)
        # WebSocket transport that works on Rasa's Sanic 21.12 (channels/engineio_sanic.py).
        engineio_sanic.install(sio)
        bp = _AppBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio, self._blueprint = sio, bp

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        for namespace in (self.namespace, WEBCHAT_NAMESPACE):
            self._register_handlers(sio, namespace, on_new_message)
        return bp

    def _register_handlers(
        self,
        sio: AsyncServer,
        namespace: str | None,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        """The socket.io handlers for one namespace: our widget's (``namespace``
        of credentials.yml, default ``/``) or rasa-webchat's (``WEBCHAT_NAMESPACE``),
        which gets refusals as the bot's text and no ``session_history``."""
        webchat = namespace == WEBCHAT_NAMESPACE

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            self._remember_client(sid, environ)
            if not self.jwt_key:
                return True
            from rasa.core.channels.channel import decode_bearer_token

            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *args: Any) -> None:
            self._socket_metadata.pop(sid, None)
            self._socket_clients.pop(sid, None)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any = None, *_more: Any) -> None:
            data = data if isinstance(data, dict) else {}
            self._socket_metadata[sid] = extract_metadata(data)
            requested = valid_session_id(data.get("session_id"))
            session_id = requested or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)
            if webchat:
                return  # rasa-webchat keeps its own history in the browser
            messages: list[dict[str, Any]] = []
            if requested and self.session_persistence:
                tracker = await self._tracker(session_id)
                if tracker is not None:
                    messages = history_messages(tracker.events)
            await sio.emit(
                HISTORY_EVENT,
                {"session_id": session_id, "messages": messages},
                room=sid,
                namespace=namespace,
            )

        async def refuse(sid: str, reason: str, response: str) -> None:
            text = self._response_text(response)
            if webchat:
                if text:  # rasa-webchat knows no bot_error: the bot says it
                    await sio.emit(
                        self.bot_message_evt, {"text": text}, room=sid, namespace=namespace
                    )
                return
            await sio.emit(
                ERROR_EVENT, {"reason": reason, "message": text}, room=sid, namespace=namespace
            )

        # An event without payload, or with several, must not raise a TypeError.
        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any = None, *_more: Any) -> None:
            text = data.get("message") if isinstance(data, dict) else None
            if not isinstance(text, str):
                logger.warning("Refused a socket.io message without text.")
                await refuse(sid, "invalid_payload", UNREADABLE_RESPONSE)
                return
            if has_forbidden_characters(text):
                # Never log the text itself: it cannot even be written safely.
                logger.warning("Refused a socket.io message with control characters or surrogates.")
                await refuse(sid, "invalid_text", UNREADABLE_RESPONSE)
                return
            if len(text) > MAX_MESSAGE_CHARS:
                logger.warning("Refused a socket.io message of %s characters.", len(text))
                answer = self._response_text(TOO_LONG_RESPONSE)
                if answer is None:
                    await refuse(sid, "too_long", TOO_LONG_RESPONSE)
                else:
                    frame = (
                        {"text": answer}
                        if webchat
                        else {"text": answer, "time": message_time(time.time())}
                    )
                    await sio.emit(self.bot_message_evt, frame, room=sid, namespace=namespace)
                return
            if self.session_persistence:
                sender_id = valid_session_id(data.get("session_id"))
                if sender_id is None:
                    logger.warning("Ignored a socket.io message without a valid session_id.")
                    return
                # A message buffered during a reconnect can arrive before the
                # socket's new session_request: join the room here too.
                await sio.enter_room(sid, sender_id, namespace=namespace)
                # Other tabs of the same conversation show the customer's message too.
                shown = _display_text(text, data.get("display"))
                if shown:
                    await sio.emit(
                        ECHO_EVENT,
                        {"text": shown},
                        room=sender_id,
                        skip_sid=sid,
                        namespace=namespace,
                    )
            else:
                sender_id = sid
            metadata = {**self._socket_metadata.get(sid, {}), **extract_metadata(data)}
            metadata[CLIENT_FIELD] = self._socket_clients.get(sid)
            await on_new_message(
                UserMessage(
                    text,
                    WidgetOutput(sio, self.bot_message_evt),
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata or None,
                )
            )
