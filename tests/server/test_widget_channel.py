"""The widget's socket.io channel (channels/socketio.py) on a real Rasa server.

A python-socketio client plays the widget: it sends what web/static/widget/
sends, and the tracker (Rasa's HTTP API, with the token) shows what reached
the bot and its custom actions. That client polls (python-engineio's
WebSocket clients need packages newer than Rasa's); the WebSocket transport is
tested at the end, with socket.io-client in node and on the wire.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from bot.chat_contract import WEBCHAT_NAMESPACE
from tests.server.chat import once_stored, response_texts

pytestmark = pytest.mark.server


def tracker(bot, session_id: str, said: str | None = None) -> dict:
    """The conversation as Rasa stored it; with ``said``, once that turn is stored."""
    if said is None:
        return bot.tracker(session_id)
    return once_stored(lambda: bot.tracker(session_id), said)


def program_at_session_start(state: dict) -> str | None:
    """The program in ``session_started_metadata`` when the session started
    (the bot's action_session_start copies it into the slot ``program``; its
    SessionStarted then clears the metadata slot itself)."""
    for event in state["events"]:
        if event["event"] == "slot" and event["name"] == "session_started_metadata":
            return (event["value"] or {}).get("program")
    return None


def test_program_from_the_session_request_reaches_the_tracker(bot, widget):
    client = widget()
    assert client.request_session(metadata={"program": "autosicher"}) == []
    client.say("/greet")  # the widget's opening payload, no metadata of its own
    state = tracker(bot, client.session_id, said="/greet")
    assert state["latest_message"]["metadata"]["program"] == "autosicher"
    assert program_at_session_start(state) == "autosicher"
    assert state["slots"]["program"] == "autosicher"
    assert state["latest_input_channel"] == "socketio"


def test_rasa_webchat_custom_data_is_read_too(bot, widget):
    client = widget()
    client.request_session()
    client.say("Hallo", customData={"program": "funknetz"})
    state = tracker(bot, client.session_id, said="Hallo")
    assert state["latest_message"]["metadata"]["program"] == "funknetz"
    assert program_at_session_start(state) == "funknetz"
    assert state["slots"]["program"] == "funknetz"


def test_greeting_is_one_message_with_its_buttons(widget):
    client = widget()
    client.request_session(metadata={"program": "autosicher"})
    greeting = client.say("/greet")
    assert greeting["text"]
    titles = [button["title"] for button in greeting["quick_replies"]]
    assert "Wie funktioniert das Programm?" in titles


def test_a_reconnect_gets_the_history_with_titles_instead_of_payloads(widget):
    first = widget()
    first.request_session(metadata={"program": "sonnenstrom"})
    greeting = first.say("/greet")
    first.say("/ask_how_referral_works", display="Wie funktioniert das Programm?")
    first.close()

    again = widget()
    history = again.request_session(first.session_id, metadata={"program": "sonnenstrom"})
    assert again.session_id == first.session_id
    assert history[0]["sender"] == "bot" and history[0]["text"] == greeting["text"]
    assert history[1]["sender"] == "user"
    assert history[1]["text"] == "Wie funktioniert das Programm?"
    # Each message carries its time (UTC), shown in the customer's local time.
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["time"]) for m in history)
    assert history[2]["sender"] == "bot"
    assert all(not m["text"].startswith("/") for m in history if m["sender"] == "user")


def test_unknown_or_guessable_session_ids_get_a_fresh_one(widget):
    client = widget()
    assert client.request_session("kunde-1") == []
    assert client.session_id != "kunde-1" and len(client.session_id) == 32


def test_second_tab_sees_the_customers_messages_and_the_answers(widget):
    tab1, tab2 = widget(), widget()
    tab1.request_session(metadata={"program": "autosicher"})
    tab2.request_session(tab1.session_id, metadata={"program": "autosicher"})
    tab1.say("Hallo")
    assert tab2.next("user_echo") == {"text": "Hallo"}
    assert tab2.next("bot_uttered")["text"]


def test_an_agent_message_from_the_http_api_reaches_the_widget(bot, widget):
    """The way the agent console replies (web/rasa_client.py), also while the bot is paused."""
    client = widget()
    client.request_session(metadata={"program": "autosicher"})
    client.say("/greet")
    events = [
        {"event": "pause"},
        {
            "event": "bot",
            "text": "Guten Tag, hier ist Anna vom Service-Team. Wie kann ich helfen?",
            "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
        },
    ]
    response = requests.post(
        f"{bot.url}/conversations/{client.session_id}/tracker/events",
        params={"token": bot.token, "output_channel": "socketio", "execute_side_effects": "true"},
        json=events,
        timeout=30,
    )
    assert response.status_code == 200, response.text
    message = client.next("bot_uttered")
    assert message["custom"] == {"agent": {"first_name": "Anna"}, "handoff": "started"}
    assert message["text"].startswith("Guten Tag, hier ist Anna")
    assert message["time"].endswith("Z")

    # Paused: the customer's message reaches the tracker, the bot stays silent.
    client.sio.emit("user_uttered", {"message": "Danke!", "session_id": client.session_id})
    with pytest.raises(queue.Empty):
        client.next("bot_uttered", timeout=5)
    texts = [e.get("text") for e in tracker(bot, client.session_id, said="Danke!")["events"]]
    assert "Danke!" in texts

    history = widget().request_session(client.session_id)
    assert history[-2]["custom"]["agent"]["first_name"] == "Anna"
    assert (history[-1]["sender"], history[-1]["text"]) == ("user", "Danke!")


def test_messages_without_valid_session_id_or_text_do_not_reach_the_bot(bot, widget):
    client = widget()
    client.request_session()
    sender = uuid.uuid4().hex
    client.sio.emit("user_uttered", {"message": "Hallo", "session_id": "kunde-1"})
    client.sio.emit("user_uttered", {"message": {"x": 1}, "session_id": sender})
    client.sio.emit("user_uttered", {"message": "x" * 20_001, "session_id": sender})
    assert client.next("bot_error")["reason"] == "invalid_payload"
    assert client.next("bot_uttered")["text"] in response_texts("utter_message_too_long")
    assert client.say("Hallo")["text"]  # the channel still works
    response = requests.get(
        f"{bot.url}/conversations/{sender}/tracker", params={"token": bot.token}, timeout=30
    )
    assert not [e for e in response.json()["events"] if e["event"] == "user"]


def test_user_uttered_without_data_gets_an_error_event_not_a_type_error(bot, widget):
    client = widget()
    client.request_session()

    client.sio.emit("user_uttered")

    error = client.next("bot_error")
    assert error["reason"] == "invalid_payload"
    assert error["message"] in response_texts("utter_message_unreadable")
    assert client.say("Hallo")["text"]
    assert "TypeError" not in bot.rasa_log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize(
    "text",
    ["Zitronenfalter4711 \ud800 mehr", "Zitronenfalter4711\x00", "Zitronenfalter4711\x1b[31m"],
    ids=["lone_surrogate", "nul", "escape"],
)
def test_invalid_text_gets_an_error_event_and_is_never_logged(bot, widget, text):
    client = widget()
    client.request_session()

    client.sio.emit("user_uttered", {"message": text, "session_id": client.session_id})

    error = client.next("bot_error")
    assert error["reason"] == "invalid_text"
    assert error["message"] in response_texts("utter_message_unreadable")
    assert client.say("Hallo")["text"]  # answered after the refused message
    assert "Zitronenfalter4711" not in bot.rasa_log.read_text(encoding="utf-8", errors="replace")
    events = bot.tracker(client.session_id)["events"]
    assert not [e for e in events if "Zitronenfalter4711" in str(e.get("text"))]


def test_a_message_over_the_length_limit_gets_a_polite_answer(widget):
    client = widget()
    client.request_session()

    answer = client.say("Bitte lesen: " + "x" * 100_000)

    assert answer["text"] in response_texts("utter_message_too_long")


# ---------------------------------------------------------------------------
# WebSocket transport (channels/engineio_sanic.py, docs/widget.md "WebSocket")

WEB = Path(__file__).resolve().parents[2] / "web"

# A stock socket.io client (socket.io-client from web/node_modules, as in the
# widget) with its default transports: long polling, then the upgrade to
# WebSocket. Greets once the upgrade is done and reports the bot's answer.
STOCK_CLIENT = """
const { io } = require("socket.io-client");
const socket = io(process.env.BOT_URL, { reconnection: false });
let upgraded = null;
let sessionId = null;
const engine = () => socket.io.engine;
const report = (result) => {
  console.log(JSON.stringify(result));
  socket.disconnect();
  process.exit(0);
};
socket.io.on("open", () => engine().on("upgrade", (transport) => { upgraded = transport.name; }));
socket.on("connect", () => socket.emit("session_request", { session_id: null }));
socket.on("session_confirm", (id) => { sessionId = id; });
socket.on("session_history", () => {
  const started = Date.now();
  const greet = () => {
    if (!upgraded && Date.now() - started < 10000) { setTimeout(greet, 100); return; }
    socket.emit("user_uttered", { message: "/greet", session_id: sessionId });
  };
  greet();
});
socket.on("bot_uttered", (message) => report({
  transport: engine().transport.name,
  upgraded: upgraded,
  text: message.text || null,
  buttons: (message.quick_replies || []).map((button) => button.title),
}));
socket.on("connect_error", (error) => report({ error: error.message }));
setTimeout(() => report({ timeout: true, transport: engine().transport.name }), 45000);
"""


def test_a_stock_socketio_client_upgrades_to_websocket_and_gets_the_answer(bot):
    node = shutil.which("node")
    if node is None or not (WEB / "node_modules" / "socket.io-client").is_dir():
        pytest.fail("node and web/node_modules are missing: run `make web-deps` first")
    run = subprocess.run(
        [node, "-e", STOCK_CLIENT],
        cwd=WEB,
        env={**os.environ, "BOT_URL": bot.url},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert (result.get("upgraded"), result.get("transport")) == ("websocket", "websocket"), result
    assert result["text"]
    assert "Wie funktioniert das Programm?" in result["buttons"]


# The raw protocol, to see every byte the server writes on the WebSocket.


def _poll_handshake(bot) -> str:
    """Opens an Engine.IO session by long polling, joins the namespace; its sid."""
    url = f"{bot.url}/socket.io/"
    opened = requests.get(url, params={"EIO": "4", "transport": "polling"}, timeout=10)
    sid = json.loads(opened.text[1:])["sid"]
    params = {"EIO": "4", "transport": "polling", "sid": sid}
    assert requests.post(url, params=params, data="40", timeout=10).text == "OK"
    assert requests.get(url, params=params, timeout=10).text.startswith("40")
    return sid


def _open_websocket(bot, sid: str) -> socket.socket:
    """The client's WebSocket handshake (RFC 6455) for the session ``sid``."""
    parts = urlsplit(bot.url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /socket.io/?EIO=4&transport=websocket&sid={sid} HTTP/1.1\r\n"
            f"Host: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, head
        head += chunk
    assert head.startswith(b"HTTP/1.1 101 "), head
    assert head.endswith(b"\r\n\r\n"), "frames before the client spoke"
    return sock


TEXT, CLOSE = 0x1, 0x8


def _send_frame(sock: socket.socket, opcode: int, payload: bytes) -> None:
    """One masked frame from the client (payload under 126 bytes)."""
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)


