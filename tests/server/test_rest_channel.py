"""The bot answers over Rasa's REST channel, with a real Rasa server and action server."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from bot.db import make_engine
from bot.db import tracker_events as events
from bot.retention import prune
from bot.topics import CLARIFY_PROMPTS, DEFAULT_TOPICS
from tests.server.chat import domain, kb_text, new_sender, response_texts, texts
from tests.trackers import fallback_tracker_state
from tools.servers import post_action

pytestmark = pytest.mark.server


@pytest.mark.parametrize(
    ("message", "entry"),
    [
        ("Warum braucht ihr meine Daten?", "data_why"),
        ("Kann ich statt dem Netflix-Abo Geld bekommen?", "cash_conversion"),
        ("Ich habe einen Glasschaden", "brand_contact"),
    ],
)
def test_common_questions_get_the_fitting_answer(bot, demo_db_url, message, entry):
    replies = bot.say(new_sender(), message, metadata={"program": "funknetz"})
    assert texts(replies)[0] == kb_text(demo_db_url, entry, "funknetz")


def test_a_reward_question_starts_the_verification(bot):
    replies = bot.say(new_sender(), "Wo bleibt meine Prämie?")
    assert texts(replies)[0] in response_texts("utter_verification_intro")


def test_umlauts_survive_the_round_trip(bot, demo_db_url):
    replies = bot.say(new_sender(), "Was passiert mit meinen Daten?", {"program": "autosicher"})
    expected = kb_text(demo_db_url, "data_why", "autosicher")
    assert "ä" in expected and "ü" in expected and "€" in expected
    assert replies[0]["text"] == expected


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "Prämie " * 1700,  # about 10,000 characters
        "🤔🤔🎁❓",
        "<script>alert('x')</script><b>Hallo</b>",
        "'; DROP TABLE referrals; --",
        "\u200b\t\r\n",
    ],
    ids=["empty", "blank", "10k-chars", "emoji", "html", "sql", "zero-width-and-line-breaks"],
)
def test_odd_messages_get_a_polite_answer(bot, message):
    """Which answer depends on the model; it is always one the bot has ready
    (a response of the domain or a clarification), never the input echoed."""
    said = [reply["text"] for reply in bot.say(new_sender(), message) if "text" in reply]
    ready = {variant["text"] for variants in domain()["responses"].values() for variant in variants}
    assert said, "the bot must answer"
    for text in said:
        assert text in ready | set(CLARIFY_PROMPTS)


@pytest.mark.parametrize("message", ["", "   "], ids=["empty", "blank"])
def test_an_empty_message_is_asked_back_with_the_default_topics(bot, message):
    """No words, no guess: the usual topics, not whichever has the most examples."""
    replies = bot.say(new_sender(), message)
    assert replies[0]["text"] in CLARIFY_PROMPTS
    payloads = [button["payload"] for button in replies[0]["buttons"]]
    assert payloads == [f"/{topic}" for topic in DEFAULT_TOPICS] + ["/request_human"]


def test_two_stage_fallback_clarifies_then_offers_a_person(bot):
    """The dialogue path; which texts end in nlu_fallback depends on the model."""
    sender = new_sender()
    first = bot.say(sender, "/nlu_fallback")
    assert first[0]["text"] in CLARIFY_PROMPTS
    payloads = [button["payload"] for button in first[0]["buttons"]]
    assert payloads[-1] == "/request_human" and len(payloads) == 4

    second = bot.say(sender, "/nlu_fallback")
    assert second[0]["text"] in response_texts("utter_offer_human")

    # action_handoff: queued for a person, or (nobody online) an e-mail reply
    # offered; tests/server/test_handoff.py checks both.
    third = bot.say(sender, "ja")
    assert "Service-Team" in third[0]["text"]


def test_action_server_builds_clarification_from_the_ranking(bot):
    """The real rasa-sdk webhook, called with the payload Rasa sends it."""
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_data_privacy", "confidence": 0.31},
        {"name": "brand_inquiry", "confidence": 0.22},
    ]
    payload = {
        "next_action": "action_clarify",
        "sender_id": new_sender(),
        "version": "3.6.21",
        "domain": domain(),
        "tracker": fallback_tracker_state("prämie daten vertrag?", ranking),
    }
    response = post_action(bot.action_url, bot.action_secret, payload)
    assert response.status_code == 200, response.text
    (message,) = response.json()["responses"]
    assert message["text"] in CLARIFY_PROMPTS
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_data_privacy",
        "/brand_inquiry",
        f"/{DEFAULT_TOPICS[0]}",
        "/request_human",
    ]


def test_action_server_rejects_unknown_actions(bot):
    response = post_action(
        bot.action_url, bot.action_secret, {"next_action": "action_does_not_exist", "tracker": {}}
    )
    assert 400 <= response.status_code < 500


def test_clarification_button_payload_answers_the_topic(bot, demo_db_url):
    replies = bot.say(new_sender(), "/ask_how_referral_works", {"program": "sonnenstrom"})
    assert replies[0]["text"] == kb_text(demo_db_url, "how_it_works", "sonnenstrom")


def test_complaint_lets_the_customer_vent_then_thanks(bot):
    sender = new_sender()
    first = bot.say(sender, "Ich bin echt sauer, das ist doch eine Frechheit mit euch")
    assert first[0]["text"] in response_texts("utter_complaint")
    second = bot.say(sender, "Seit Monaten warte ich und niemand meldet sich, total enttäuschend")
    assert second[0]["text"].startswith("Danke, dass Sie uns das so offen schildern.")


def test_http_api_needs_the_token(bot):
    sender = new_sender()
    bot.say(sender, "Hallo")
    denied = requests.get(f"{bot.url}/conversations/{sender}/tracker", timeout=10)
    assert denied.status_code == 401
    assert bot.tracker(sender)["sender_id"] == sender


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("not json", "application/json"),
        ('{"sender": "x"}', "application/json"),
        ('{"message": 42, "sender": "x"}', "application/json"),
        ("[1, 2]", "application/json"),
        ('{"message": "Hallo"}', "application/json"),
        ('{"message": "Hallo", "sender": "a b/../c"}', "application/json"),
        ('{"message": "' + "x" * 20_001 + '", "sender": "x"}', "application/json"),
        ('{"message": "Hallo \\u0000", "sender": "x"}', "application/json"),
        ('{"message": "Hallo \\ud800", "sender": "x"}', "application/json"),
        ('{"message": "Hallo", "sender": "x", "metadata": [1]}', "application/json"),
    ],
    ids=[
        "not-json",
        "no-message",
        "message-not-text",
        "json-array",
        "no-sender",
        "bad-sender",
        "too-long",
        "control-character",
        "lone-surrogate",
        "metadata-not-an-object",
    ],
)
def test_malformed_requests_get_a_4xx_with_a_message(bot, body, content_type):
    response = requests.post(
        f"{bot.url}/webhooks/rest/webhook",
        data=body.encode(),
        headers={"Content-Type": content_type, "Authorization": f"Bearer {bot.rest_token}"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.text.strip()


def test_conversations_are_stored_in_the_database(bot, demo_db_url):
    """The tracker store is the project's database (endpoints.yml), not memory:
    a conversation survives a restart and the retention command finds it."""
    sender = new_sender()
    bot.say(sender, "Wie funktioniert das Empfehlungsprogramm?")
    engine = make_engine(demo_db_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                select(events.c.type_name).where(events.c.sender_id == sender)
            ).scalars()
            kinds = list(stored)
    finally:
        engine.dispose()
    assert "session_started" in kinds
    assert kinds.count("user") == 1
    assert "bot" in kinds
    assert prune(demo_db_url, days=1, dry_run=True).events_deleted == 0
