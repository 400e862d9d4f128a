"""Signed identity tokens end to end: the brand's website vouches for a
logged-in customer (bot/identity_token.py), the widget sends the token as
metadata ``auth_token``, and the session start (actions/session.py) verifies
the customer, so the bot needs no code and no e-mail. Real Rasa server and
action server on the demo data.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from bot.clock import today
from bot.db import session_scope
from bot.identity_token import sign_token
from bot.models import Referrer, VerificationAttempt
from bot.reward_status import status_report
from tests.server.chat import new_sender, response_texts, texts

pytestmark = pytest.mark.server

# The secret the servers of this run inherit (set in tests/conftest.py).
SECRET = os.environ["WIDGET_TOKEN_SECRET"]

PROGRAM = "sonnenstrom"
CODE = "SSE-ORD789"  # a showcase customer of the demo data


def status_answer(database_url: str, code: str) -> str:
    """The status answer for the customer with ``code``, from their rows."""
    with session_scope(database_url) as session:
        referrer = session.scalars(select(Referrer).where(Referrer.referral_code == code)).one()
        return status_report(referrer, today()).text


def verified_customers(database_url: str, sender: str) -> list[int | None]:
    """Who was verified in the conversation, as the actions check it."""
    with session_scope(database_url) as session:
        return list(
            session.scalars(
                select(VerificationAttempt.referrer_id).where(
                    VerificationAttempt.conversation_id == sender,
                    VerificationAttempt.success.is_(True),
                )
            )
        )


def customer_id(database_url: str, code: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(Referrer.id).where(Referrer.referral_code == code))


def test_a_valid_token_verifies_on_the_rest_channel(bot, demo_db_url):
    sender = new_sender()
    metadata = {"program": PROGRAM, "auth_token": sign_token(CODE, PROGRAM, SECRET)}
    replies = bot.say(sender, "Wo bleibt meine Prämie?", metadata)
    assert texts(replies) == [status_answer(demo_db_url, CODE)]
    assert verified_customers(demo_db_url, sender) == [customer_id(demo_db_url, CODE)]


def test_a_valid_token_verifies_in_the_widget(widget, demo_db_url):
    """As widget.js sends it: with the session request and every message."""
    metadata = {"program": PROGRAM, "auth_token": sign_token(CODE, PROGRAM, SECRET)}
    client = widget()
    client.request_session(metadata=metadata)
    answer = client.say("Wo bleibt meine Prämie?", metadata=metadata)
    assert answer["text"] == status_answer(demo_db_url, CODE)
    assert verified_customers(demo_db_url, client.session_id) == [customer_id(demo_db_url, CODE)]


def _forged() -> str:
    """Another customer's claims under the signature of a valid token."""
    _, signature = sign_token(CODE, PROGRAM, SECRET).split(".")
    claims, _ = sign_token("SSE-SNT234", PROGRAM, "not-the-secret").split(".")
    return f"{claims}.{signature}"


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(sign_token(CODE, PROGRAM, "not-the-secret"), id="other-secret"),
        pytest.param(sign_token(CODE, PROGRAM, SECRET, valid_seconds=-60), id="expired"),
        pytest.param(_forged(), id="other-customer-forged"),
        pytest.param(sign_token("ASV-QUA567", "autosicher", SECRET), id="other-program"),
        pytest.param(sign_token("SSE-ZZZ999", PROGRAM, SECRET), id="unknown-code"),
        pytest.param("kein-token", id="garbage"),
    ],
)
def test_a_token_that_does_not_hold_asks_for_code_and_email(bot, demo_db_url, token):
    sender = new_sender()
    replies = bot.say(sender, "Wo bleibt meine Prämie?", {"program": PROGRAM, "auth_token": token})
    assert texts(replies)[0] in response_texts("utter_verification_intro")
    assert texts(replies)[-1] in response_texts("utter_ask_referral_code", code_prefix="SSE")
    assert verified_customers(demo_db_url, sender) == []
