"""Every database-backed action answers politely when the database is down:
through the real action server's webhook with real Rasa payloads, and in
conversations with a Rasa server whose action server has no database (the
conversations themselves are kept in a database of their own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.server.chat import domain, new_sender, response_texts
from tests.trackers import tracker_state
from tools.nlu_eval import latest_model
from tools.servers import ActionServer, Bot, running_action_server, running_bot

pytestmark = pytest.mark.server

VERIFIED = {"verification": "verified", "verified_referrer": "1", "program": "autosicher"}


@pytest.fixture(scope="module")
def broken_action_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    """An action server whose database cannot be opened."""
    workdir = tmp_path_factory.mktemp("db-down")
    broken = f"sqlite:///{workdir / 'missing-folder' / 'referral.db'}"
    with running_action_server(workdir, {"DATABASE_URL": broken}) as server:
        yield server


@pytest.fixture(scope="module")
def bot_without_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """Rasa and an action server whose database cannot be opened; Rasa keeps
    the conversations in a database of its own (TRACKER_DATABASE_URL)."""
    workdir = tmp_path_factory.mktemp("db-down-bot")
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'missing-folder' / 'referral.db'}",
        "TRACKER_DATABASE_URL": f"sqlite:///{workdir / 'conversations.db'}",
    }
    with running_bot(latest_model(), workdir, env=env) as running:
        yield running


def call(server: ActionServer, action: str, tracker: dict) -> requests.Response:
    payload = {
        "next_action": action,
        "sender_id": tracker["sender_id"],
        "tracker": tracker,
        "domain": domain(),
        "version": "3.6.21",
    }
    return server.call(payload)


@pytest.mark.parametrize(
    ("action", "intent", "slots"),
    [
        ("action_reward_status", "ask_reward_status", VERIFIED),
        ("action_reward_mail", "reward_mail_missing", VERIFIED),
        ("action_resend_reward", "affirm", {**VERIFIED, "resend_reward": "1"}),
        ("action_answer_pending", "inform", {**VERIFIED, "pending_request": "reward_status"}),
        ("action_answer_question", "demand_higher_reward", {"program": "autosicher"}),
        ("action_explain_why", "ask_why", {"program": "autosicher", "kb_entry": "waiting_period"}),
        ("action_record_complaint", "complaint", {"program": "autosicher"}),
        ("action_data_rights_ticket", "request_data_rights", VERIFIED),
    ],
)
def test_action_apologises_and_offers_a_person(broken_action_url, action, intent, slots):
    response = call(broken_action_url, action, tracker_state("Hallo?", intent, slots))
    assert response.status_code == 200, response.text
    (message,) = response.json()["responses"]
    # The domain's response as it stands: no text or buttons of the action's own.
    assert message["response"] == "utter_database_unavailable"
    assert message["text"] is None and message["buttons"] == []


def actions_run(bot: Bot, sender: str) -> list[str]:
    return [e["name"] for e in bot.tracker(sender)["events"] if e["event"] == "action"]


def assert_apology(replies: list[dict]) -> None:
    """What the customer reads: the apology with the button to a person."""
    (reply,) = replies
    assert reply["text"] in response_texts("utter_database_unavailable")
    assert [button["payload"] for button in reply["buttons"]] == ["/request_human"]


@pytest.mark.parametrize(
    ("messages", "action"),
    [
        (
            ["Wo bleibt meine Prämie?", "ASV-QUA567 mehmet.yilmaz@example.de"],
            "action_answer_pending",
        ),
        (["Ich will die doppelte Prämie als Entschädigung!"], "action_answer_question"),
        (
            [
                "Das ist eine absolute Frechheit, ich beschwere mich!",
                "Ich warte seit Monaten auf meine Prämie und niemand antwortet",
            ],
            "action_record_complaint",
        ),
    ],
    ids=["reward-status", "knowledge-question", "complaint"],
)
def test_the_customer_is_told_and_offered_a_person(bot_without_database, messages, action):
    bot, sender = bot_without_database, new_sender()
    for message in messages:
        replies = bot.say(sender, message, metadata={"program": "autosicher"})
    assert_apology(replies)
    assert actions_run(bot, sender)[-2:] == [action, "action_listen"]


def test_a_person_is_not_offered_when_the_queue_is_down(bot_without_database):
    bot, sender = bot_without_database, new_sender()
    (reply,) = bot.say(sender, "Mitarbeiter bitte", {"program": "autosicher"})
    assert reply["text"] in response_texts("utter_handoff_unavailable")
    assert "buttons" not in reply
    assert "action_handoff" in actions_run(bot, sender)
    assert not bot.tracker(sender)["paused"]


def test_verification_form_stops_and_reports_the_error(broken_action_url):
    tracker = tracker_state(
        "ASV-QUA567 mehmet.yilmaz@example.de",
        "inform",
        active_loop="verification_form",
        slot_events={"referral_code": "ASV-QUA567", "email": "mehmet.yilmaz@example.de"},
    )
    response = call(broken_action_url, "validate_verification_form", tracker)
    assert response.status_code == 200, response.text
    events = {e["name"]: e["value"] for e in response.json()["events"] if e["event"] == "slot"}
    assert events["verification_error"] is True
    assert events["requested_slot"] is None  # the form ends; action_answer_pending apologises


def test_session_start_survives_silently(broken_action_url):
    tracker = tracker_state("", "session_start")
    tracker["slots"]["session_started_metadata"] = {"program": "sonnenstrom"}
    response = call(broken_action_url, "action_session_start", tracker)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["responses"] == []
    assert {"event": "session_started"}.items() <= body["events"][0].items()
    program = [e["value"] for e in body["events"] if e.get("name") == "program"]
    assert program == ["sonnenstrom"]


def test_handoff_without_database_says_so_instead_of_looping(broken_action_url):
    """No queue without the database: no "talk to a person" button that would
    lead straight back here, and the bot is not paused."""
    response = call(
        broken_action_url, "action_handoff", tracker_state("Mitarbeiter bitte", "request_human")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["response"] for m in body["responses"]] == ["utter_handoff_unavailable"]
    assert not any(e["event"] == "pause" for e in body["events"])


def test_hand_back_resumes_the_bot_even_without_database(broken_action_url):
    response = call(broken_action_url, "action_handoff_back", tracker_state("", "request_human"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["response"] for m in body["responses"]] == ["utter_handoff_back", "utter_ask_rating"]
    assert body["responses"][0]["custom"] == {"handoff": "ended"}
    assert body["responses"][1]["buttons"][0]["payload"] == '/rate{"rating": "5"}'
    assert [e["event"] for e in body["events"]] == ["resume", "action"]


def test_callback_ticket_apologises(broken_action_url):
    response = call(
        broken_action_url, "action_callback_ticket", tracker_state("ja", "affirm", VERIFIED)
    )
    assert response.status_code == 200, response.text
    assert [m["response"] for m in response.json()["responses"]] == ["utter_database_unavailable"]


@pytest.mark.parametrize(
    ("action", "response_name"),
    [
        ("action_handoff_timed_out", "utter_database_unavailable"),
        ("action_handoff_cancelled", "utter_handoff_cancelled"),
    ],
)
def test_the_end_of_a_wait_resumes_the_bot_even_without_database(
    broken_action_url, action, response_name
):
    response = call(broken_action_url, action, tracker_state("", "request_human", VERIFIED))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [m["response"] for m in body["responses"]] == [response_name]
    assert body["responses"][0]["custom"] == {"handoff": "ended"}
    assert [e["event"] for e in body["events"]] == ["resume", "action"]
