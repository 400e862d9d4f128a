"""A verification holds for one Rasa session: a new session ends it in the database."""

import pytest
from sqlalchemy.orm import Session

from bot.verification import (
    MAX_FAILURES_PER_CONVERSATION,
    conversation_failures,
    end_verification,
    is_verified,
    verify,
)
from tests.factories import make_program, make_referrer

pytestmark = pytest.mark.db


@pytest.fixture
def referrer(session: Session):
    program = make_program(session)
    return make_referrer(session, program, "TST-8K7M2P", "Erika.Muster@example.de")


def test_a_new_session_ends_the_verification_of_that_conversation_only(
    session: Session, referrer
) -> None:
    verify(session, "conv-a", "TST-8K7M2P", "erika.muster@example.de")
    verify(session, "conv-b", "TST-8K7M2P", "erika.muster@example.de")

    assert end_verification(session, "conv-a") == 1

    assert not is_verified(session, "conv-a", referrer.id)
    assert is_verified(session, "conv-b", referrer.id)


def test_ending_a_verification_keeps_the_failure_count(session: Session, referrer) -> None:
    """A new session is no way around the attempt limit of a conversation."""
    for _ in range(MAX_FAILURES_PER_CONVERSATION - 1):
        verify(session, "conv-c", "TST-8K7M2P", "falsch@example.de")
    verify(session, "conv-c", "TST-8K7M2P", "erika.muster@example.de")

    end_verification(session, "conv-c")

    assert conversation_failures(session, "conv-c") == MAX_FAILURES_PER_CONVERSATION - 1


def test_verifying_again_after_a_new_session_counts(session: Session, referrer) -> None:
    verify(session, "conv-d", "TST-8K7M2P", "erika.muster@example.de")
    end_verification(session, "conv-d")
    verify(session, "conv-d", "TST-8K7M2P", "erika.muster@example.de")
    assert is_verified(session, "conv-d", referrer.id)
