"""Who may talk on the chat channels, and what odd input does to them, against
the real Rasa server and action server.

* REST: a token is required, a conversation token opens only its own
  conversation, so a verified conversation cannot be taken over by its id;
* a new session ends a verification, also in the database;
* invalid text gets a 4xx and stays out of the log;
* the API token is not on the Rasa server's command line;
* a property-based fuzz of the REST channel and the socket.io events: never a
  5xx, never a hang, and the server answers valid messages afterwards.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import requests
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Referrer
from channels.rest_auth import conversation_token
from tests.server.chat import WidgetClient, domain, joined, new_sender, response_texts, texts
from tests.trackers import tracker_state
from tools.servers import Bot, post_action

pytestmark = pytest.mark.server

CODE, EMAIL = "ASV-QUA567", "mehmet.yilmaz@example.de"
STATUS_PHRASE = "bis spätestens"  # in the status answer of this customer


@pytest.fixture(scope="module")
def last_name(demo_db_url: str) -> str:
    """The demo customer's surname, as the status answer shows it."""
    with session_scope(demo_db_url) as session:
        query = select(Referrer.last_name).where(Referrer.referral_code == CODE)
        return session.scalars(query).one()


def webhook(bot: Bot) -> str:
    return f"{bot.url}/webhooks/rest/webhook"


def shown(response: requests.Response) -> str:
    """What a response says, with JSON's ``\\u`` escapes undone."""
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.text


def verify(bot: Bot, sender: str, token: str | None = None) -> str:
    """Verify ``sender`` as the demo customer; the status answer."""
    bot.say(sender, "Wo bleibt meine Prämie?", {"program": "autosicher"}, token)
    bot.say(sender, CODE, token=token)
    answer = joined(bot.say(sender, EMAIL, token=token))
    assert STATUS_PHRASE in answer
    return answer


# --- a token is required ---------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer falsch-falsch-falsch"}, {"Authorization": "Basic YTpi"}],
    ids=["no-token", "wrong-token", "basic-auth"],
)
def test_rest_without_a_valid_token_gets_401_with_a_message(bot: Bot, headers) -> None:
    response = requests.post(
        webhook(bot), json={"sender": new_sender(), "message": "Hallo"}, headers=headers, timeout=30
    )
    assert response.status_code == 401
    assert "token" in response.text


def test_a_conversation_token_opens_its_own_conversation(bot: Bot) -> None:
    sender = new_sender()
    token = conversation_token(sender, bot.rest_jwt_secret)
    assert texts(bot.say(sender, "Wo bleibt meine Prämie?", token=token))[0] in response_texts(
        "utter_verification_intro"
    )


def test_a_conversation_token_for_another_sender_gets_403(bot: Bot) -> None:
    token = conversation_token(new_sender(), bot.rest_jwt_secret)
    response = bot.post_rest({"sender": new_sender(), "message": "Hallo"}, token)
    assert response.status_code == 403
    assert "another sender" in response.text


def test_a_verified_conversation_cannot_be_continued_by_its_id_alone(
    bot: Bot, last_name: str
) -> None:
    """The attack that worked before: a second client asks for the status with
    the sender id of a conversation someone else verified."""
    victim = new_sender()
    verify(bot, victim, conversation_token(victim, bot.rest_jwt_secret))
    question = {"sender": victim, "message": "Wo bleibt meine Prämie?"}

    anonymous = requests.post(webhook(bot), json=question, timeout=30)
    attacker_token = conversation_token(new_sender(), bot.rest_jwt_secret)
    with_own_token = bot.post_rest(question, attacker_token)

    assert (anonymous.status_code, with_own_token.status_code) == (401, 403)
    for response in (anonymous, with_own_token):
        assert STATUS_PHRASE not in shown(response) and last_name not in shown(response)


# --- a verification ends with the session ----------------------------------


def forged_status_call(sender: str, referrer_id: str) -> dict:
    """The action call Rasa makes for a status question, with the slots of a
    verified customer still set (as a forged or stale tracker would have them)."""
    slots = {"verification": "verified", "verified_referrer": referrer_id, "program": "autosicher"}
    return {
        "next_action": "action_reward_status",
        "sender_id": sender,
        "tracker": tracker_state(
            "Wo bleibt meine Prämie?", "ask_reward_status", slots, sender_id=sender
        ),
        "domain": domain(),
        "version": "3.6.21",
    }


def test_a_new_session_ends_the_verification_in_the_database(bot: Bot, last_name: str) -> None:
    sender = new_sender()
    verify(bot, sender)
    referrer_id = bot.tracker(sender)["slots"]["verified_referrer"]
    before = post_action(bot.action_url, bot.action_secret, forged_status_call(sender, referrer_id))
    assert last_name in shown(before)  # the record holds within the session

    bot.say(sender, "/restart")
    replies = bot.say(sender, "Wo bleibt meine Prämie?")  # runs action_session_start

    assert texts(replies)[0] in response_texts("utter_verification_intro")
    after = post_action(bot.action_url, bot.action_secret, forged_status_call(sender, referrer_id))
    assert after.status_code == 200
    (message,) = after.json()["responses"]
    assert message["response"] == "utter_ask_reward_status"
    assert last_name not in shown(after)


