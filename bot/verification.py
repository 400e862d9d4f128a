"""Identity check before the bot shows anything from the database.

A customer proves who they are with their referral code plus the e-mail
address on file. Every check is recorded in the database, not in the
conversation's slots, so a client can't reset the counts:

* three failed checks lock verification for the rest of the conversation;
* ten failed checks from one client (the channels' hashed address, metadata
  field ``client``) within an hour refuse further checks from that client, so
  a new sender id per guess gains nothing;
* a code with many failed checks (any conversation, any client) is not locked,
  which would let anyone who knows a code lock its owner out, but slowed: once
  it has failed more often within a day than one conversation may (three
  times), its next check waits 30 seconds, doubling with every further
  failure up to ten minutes (:func:`code_delay`). A check that comes too
  early is not evaluated and costs no attempt; after the wait the owner's
  right pair verifies as always. Every failure beyond the free ones logs a
  warning (code masked) for the service team.

A successful check is recorded with the verified customer. Actions show data
only when that record exists for the conversation and is younger than
``VERIFICATION_TTL_MINUTES`` (:func:`is_verified`): slots alone prove nothing,
since anyone who can post a tracker can write them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import settings
from bot.clock import utcnow
from bot.models import Program, Referrer, VerificationAttempt
from bot.referral_code import mask_codes

logger = logging.getLogger(__name__)

MAX_FAILURES_PER_CONVERSATION = 3
CLIENT_WINDOW = timedelta(hours=1)
# Failures of one code within CODE_WINDOW before its checks slow down (as
# many as one conversation may make), the first wait, and the longest.
FREE_FAILURES_PER_CODE = MAX_FAILURES_PER_CONVERSATION
CODE_WINDOW = timedelta(hours=24)
FIRST_CODE_DELAY = timedelta(seconds=30)
MAX_CODE_DELAY = timedelta(minutes=10)

_EMAIL_FORMAT = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def normalize_email(raw: str) -> str | None:
    email = (raw or "").strip().strip("<>.,;").lower()
    return email if _EMAIL_FORMAT.match(email) else None


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def email_spellings(email: str) -> set[str]:
    """The address as typed and with umlauts written out: a customer whose
    address is ``mueller@…`` often types ``müller@…``; mail providers do not
    accept umlauts in most addresses, so the written-out form is the one on file."""
    typed = email.strip().lower()
    return {typed, typed.translate(_UMLAUTS)}


def code_digest(code: str) -> str:
    """What the attempts table stores instead of the code itself."""
    return hashlib.sha256(f"referral-code:{code}".encode()).hexdigest()


class Outcome(StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"  # code unknown, other program, or wrong e-mail: one answer
    LOCKED = "locked"  # too many failures in this conversation
    CLIENT_LOCKED = "client_locked"  # too many failures from this client in the last hour
    CODE_DELAYED = "code_delayed"  # the code's next check must wait (wait_seconds)


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    referrer_id: int | None = None
    attempts_left: int = 0
    wait_seconds: int = 0


def conversation_failures(session: Session, conversation_id: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(VerificationAttempt)
        .where(
            VerificationAttempt.conversation_id == conversation_id,
            VerificationAttempt.success.is_(False),
        )
    )


def max_failures_per_client() -> int:
    """Failed checks one client may make per :data:`CLIENT_WINDOW`
    (``VERIFICATION_MAX_FAILURES_PER_CLIENT``, default 10); more where many
    customers share one address, e.g. behind a company's proxy."""
    return int(settings.number("VERIFICATION_MAX_FAILURES_PER_CLIENT"))


def verification_ttl() -> timedelta:
    """How long a verification holds (``VERIFICATION_TTL_MINUTES``, default 120)."""
    return timedelta(minutes=settings.number("VERIFICATION_TTL_MINUTES"))


def record_verified(
    session: Session, conversation_id: str, code: str, referrer_id: int, now: datetime | None = None
) -> None:
    """Record a verification that happened elsewhere (a signed identity token)."""
    session.add(
        VerificationAttempt(
            conversation_id=conversation_id,
            code_digest=code_digest(code),
            success=True,
            referrer_id=referrer_id,
            created_at=now or utcnow(),
        )
    )
    session.flush()


def is_verified(
    session: Session, conversation_id: str, referrer_id: int, now: datetime | None = None
) -> bool:
    """Was ``referrer_id`` verified in this conversation within the TTL?"""
    since = (now or utcnow()) - verification_ttl()
    found = session.scalar(
        select(VerificationAttempt.id)
        .where(
            VerificationAttempt.conversation_id == conversation_id,
            VerificationAttempt.referrer_id == referrer_id,
            VerificationAttempt.success.is_(True),
            VerificationAttempt.created_at >= since,
        )
        .limit(1)
    )
    return found is not None


