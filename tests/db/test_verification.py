from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.verification import (
    MAX_FAILURES_PER_CODE,
    MAX_FAILURES_PER_CONVERSATION,
    Outcome,
    conversation_failures,
    is_valid_code,
    is_verified,
    normalize_code,
    normalize_email,
    record_verified,
    verify,
)
from tests.factories import make_program, make_referrer

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ASV-7K3M9P", "ASV-7K3M9P"),
        ("mein code ist asv7k3m9p", "ASV-7K3M9P"),
        ("Asv - 7k3m9p!", "ASV-7K3M9P"),
        ("keine Ahnung", None),
    ],
)
def test_codes_are_normalised(raw: str, expected: str | None) -> None:
    assert normalize_code(raw) == expected


def test_code_format() -> None:
    assert is_valid_code("ASV-7K3M9P")
    assert not is_valid_code("ASV-ABCDEF")  # needs a digit
    assert not is_valid_code("ASV-7K3M9")


def test_email_format() -> None:
    assert normalize_email(" Lena.Hoffmann@Example.DE. ") == "lena.hoffmann@example.de"
    assert normalize_email("lena.hoffmann@") is None
    assert normalize_email("zwei@@example.de") is None


@pytest.fixture
def referrer(session: Session):
    program = make_program(session)
    return make_referrer(session, program, "TST-4K7M2P", "Erika.Muster@example.de")


def test_right_code_and_email_verify_case_insensitively(session: Session, referrer) -> None:
    result = verify(session, "conv-ok", "TST-4K7M2P", "erika.muster@EXAMPLE.de")
    assert result.outcome is Outcome.VERIFIED
    assert result.referrer_id == referrer.id


def test_unknown_code_and_wrong_email_look_the_same(session: Session, referrer) -> None:
    wrong_mail = verify(session, "conv-a", "TST-4K7M2P", "jemand@example.de")
    unknown = verify(session, "conv-b", "TST-9X9X9X", "erika.muster@example.de")
    assert wrong_mail.outcome is unknown.outcome is Outcome.MISMATCH
    assert wrong_mail.attempts_left == unknown.attempts_left == 2
    assert wrong_mail.referrer_id is None


def test_code_of_another_program_does_not_verify(session: Session, referrer) -> None:
    make_program(session, slug="andere")
    result = verify(session, "conv-p", "TST-4K7M2P", "erika.muster@example.de", "andere")
    assert result.outcome is Outcome.MISMATCH


def test_three_failures_lock_the_conversation_even_for_the_right_data(
    session: Session, referrer
) -> None:
    outcomes = [
        verify(session, "conv-lock", "TST-4K7M2P", f"falsch{i}@example.de").outcome
        for i in range(3)
    ]
    assert outcomes == [Outcome.MISMATCH, Outcome.MISMATCH, Outcome.LOCKED]
    assert conversation_failures(session, "conv-lock") == MAX_FAILURES_PER_CONVERSATION
    right = verify(session, "conv-lock", "TST-4K7M2P", "erika.muster@example.de")
    assert right.outcome is Outcome.LOCKED
    # Another conversation is not affected.
    other = verify(session, "conv-other", "TST-4K7M2P", "erika.muster@example.de")
    assert other.outcome is Outcome.VERIFIED


def test_guessing_one_code_across_conversations_locks_the_code(session: Session, referrer) -> None:
    for i in range(MAX_FAILURES_PER_CODE):
        verify(session, f"guess-{i}", "TST-4K7M2P", f"rate{i}@example.de")
    blocked = verify(session, "fresh-conversation", "TST-4K7M2P", "erika.muster@example.de")
    assert blocked.outcome is Outcome.CODE_LOCKED
    # An hour later the code works again.
    later = verify(
        session,
        "fresh-conversation",
        "TST-4K7M2P",
        "erika.muster@example.de",
        now=utcnow() + timedelta(hours=1, minutes=1),
    )
    assert later.outcome is Outcome.VERIFIED


def test_attempts_store_no_code_in_clear(session: Session, referrer) -> None:
    from sqlalchemy import select

    from bot.models import VerificationAttempt

    verify(session, "conv-digest", "TST-4K7M2P", "x@example.de")
    digests = session.scalars(
        select(VerificationAttempt.code_digest).where(
            VerificationAttempt.conversation_id == "conv-digest"
        )
    ).all()
    assert digests and all("4K7M2P" not in digest for digest in digests)


def test_a_verification_is_recorded_for_its_conversation_and_expires(
    session: Session, referrer, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    result = verify(session, "conv-ok", "TST-4K7M2P", "erika.muster@example.de", now=now)
    assert result.outcome is Outcome.VERIFIED
    assert is_verified(session, "conv-ok", referrer.id, now=now)
    # Another conversation, or another customer, is not verified by it.
    assert not is_verified(session, "conv-forged", referrer.id, now=now)
    assert not is_verified(session, "conv-ok", referrer.id + 1, now=now)
    monkeypatch.setenv("VERIFICATION_TTL_MINUTES", "30")
    assert is_verified(session, "conv-ok", referrer.id, now=now + timedelta(minutes=29))
    assert not is_verified(session, "conv-ok", referrer.id, now=now + timedelta(minutes=31))


def test_a_failed_check_verifies_nobody(session: Session, referrer) -> None:
    verify(session, "conv-bad", "TST-4K7M2P", "falsch@example.de")
    assert not is_verified(session, "conv-bad", referrer.id)


def test_a_token_login_is_recorded_like_a_check(session: Session, referrer) -> None:
    record_verified(session, "conv-token", "TST-4K7M2P", referrer.id)
    assert is_verified(session, "conv-token", referrer.id)