# --- invalid text ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    ["\ud800", "Hallo \udfff", "Hallo\x00", "\x1b[2J"],
    ids=["lone-high-surrogate", "lone-low-surrogate", "nul", "escape-sequence"],
)
def test_invalid_text_gets_a_4xx_and_never_reaches_the_log(bot: Bot, message: str) -> None:
    marker = f"marker-{uuid.uuid4().hex}"
    response = bot.post_rest({"sender": new_sender(), "message": f"{marker} {message}"})
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert "control characters" in response.text
    assert marker not in response.text
    assert marker not in Path(bot.rasa_log).read_text(encoding="utf-8", errors="replace")


def test_metadata_with_a_lone_surrogate_gets_a_4xx(bot: Bot) -> None:
    body = {"sender": new_sender(), "message": "Hallo", "metadata": {"program": "\ud800"}}
    assert bot.post_rest(body).status_code == 400


# --- secrets stay off the command line ---------------------------------------


def test_no_secret_is_on_the_rasa_servers_command_line(bot: Bot) -> None:
    cmdline = Path(f"/proc/{bot.pids['rasa']}/cmdline").read_bytes().decode()
    assert "bot.rasa_server" in cmdline  # the process that serves the API
    for secret in (bot.token, bot.rest_token, bot.rest_jwt_secret, bot.action_secret):
        assert secret not in cmdline


# --- fuzz ----------------------------------------------------------------------

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
senders = st.one_of(st.from_regex(r"[\w.:@+-]{1,40}", fullmatch=True), json_values)
messages = st.one_of(st.text(max_size=200), st.sampled_from(["Hallo", "/restart", ""]), json_values)
bodies = st.one_of(
    st.fixed_dictionaries(
        {"sender": senders, "message": messages},
        optional={"metadata": json_values, "input_channel": json_values, "stream": json_values},
    ),
    json_values,
)
# Header values requests can send: printable Latin-1 without line breaks.
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60).map(
    str.strip
)
header_names = st.from_regex(r"X-[A-Za-z0-9-]{1,20}", fullmatch=True)


def authorization(bot: Bot, kind: str, sender: object) -> dict[str, str]:
    own = sender if isinstance(sender, str) and sender else "nobody"
    return {
        "none": {},
        "channel": {"Authorization": f"Bearer {bot.rest_token}"},
        "own": {"Authorization": f"Bearer {conversation_token(own, bot.rest_jwt_secret)}"},
        "other": {"Authorization": f"Bearer {conversation_token('other', bot.rest_jwt_secret)}"},
        "garbage": {"Authorization": "Bearer x.y.z"},
    }[kind]


def assert_the_bot_still_answers(bot: Bot) -> None:
    assert texts(bot.say(new_sender(), "Wo bleibt meine Prämie?"))[0] in response_texts(
        "utter_verification_intro"
    )


def test_fuzzed_rest_requests_never_get_a_5xx_or_hang(bot: Bot) -> None:
    @FUZZ
    @given(
        body=bodies,
        raw=st.one_of(st.none(), st.binary(max_size=200)),
        auth=st.sampled_from(["none", "channel", "channel", "own", "other", "garbage"]),
        content_type=st.sampled_from(["application/json", "text/plain", "", "multipart/form-data"]),
        extra=st.dictionaries(header_names, header_values, max_size=3),
        stream=st.booleans(),
    )
    def request_is_answered(body, raw, auth, content_type, extra, stream) -> None:
        sender = body.get("sender") if isinstance(body, dict) else None
        headers = {**extra, **authorization(bot, auth, sender)}
        if content_type:
            headers["Content-Type"] = content_type
        data = raw if raw is not None else json.dumps(body).encode()
        response = requests.post(
            webhook(bot),
            data=data,
            headers=headers,
            params={"stream": "true"} if stream else {},
            timeout=30,  # a hang fails the example
        )
        assert response.status_code < 500, (response.status_code, response.text[:500])

    request_is_answered()
    assert_the_bot_still_answers(bot)


def test_fuzzed_socketio_events_never_take_the_server_down(bot: Bot) -> None:
    # A well-formed session id, so some fuzzed messages reach the bot.
    session_id = uuid.uuid4().hex
    fuzzer = socketio.Client(reconnection=False)
    fuzzer.connect(bot.url, transports=["polling"], wait_timeout=30)
    fuzzer.emit("session_request", {"session_id": session_id})
    payloads = st.one_of(
        json_values,
        st.binary(max_size=100),
        st.fixed_dictionaries(
            {},
            optional={
                "session_id": st.one_of(st.just(session_id), json_values),
                "message": st.one_of(st.text(max_size=300), json_values),
                "metadata": json_values,
                "customData": json_values,
                "display": json_values,
            },
        ),
    )

    @FUZZ
    @given(event=st.sampled_from(["session_request", "user_uttered"]), payload=payloads)
    def event_is_survived(event, payload) -> None:
        if not fuzzer.connected:  # the server may drop a client that sends garbage
            fuzzer.connect(bot.url, transports=["polling"], wait_timeout=30)
        fuzzer.emit(event, payload)
        assert requests.get(f"{bot.url}/", timeout=30).status_code == 200

    try:
        event_is_survived()
    finally:
        fuzzer.eio.disconnect(abort=True)  # as WidgetClient.close does
    client = WidgetClient(bot.url)
    try:
        client.request_session()
        assert client.say("Wo bleibt meine Prämie?")["text"] in response_texts(
            "utter_verification_intro"
        )
    finally:
        client.close()
    assert_the_bot_still_answers(bot)
