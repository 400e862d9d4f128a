import logging
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.models import VerificationAttempt
from bot.referral_code import is_valid_code, normalize_code
from bot.verification import (
    CLIENT_WINDOW,
    FIRST_CODE_DELAY,
    FREE_FAILURES_PER_CODE,
    MAX_CODE_DELAY,
    MAX_FAILURES_PER_CONVERSATION,
    Outcome,
    code_delay,
    conversation_failures,
    is_verified,
    max_failures_per_client,
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


def test_an_address_typed_with_umlauts_verifies_the_one_written_out_on_file(
    session: Session,
) -> None:
    program = make_program(session)
    owner = make_referrer(session, program, "TST-5K8M3P", "juergen.mueller@example.de")
    result = verify(session, "conv-umlaut", "TST-5K8M3P", "Jürgen.Müller@example.de")
    assert result.outcome is Outcome.VERIFIED
    assert result.referrer_id == owner.id
    other = verify(session, "conv-umlaut-2", "TST-5K8M3P", "jörgen.müller@example.de")
    assert other.outcome is Outcome.MISMATCH


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


def test_code_delay_doubles_from_the_first_wait_up_to_the_cap() -> None:
    assert [code_delay(n) for n in range(FREE_FAILURES_PER_CODE + 1)] == [timedelta(0)] * (
        FREE_FAILURES_PER_CODE + 1
    )
    first = FREE_FAILURES_PER_CODE + 1
    assert code_delay(first) == FIRST_CODE_DELAY
    assert code_delay(first + 1) == 2 * FIRST_CODE_DELAY
    assert code_delay(first + 2) == 4 * FIRST_CODE_DELAY
    assert code_delay(first + 50) == MAX_CODE_DELAY


def _guess_emails(session: Session, code: str, count: int, start) -> None:
    """``count`` wrong e-mails for ``code``, each from a new conversation and
    client, each after the code's wait (as a patient attacker would)."""
    now = start
    for i in range(count):
        result = verify(
            session, f"guess-{i}", code, f"rate{i}@example.de", client=f"{i:032x}", now=now
        )
        assert result.outcome is Outcome.MISMATCH
        now += code_delay(i + 1)


def test_guessing_one_code_slows_its_checks_but_its_owner_still_verifies(
    session: Session, referrer
) -> None:
    start = utcnow() - timedelta(hours=2)
    _guess_emails(session, "TST-4K7M2P", 10, start)
    last_failure = session.scalar(
        select(VerificationAttempt.created_at).order_by(VerificationAttempt.id.desc()).limit(1)
    )
    # Right after the last guess: the owner is asked to wait, not locked out
    # for an hour, and the early try is not counted against them.
    soon = last_failure + timedelta(seconds=5)
    early = verify(session, "owner", "TST-4K7M2P", "erika.muster@example.de", now=soon)
    assert early.outcome is Outcome.CODE_DELAYED
    assert 0 < early.wait_seconds <= MAX_CODE_DELAY.total_seconds()
    assert conversation_failures(session, "owner") == 0
    # After the wait (at most the cap), the owner's right pair verifies.
    after_wait = soon + timedelta(seconds=early.wait_seconds)
    right = verify(session, "owner", "TST-4K7M2P", "erika.muster@example.de", now=after_wait)
    assert right.outcome is Outcome.VERIFIED


def test_an_attacker_cannot_check_a_slowed_code_faster(session: Session, referrer) -> None:
    now = utcnow()
    for i in range(FREE_FAILURES_PER_CODE + 1):
        verify(session, f"fast-{i}", "TST-4K7M2P", f"rate{i}@example.de", now=now)
    again = verify(session, "fast-next", "TST-4K7M2P", "rate9@example.de", now=now)
    assert again.outcome is Outcome.CODE_DELAYED
    assert again.wait_seconds == FIRST_CODE_DELAY.total_seconds()
    # Nothing was checked, so nothing was recorded.
    assert conversation_failures(session, "fast-next") == 0


def test_a_slowed_code_alerts_the_team_with_the_code_masked(
    session: Session, referrer, caplog: pytest.LogCaptureFixture
) -> None:
    now = utcnow()
    with caplog.at_level(logging.WARNING, logger="bot.verification"):
        for i in range(FREE_FAILURES_PER_CODE):
            verify(session, f"alert-{i}", "TST-4K7M2P", f"rate{i}@example.de", now=now)
        assert not caplog.records
        verify(session, "alert-last", "TST-4K7M2P", "rate@example.de", now=now)
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "TST-******" in message and f"referrer {referrer.id}" in message
    assert "4K7M2P" not in message


def test_failures_from_one_client_are_limited_across_conversations(
    session: Session, referrer
) -> None:
    now = utcnow()
    for i in range(max_failures_per_client()):
        # A new conversation and another made-up code each time.
        result = verify(
            session,
            f"client-{i}",
            f"TST-{i:06d}",
            "erika.muster@example.de",
            client="c1" * 16,
            now=now,
        )
        assert result.outcome is Outcome.MISMATCH
    right = verify(
        session, "client-new", "TST-4K7M2P", "erika.muster@example.de", client="c1" * 16, now=now
    )
    assert right.outcome is Outcome.CLIENT_LOCKED
    # Another client is not affected; the first one may try again later.
    other = verify(
        session, "client-other", "TST-4K7M2P", "erika.muster@example.de", client="c2" * 16, now=now
    )
    assert other.outcome is Outcome.VERIFIED
    later = verify(
        session,
        "client-later",
        "TST-4K7M2P",
        "erika.muster@example.de",
        client="c1" * 16,
        now=now + CLIENT_WINDOW + timedelta(minutes=1),
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