def _frames(data: bytes) -> list[tuple[int, bytes]]:
    """The server's frames in ``data``; fails on anything that is not one
    (e.g. an HTTP response after the close frame: "Invalid frame header")."""
    frames, i = [], 0
    while i < len(data):
        first, second = data[i], data[i + 1] if i + 1 < len(data) else 0
        opcode, length = first & 0x0F, second & 0x7F
        valid = first & 0x70 == 0 and opcode in (0, 1, 2, 8, 9, 10) and not second & 0x80
        assert valid and i + 2 <= len(data), f"not a WebSocket frame: {data[i : i + 40]!r}"
        i += 2
        if length == 126:
            length, i = int.from_bytes(data[i : i + 2], "big"), i + 2
        elif length == 127:
            length, i = int.from_bytes(data[i : i + 8], "big"), i + 8
        frames.append((opcode, data[i : i + length]))
        i += length
    return frames


def _read_until_closed(sock: socket.socket, data: bytes = b"") -> list[tuple[int, bytes]]:
    """The frames of ``data`` and of everything the server writes until it
    closes the TCP connection."""
    while chunk := sock.recv(65536):
        data += chunk
    sock.close()
    return _frames(data)


def _text_frames(frames: list[tuple[int, bytes]]) -> list[str]:
    return [payload.decode() for opcode, payload in frames if opcode == TEXT]


