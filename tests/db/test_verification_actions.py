"""What the verification actions do with a check's outcome: which slots they
set and clear, what the customer is told, which client the attempt is counted
for."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions.base import LOCKED, VERIFIED
from actions.verification import check_details
from bot.models import VerificationAttempt
from bot.verification import FREE_FAILURES_PER_CODE, max_failures_per_client, verify
from tests.factories import make_program, make_referrer
from tests.trackers import tracker_state

CODE, EMAIL = "TST-4K7M2P", "erika.muster@example.de"
CLIENT = "ab" * 16


@pytest.fixture
def referrer(session: Session):
    return make_referrer(session, make_program(session), CODE, EMAIL)


def _check(
    session: Session, sender: str, email: str = EMAIL, client: str = CLIENT
) -> tuple[dict, list[dict]]:
    tracker = Tracker.from_dict(
        tracker_state(f"{CODE} {email}", "inform", sender_id=sender, metadata={"client": client})
    )
    dispatcher = CollectingDispatcher()
    slots = check_details(session, dispatcher, tracker, CODE, email)
    return slots, dispatcher.messages


def test_a_verified_check_clears_code_and_email_from_the_slots(session: Session, referrer) -> None:
    slots, said = _check(session, "conv-verified")
    assert slots == {
        "referral_code": None,
        "email": None,
        "rejected_details": None,
        "verification": VERIFIED,
        "verified_referrer": str(referrer.id),
    }
    assert said == []


def test_a_mismatch_keeps_the_pair_for_a_correction_of_one_of_them(
    session: Session, referrer
) -> None:
    slots, said = _check(session, "conv-typo", email="falsch@example.de")
    assert slots == {
        "referral_code": None,
        "email": None,
        "rejected_details": f"{CODE} falsch@example.de",
    }
    assert [message["response"] for message in said] == ["utter_verification_mismatch"]


def test_an_attempt_is_counted_for_the_client_named_in_the_metadata(
    session: Session, referrer
) -> None:
    _check(session, "conv-client", email="falsch@example.de")
    stored = session.scalars(
        select(VerificationAttempt.client_key).where(
            VerificationAttempt.conversation_id == "conv-client"
        )
    ).all()
    assert stored == [CLIENT]


def test_a_slowed_code_asks_the_customer_to_wait_and_clears_the_slots(
    session: Session, referrer
) -> None:
    for i in range(FREE_FAILURES_PER_CODE + 1):
        verify(session, f"guess-{i}", CODE, f"rate{i}@example.de")
    slots, said = _check(session, "conv-owner")
    assert slots == {"referral_code": None, "email": None, "rejected_details": None}
    assert [message["response"] for message in said] == ["utter_verification_wait"]
    assert said[0]["wait"] == "einer Minute"


def test_a_client_over_its_limit_is_locked_in_a_new_conversation(
    session: Session, referrer
) -> None:
    for i in range(max_failures_per_client()):
        verify(session, f"sender-{i}", f"TST-{i:06d}", EMAIL, client=CLIENT)
    slots, _ = _check(session, "yet-another-sender")
    assert slots == {
        "referral_code": None,
        "email": None,
        "rejected_details": None,
        "verification": LOCKED,
    }
    other_client, _ = _check(session, "someone-else", client="cd" * 16)
    assert other_client["verification"] == VERIFIED
