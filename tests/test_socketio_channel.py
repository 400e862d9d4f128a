"""The widget's socket.io channel without a server: message shape, history, checks."""

from __future__ import annotations

import asyncio
import gc
import warnings
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from channels.engineio_sanic import SanicWebSocket, install, receive
from channels.socketio import (
    MAX_METADATA_CHARS,
    allowed_origins,
    extract_metadata,
    history_messages,
    message_time,
    valid_session_id,
    webchat_frames,
    widget_message,
)

GREETING_BUTTONS = [
    {"title": "Wo bleibt meine Prämie?", "payload": "/ask_reward_status"},
    {"title": "Wie funktioniert das Programm?", "payload": "/ask_how_referral_works"},
]


def test_a_response_becomes_one_message_with_text_buttons_and_custom():
    message = widget_message(
        {
            "text": "Guten Tag!\n\nWobei darf ich helfen?",
            "buttons": GREETING_BUTTONS,
            "custom": {"agent": {"first_name": "Anna"}},
            "utter_action": "utter_greet",
        }
    )
    assert message == {
        "text": "Guten Tag!\n\nWobei darf ich helfen?",
        "quick_replies": [{"content_type": "text", **b} for b in GREETING_BUTTONS],
        "custom": {"agent": {"first_name": "Anna"}},
    }


def test_an_image_becomes_an_image_attachment():
    assert widget_message({"image": "https://example.org/a.png"}) == {
        "attachment": {"type": "image", "payload": {"src": "https://example.org/a.png"}}
    }


def test_history_shows_the_current_session_with_button_titles_not_payloads():
    events = [
        UserUttered("Hallo"),
        BotUttered("Alte Sitzung"),
        SessionStarted(),
        SlotSet("program", "autosicher"),
        ActionExecuted("action_listen"),
        UserUttered("/greet"),  # the widget's opening payload: not shown
        BotUttered("Guten Tag!", {"buttons": GREETING_BUTTONS}),
        UserUttered("/ask_how_referral_works"),  # a button click: shows its title
        BotUttered("So funktioniert es …"),
        UserUttered("Wo bleibt meine Prämie?"),
        BotUttered("Hier ist Anna.", {"custom": {"agent": {"first_name": "Anna"}}}),
    ]
    messages = history_messages(events)
    assert [{k: v for k, v in m.items() if k != "time"} for m in messages] == [
        {
            "sender": "bot",
            "text": "Guten Tag!",
            "quick_replies": [{"content_type": "text", **b} for b in GREETING_BUTTONS],
        },
        {"sender": "user", "text": "Wie funktioniert das Programm?"},
        {"sender": "bot", "text": "So funktioniert es …"},
        {"sender": "user", "text": "Wo bleibt meine Prämie?"},
        {"sender": "bot", "text": "Hier ist Anna.", "custom": {"agent": {"first_name": "Anna"}}},
    ]
    assert all(m["time"] for m in messages)


def test_every_history_message_carries_its_time_in_utc():
    at = 1_796_130_309.7  # 2026-12-01 13:05:09 UTC
    events = [
        SessionStarted(),
        UserUttered("Hallo", timestamp=at),
        BotUttered("Guten Tag!", timestamp=at + 60),
    ]
    assert history_messages(events) == [
        {"sender": "user", "text": "Hallo", "time": "2026-12-01T13:05:09Z"},
        {"sender": "bot", "text": "Guten Tag!", "time": "2026-12-01T13:06:09Z"},
    ]
    assert message_time(0) == "1970-01-01T00:00:00Z"


def test_only_session_ids_like_the_issued_ones_are_accepted():
    assert valid_session_id("0123456789abcdef0123456789abcdef")
    for bad in (None, "", "kunde-1", "0123456789ABCDEF0123456789ABCDEF", "x" * 32, 42):
        assert valid_session_id(bad) is None


def test_metadata_comes_from_metadata_or_custom_data():
    assert extract_metadata({"metadata": {"program": "autosicher"}}) == {"program": "autosicher"}
    assert extract_metadata({"customData": {"program": "funknetz"}}) == {"program": "funknetz"}
    assert extract_metadata({"metadata": '{"program": "sonnenstrom"}'}) == {
        "program": "sonnenstrom"
    }
    assert extract_metadata({"metadata": "no json", "customData": [1]}) == {}
    assert extract_metadata({"metadata": {"x": "y" * MAX_METADATA_CHARS}}) == {}


def test_allowed_origins_come_from_credentials_or_the_environment(monkeypatch):
    monkeypatch.delenv("WIDGET_ALLOWED_ORIGINS", raising=False)
    assert allowed_origins(["http://localhost:8080/"]) == ["http://localhost:8080"]
    assert allowed_origins("https://www.autosicher.example") == ["https://www.autosicher.example"]
    assert allowed_origins(None) == []  # nothing configured: no other website

    monkeypatch.setenv("WIDGET_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    assert allowed_origins(["http://localhost:8080"]) == ["https://a.example", "https://b.example"]


def test_credentials_allow_only_the_demo_web_app_by_default(monkeypatch):
    import yaml

    monkeypatch.delenv("WIDGET_ALLOWED_ORIGINS", raising=False)
    credentials = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "credentials.yml").read_text(encoding="utf-8")
    )
    configured = credentials["channels.socketio.WidgetSocketIOInput"]["cors_allowed_origins"]
    assert allowed_origins(configured) == ["http://localhost:8080", "http://127.0.0.1:8080"]