def test_a_websocket_upgrade_completes_and_nothing_but_frames_follows_its_close(bot):
    sid = _poll_handshake(bot)
    ws = _open_websocket(bot, sid)
    _send_frame(ws, TEXT, b"2probe")
    _send_frame(ws, TEXT, b"5")  # the upgrade
    _send_frame(ws, TEXT, b'42["session_request",{"session_id":null}]')
    ws.settimeout(30)
    received = b""
    while b"session_history" not in received:
        chunk = ws.recv(65536)
        assert chunk, received
        received += chunk
    # The session has moved to the WebSocket: long polling is refused now.
    refused = requests.get(
        f"{bot.url}/socket.io/",
        params={"EIO": "4", "transport": "polling", "sid": sid},
        timeout=10,
    )
    assert refused.status_code == 400
    _send_frame(ws, CLOSE, (1000).to_bytes(2, "big"))
    frames = _read_until_closed(ws, received)
    texts = _text_frames(frames)
    assert texts[0] == "3probe"
    assert any(text.startswith('42["session_confirm"') for text in texts), texts
    assert frames[-1][0] == CLOSE


def test_a_failed_websocket_upgrade_falls_back_to_long_polling(bot):
    """The client gives up on the WebSocket before the probe: the server writes
    only a close frame, and long polling brings the messages again instead of
    NOOP packets forever (rasa-webchat: 8,100 requests in 28 s)."""
    sid = _poll_handshake(bot)
    ws = _open_websocket(bot, sid)
    _send_frame(ws, CLOSE, (1001).to_bytes(2, "big"))
    assert {opcode for opcode, _ in _read_until_closed(ws)} <= {CLOSE}

    url = f"{bot.url}/socket.io/"
    params = {"EIO": "4", "transport": "polling", "sid": sid}
    sent = requests.post(
        url, params=params, data='42["session_request",{"session_id":null}]', timeout=10
    )
    assert sent.text == "OK"
    payloads = []
    for _ in range(5):
        payloads += requests.get(url, params=params, timeout=40).text.split("\x1e")
        if any(p.startswith('42["session_history"') for p in payloads):
            break
    assert any(p.startswith('42["session_confirm"') for p in payloads), payloads
    assert any(p.startswith('42["session_history"') for p in payloads), payloads


