"""The widget's socket.io channel (channels/socketio.py) on a real Rasa server.

A python-socketio client plays the widget: it sends what web/static/widget/
sends, and the tracker (Rasa's HTTP API, with the token) shows what reached
the bot and its custom actions. Long polling, like the widget (the WebSocket
transport of Rasa 3.6's server fails, see docs/widget.md).
"""

from __future__ import annotations

import queue
import re
import uuid

import pytest
import requests

from tests.server.chat import response_texts

pytestmark = pytest.mark.server


def tracker(bot, session_id: str) -> dict:
    return bot.tracker(session_id)


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
    state = tracker(bot, client.session_id)
    assert state["latest_message"]["metadata"]["program"] == "autosicher"
    assert program_at_session_start(state) == "autosicher"
    assert state["slots"]["program"] == "autosicher"
    assert state["latest_input_channel"] == "socketio"


def test_rasa_webchat_custom_data_is_read_too(bot, widget):
    client = widget()
    client.request_session()
    client.say("Hallo", customData={"program": "funknetz"})
    state = tracker(bot, client.session_id)
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
    """The way the agent console (issue 4) can reply, also while the bot is paused."""
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
    texts = [e.get("text") for e in tracker(bot, client.session_id)["events"]]
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
