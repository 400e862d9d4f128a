"""The production profile serves through nginx with several Rasa processes:
REST turns are spread over them, an agent's reply reaches a socket that sits
on another process (socket.io over Redis), long polling stays on the process
that owns its engine.io session (the stock socket.io client with default
transports: test_widget_browser.py)."""

from __future__ import annotations

import queue
import uuid
from functools import partial

import pytest

from tests.prod.conftest import PROD_MARKS, RASA_PORTS, Profile, rasa_url, user_texts
from tests.server.chat import WidgetClient, once_stored

pytestmark = PROD_MARKS


def test_rest_conversations_through_nginx_are_answered_by_both_rasa_processes(
    profile: Profile,
) -> None:
    offset = profile.log_offset()
    senders = [f"prod-rest-{uuid.uuid4().hex[:10]}" for _ in range(8)]
    for sender in senders:
        response = profile.post_rest(sender, "Hallo")
        assert response.status_code == 200, response.text
        assert response.json(), f"no answer for {sender}"
    served = profile.upstreams_since(offset, "/webhooks/rest/webhook")
    assert len(served) == len(senders)
    assert {f"127.0.0.1:{port}" for port in RASA_PORTS.values()} == set(served), served


def _drain(client: WidgetClient, quiet_s: float = 3) -> None:
    """Read the rest of the bot's turn until nothing arrives for ``quiet_s``."""
    while True:
        try:
            client.events.get(timeout=quiet_s)
        except queue.Empty:
            return


def _node(client: WidgetClient) -> str:
    """The Rasa process that owns the client's engine.io session (its sid prefix)."""
    node, _, _ = client.sio.eio.sid.partition(".")
    assert node in RASA_PORTS, client.sio.eio.sid
    return node


def test_an_agent_reply_reaches_a_socket_that_sits_on_the_other_rasa_process(
    profile: Profile,
) -> None:
    client = WidgetClient(profile.url)
    try:
        client.request_session(metadata={"program": "autosicher"})
        first = client.say("Hallo")
        assert first.get("text"), first
        _drain(client)
        other = next(node for node in RASA_PORTS if node != _node(client))
        agent_text = "Guten Tag, hier ist Anna vom Service-Team."
        response = profile.post_events(
            rasa_url(other),
            client.session_id,
            [
                {"event": "pause"},
                {"event": "bot", "text": agent_text, "data": {"custom": {"handoff": "started"}}},
                {"event": "resume"},
            ],
        )
        assert response.status_code == 200, response.text
        message = client.next("bot_uttered", timeout=30)
        assert message["text"] == agent_text
        # Exactly once, although both processes heard of it.
        with pytest.raises(queue.Empty):
            client.next("bot_uttered", timeout=5)
    finally:
        client.close()


def test_long_polling_stays_on_the_process_that_owns_the_session(profile: Profile) -> None:
    offset = profile.log_offset()
    clients = [WidgetClient(profile.url) for _ in range(4)]
    try:
        for client in clients:
            client.request_session(metadata={"program": "autosicher"})
        for client in clients:
            assert client.say("Hallo").get("text")
            assert client.say("Wo bleibt meine Prämie?").get("text")
        nodes = {_node(client) for client in clients}
        assert nodes == set(RASA_PORTS), nodes
        for client in clients:
            said = ["Hallo", "Wo bleibt meine Prämie?"]
            tracker = once_stored(partial(profile.tracker, client.session_id), said[-1])
            assert user_texts(tracker)[-2:] == said
    finally:
        for client in clients:
            client.close()
    # Every request of an established session went to its own process: no
    # 400 "Invalid session" from a process that does not know the sid.
    socket_lines = [line for line in profile.log_since(offset) if "/socket.io/" in line]
    assert socket_lines
    assert not [line for line in socket_lines if '" 400 ' in line], socket_lines