class WebchatClient:
    """A socket.io client that speaks rasa-webchat 1.0.1's protocol on the
    channel's rasa-webchat namespace: ``session_request`` with only
    ``session_id``, messages with ``customData``."""

    def __init__(self, url: str) -> None:
        import socketio

        self.events: queue.Queue[tuple[str, object]] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        for name in ("session_confirm", "session_history", "bot_uttered", "bot_error"):
            self.sio.on(name, self._recorder(name), namespace=WEBCHAT_NAMESPACE)
        self.sio.connect(
            url, namespaces=[WEBCHAT_NAMESPACE], transports=["polling"], wait_timeout=30
        )
        self.sio.emit("session_request", {"session_id": None}, namespace=WEBCHAT_NAMESPACE)
        self.session_id = self.next("session_confirm")

    def _recorder(self, name: str):
        return lambda data=None: self.events.put((name, data))

    def next(self, name: str, timeout: float = 60) -> object:
        while True:
            event, data = self.events.get(timeout=timeout)
            if event == name:
                return data

    def say(self, text: str | None) -> None:
        self.sio.emit(
            "user_uttered",
            {
                "message": text,
                "customData": {"program": "autosicher"},
                "session_id": self.session_id,
            },
            namespace=WEBCHAT_NAMESPACE,
        )


@pytest.fixture
def webchat(bot):
    clients: list[WebchatClient] = []
    yield lambda: clients.append(WebchatClient(bot.url)) or clients[-1]
    for client in clients:
        client.sio.disconnect()


def test_rasa_webchat_gets_frames_it_renders_with_the_agents_name(bot, webchat):
    """rasa-webchat shows a bot_uttered only if its keys are exactly ``text``
    (plus ``quick_replies``): the replies, an agent's message and a refusal
    arrive in that shape on its namespace."""
    client = webchat()
    assert isinstance(client.session_id, str) and len(client.session_id) == 32
    with pytest.raises(queue.Empty):  # it keeps its own history
        client.next("session_history", timeout=2)
    client.say("/greet")
    greeting = client.next("bot_uttered")
    assert set(greeting) == {"text", "quick_replies"}, greeting
    assert "Wie funktioniert das Programm?" in [b["title"] for b in greeting["quick_replies"]]
    assert tracker(bot, client.session_id, said="/greet")["slots"]["program"] == "autosicher"

    response = requests.post(
        f"{bot.url}/conversations/{client.session_id}/tracker/events",
        params={"token": bot.token, "output_channel": "socketio", "execute_side_effects": "true"},
        json=[
            {"event": "pause"},
            {
                "event": "bot",
                "text": "Guten Tag, hier ist Anna.",
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
            },
        ],
        timeout=30,
    )
    assert response.status_code == 200, response.text
    agent = client.next("bot_uttered")
    assert agent == {"text": "**Anna (Service-Team):** Guten Tag, hier ist Anna."}

    client.say(None)  # no text: refused, as the bot's text (rasa-webchat knows no bot_error)
    refusal = client.next("bot_uttered")
    assert set(refusal) == {"text"} and refusal["text"]