def end_verification(session: Session, conversation_id: str) -> int:
    """End the conversation's verification (a new session: maybe someone else
    at the same computer): its success records no longer name the customer,
    so :func:`is_verified` finds none; the attempts themselves stay counted.
    Returns how many records were ended."""
    result = session.execute(
        update(VerificationAttempt)
        .where(
            VerificationAttempt.conversation_id == conversation_id,
            VerificationAttempt.success.is_(True),
            VerificationAttempt.referrer_id.is_not(None),
        )
        .values(referrer_id=None)
    )
    return result.rowcount


def _client_failures(session: Session, client: str, now: datetime) -> int:
    return session.scalar(
        select(func.count())
        .select_from(VerificationAttempt)
        .where(
            VerificationAttempt.client_key == client,
            VerificationAttempt.success.is_(False),
            VerificationAttempt.created_at >= now - CLIENT_WINDOW,
        )
    )


def code_delay(failures: int) -> timedelta:
    """How long a code's next check waits after its latest failure, given its
    failures within :data:`CODE_WINDOW`: none for the first few, then
    doubling from :data:`FIRST_CODE_DELAY` up to :data:`MAX_CODE_DELAY`."""
    if failures <= FREE_FAILURES_PER_CODE:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES_PER_CODE - 1, 16)
    return min(FIRST_CODE_DELAY * 2**doublings, MAX_CODE_DELAY)


def _code_failures(session: Session, digest: str, now: datetime) -> tuple[int, datetime | None]:
    """The code's failures within :data:`CODE_WINDOW` and the latest one's time."""
    count, latest = session.execute(
        select(func.count(), func.max(VerificationAttempt.created_at)).where(
            VerificationAttempt.code_digest == digest,
            VerificationAttempt.success.is_(False),
            VerificationAttempt.created_at >= now - CODE_WINDOW,
        )
    ).one()
    return count, latest


def _seconds_to_wait(session: Session, digest: str, now: datetime) -> int:
    failures, latest = _code_failures(session, digest, now)
    if latest is None:
        return 0
    remaining = (latest + code_delay(failures) - now).total_seconds()
    return max(0, math.ceil(remaining))


def _alert_code_failures(
    session: Session, code: str, digest: str, referrer: Referrer | None, now: datetime
) -> None:
    """A warning for the service team once a code's checks slow down."""
    failures, _ = _code_failures(session, digest, now)
    if failures <= FREE_FAILURES_PER_CODE:
        return
    logger.warning(
        "Referral code %s (%s) failed %d checks within %d hours; its next check waits %d s.",
        mask_codes(code),
        f"referrer {referrer.id}" if referrer else "no such code",
        failures,
        CODE_WINDOW // timedelta(hours=1),
        code_delay(failures).total_seconds(),
    )


def verify(
    session: Session,
    conversation_id: str,
    code: str,
    email: str,
    program_slug: str | None = None,
    *,
    client: str | None = None,
    now: datetime | None = None,
) -> Verification:
    """Check code + e-mail and record the attempt.

    With ``program_slug`` (the widget's program) only that program's codes
    count. Unknown code and wrong e-mail get the same answer, so the check
    reveals nothing about which codes exist. ``client`` is the channel's
    hashed client address (None: no per-client limit, e.g. in the shell).
    """
    now = now or utcnow()
    failures = conversation_failures(session, conversation_id)
    if failures >= MAX_FAILURES_PER_CONVERSATION:
        return Verification(Outcome.LOCKED)
    if client and _client_failures(session, client, now) >= max_failures_per_client():
        return Verification(Outcome.CLIENT_LOCKED)
    digest = code_digest(code)
    if wait := _seconds_to_wait(session, digest, now):
        return Verification(Outcome.CODE_DELAYED, wait_seconds=wait)

    query = select(Referrer).where(Referrer.referral_code == code)
    if program_slug:
        query = query.join(Program).where(Program.slug == program_slug)
    referrer = session.scalars(query).first()
    matches = referrer is not None and any(
        hmac.compare_digest(referrer.email.strip().lower().encode(), spelling.encode())
        for spelling in email_spellings(email)
    )
    session.add(
        VerificationAttempt(
            conversation_id=conversation_id,
            code_digest=digest,
            success=matches,
            referrer_id=referrer.id if matches else None,
            client_key=client,
            created_at=now,
        )
    )
    session.flush()
    if matches:
        return Verification(Outcome.VERIFIED, referrer_id=referrer.id)
    _alert_code_failures(session, code, digest, referrer, now)
    failures += 1
    if failures >= MAX_FAILURES_PER_CONVERSATION:
        return Verification(Outcome.LOCKED)
    return Verification(Outcome.MISMATCH, attempts_left=MAX_FAILURES_PER_CONVERSATION - failures)