# ---------------------------------------------------------------------------
# Engine.IO's WebSocket on Rasa's Sanic 21.12 (channels/engineio_sanic.py)


def _sanic_websocket() -> Any:
    """Sanic 21.12's WebSocket as its handshake creates it, without a network."""
    from sanic.server.websockets.impl import WebsocketImplProtocol
    from websockets.connection import OPEN
    from websockets.server import ServerConnection

    return WebsocketImplProtocol(ServerConnection(state=OPEN))


def test_sanic_21_12_cannot_receive_on_python_3_11_and_receive_can():
    from websockets.frames import Frame, Opcode

    async def scenario() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # Sanic's coroutine, never awaited
            with pytest.raises(TypeError, match="coroutines is forbidden"):
                await _sanic_websocket().recv()
            gc.collect()

        ws = _sanic_websocket()
        receiving = asyncio.ensure_future(receive(ws))
        await asyncio.sleep(0)
        await asyncio.wait_for(ws.process_events([Frame(Opcode.TEXT, b"2probe")]), 5)
        assert await asyncio.wait_for(receiving, 5) == "2probe"

        # The client's close frame ends a waiting receive with what python-engineio expects.
        receiving = asyncio.ensure_future(receive(ws))
        await asyncio.sleep(0)
        await asyncio.wait_for(
            ws.process_events([Frame(Opcode.CLOSE, (1000).to_bytes(2, "big"))]), 5
        )
        with pytest.raises(OSError):
            await asyncio.wait_for(receiving, 5)
        assert not ws.recv_lock.locked()

    asyncio.run(scenario())


class _App:
    """What python-engineio's create_route needs of a Sanic app."""

    def __init__(self) -> None:
        self.routes: list[tuple[Any, str, list[str]]] = []
        self.websocket = False

    def add_route(self, handler: Any, uri: str, methods: list[str]) -> None:
        self.routes.append((handler, uri, methods))

    def enable_websocket(self) -> None:
        self.websocket = True


def test_only_our_server_gets_the_route_that_writes_nothing_after_a_websocket():
    from engineio.async_drivers import sanic as driver
    from socketio import AsyncServer

    sio = AsyncServer(async_mode="sanic")
    install(sio)
    app = _App()
    sio.attach(app, "/socket.io")

    assert sio.eio._async["websocket"] is SanicWebSocket
    assert driver._async["websocket"] is not SanicWebSocket  # shared by every server
    [(handler, uri, methods)] = app.routes
    assert uri == "/socket.io/" and set(methods) == {"GET", "POST", "OPTIONS"}
    # Sanic 21.12 writes no response for a handler marked so that returns None.
    assert handler.is_websocket is True
    assert app.websocket


class _ClientSocket:
    """python-engineio's AsyncSocket as far as the WebSocket wrapper sees it."""

    sid = "client-1"

    def __init__(self, error: Exception | None) -> None:
        self.upgrading = False
        self.upgraded = False
        self.error = error

    async def _websocket_handler(self, ws: Any) -> None:
        self.upgrading = True  # python-engineio: "hold packet sends during the upgrade"
        if self.error is not None:
            raise self.error
        self.upgrading, self.upgraded = False, True


class _Handshake:
    """A Sanic request whose protocol hands out a WebSocket that records its closing."""

    def __init__(self) -> None:
        self.closed = False
        self.transport = self

    def get_protocol(self) -> _Handshake:
        return self

    async def websocket_handshake(self, request: Any) -> _Handshake:
        return self

    async def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("error", [OSError("closed"), TypeError("Sanic")], ids=str)
def test_a_failed_probe_lets_the_client_poll_again_and_writes_nothing_more(error):
    socket, request = _ClientSocket(error), _Handshake()
    wrapper = SanicWebSocket(socket._websocket_handler, server=None)

    assert asyncio.run(wrapper({"sanic.request": request})) is None
    assert request.closed
    assert (socket.upgrading, socket.upgraded) == (False, False)


def test_a_completed_upgrade_stays_upgraded():
    socket, request = _ClientSocket(None), _Handshake()
    assert (
        asyncio.run(SanicWebSocket(socket._websocket_handler, None)({"sanic.request": request}))
        is None
    )
    assert (socket.upgrading, socket.upgraded) == (False, True)


def test_rasa_webchat_frames_have_only_the_keys_it_renders():
    """rasa-webchat 1.0.1 shows a message only if its keys are exactly
    ``text`` (and ``quick_replies``): no ``custom``, no ``time``."""
    greeting = widget_message({"text": "Guten Tag!", "buttons": GREETING_BUTTONS})
    assert webchat_frames({**greeting, "time": "2026-12-01T13:05:09Z"}) == [
        {"text": "Guten Tag!", "quick_replies": greeting["quick_replies"]}
    ]
    agent = widget_message(
        {
            "text": "Ich sehe nach.",
            "custom": {"agent": {"first_name": "Anna"}, "handoff": "started"},
        }
    )
    assert webchat_frames(agent) == [{"text": "**Anna (Service-Team):** Ich sehe nach."}]
    notice = widget_message(
        {"text": "Sie sind wieder in der Warteschlange.", "custom": {"handoff": "waiting"}}
    )
    assert webchat_frames(notice) == [{"text": "Sie sind wieder in der Warteschlange."}]
    assert webchat_frames(widget_message({"custom": {"handoff": "ended"}})) == []
    image = widget_message({"image": "https://example.org/a.png"})
    assert webchat_frames(image) == [image]
