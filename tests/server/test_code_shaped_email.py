"""A customer whose e-mail address holds something shaped like a code
(``renate.weber1973@…``: ``web`` + ``er1973``) verifies like everyone else,
with code and address in one message or in two, and afterwards the
conversation keeps neither; the attempt is counted for the caller's client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import VerificationAttempt
from tests.server.chat import joined, new_sender, response_texts, texts

pytestmark = pytest.mark.server

# A population customer of the demo data (seed 42), the same for any date.
CODE, EMAIL = "ASV-9K7RD5", "renate.weber1973@example.com"
FAILURE_RESPONSES = (
    "utter_verification_mismatch",
    "utter_verification_mismatch_last",
    "utter_verification_locked",
    "utter_invalid_referral_code",
    "utter_verification_wait",
)


def _assert_verified_and_forgotten(bot, sender: str, answer: list[dict]) -> None:
    said = joined(answer)
    for name in FAILURE_RESPONSES:
        for text in response_texts(name):
            assert text.split("{")[0] not in said, name
    assert "Weber" in said  # the status answer addresses the customer
    slots = bot.tracker(sender)["slots"]
    assert slots["verification"] == "verified"
    assert slots["referral_code"] is None and slots["email"] is None


def test_code_and_code_shaped_email_in_one_message(bot, demo_db_url) -> None:
    sender = new_sender()
    bot.say(
        sender,
        "Wo bleibt meine Prämie?",
        # A client cannot choose its own client key: the channel sets it.
        metadata={"program": "autosicher", "client": "0" * 32},
    )
    answer = bot.say(sender, f"Mein Code ist {CODE}, meine Mail {EMAIL}")
    _assert_verified_and_forgotten(bot, sender, answer)
    with session_scope(demo_db_url) as session:
        clients = session.scalars(
            select(VerificationAttempt.client_key).where(
                VerificationAttempt.conversation_id == sender
            )
        ).all()
    assert len(clients) == 1 and re.fullmatch(r"[0-9a-f]{32}", clients[0] or "")
    assert clients[0] != "0" * 32


def test_code_and_code_shaped_email_in_two_messages(bot) -> None:
    sender = new_sender()
    first = bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    assert texts(first)[-1] in response_texts("utter_ask_referral_code", code_prefix="ASV")
    second = bot.say(sender, f"Mein Code ist {CODE}")
    assert texts(second) == list(response_texts("utter_ask_email"))
    answer = bot.say(sender, EMAIL)
    _assert_verified_and_forgotten(bot, sender, answer)


def test_email_first_then_code(bot) -> None:
    """The address given where the code was asked for is no code either."""
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    second = bot.say(sender, f"Meine Mail ist {EMAIL}")
    assert texts(second)[-1] in response_texts("utter_ask_referral_code", code_prefix="ASV")
    answer = bot.say(sender, CODE)
    _assert_verified_and_forgotten(bot, sender, answer)
