"""Identity check before the bot shows anything from the database.

A customer proves who they are with their referral code plus the e-mail
address on file. Failures are counted in the database, not in the
conversation's slots, so they can't be reset by the client:

* three failed checks lock verification for the rest of the conversation;
* ten failed checks of one code within an hour lock that code everywhere for
  the hour (guessing e-mails for a known code, or codes across conversations).

A successful check is recorded with the verified customer. Actions show data
only when that record exists for the conversation and is younger than
``VERIFICATION_TTL_MINUTES`` (:func:`is_verified`): slots alone prove nothing,
since anyone who can post a tracker can write them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.env import number_from_env
from bot.models import Program, Referrer, VerificationAttempt

MAX_FAILURES_PER_CONVERSATION = 3
MAX_FAILURES_PER_CODE = 10
CODE_LOCK_WINDOW = timedelta(hours=1)

# Codes have a three-letter program prefix and six letters or digits, at
# least one a digit. (New codes avoid I, O, 0 and 1, but older ones exist.)
_CODE_IN_TEXT = re.compile(r"\b([A-Za-z]{3})[\s-]*([A-Za-z0-9]{6})\b")
_CODE_FORMAT = re.compile(r"^[A-Z]{3}-[A-Z0-9]{6}$")
_EMAIL_FORMAT = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def normalize_code(raw: str) -> str | None:
    """``" asv 7k3m9p "`` -> ``"ASV-7K3M9P"``; None if nothing code-like is there."""
    match = _CODE_IN_TEXT.search(raw or "")
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}".upper()


def is_valid_code(code: str) -> bool:
    return bool(_CODE_FORMAT.match(code)) and any(char.isdigit() for char in code)


def normalize_email(raw: str) -> str | None:
    email = (raw or "").strip().strip("<>.,;").lower()
    return email if _EMAIL_FORMAT.match(email) else None


def code_digest(code: str) -> str:
    """What the attempts table stores instead of the code itself."""
    return hashlib.sha256(f"referral-code:{code}".encode()).hexdigest()


class Outcome(StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"  # code unknown, other program, or wrong e-mail: one answer
    LOCKED = "locked"  # too many failures in this conversation
    CODE_LOCKED = "code_locked"  # too many failures for this code in the last hour


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    referrer_id: int | None = None
    attempts_left: int = 0


def conversation_failures(session: Session, conversation_id: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(VerificationAttempt)
        .where(
            VerificationAttempt.conversation_id == conversation_id,
            VerificationAttempt.success.is_(False),
        )
    )


def verification_ttl() -> timedelta:
    """How long a verification holds (``VERIFICATION_TTL_MINUTES``, default 120)."""
    return timedelta(minutes=number_from_env("VERIFICATION_TTL_MINUTES", 120, 1))


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


def _recent_code_failures(session: Session, digest: str, now: datetime) -> int:
    return session.scalar(
        select(func.count())
        .select_from(VerificationAttempt)
        .where(
            VerificationAttempt.code_digest == digest,
            VerificationAttempt.success.is_(False),
            VerificationAttempt.created_at >= now - CODE_LOCK_WINDOW,
        )
    )


def verify(
    session: Session,
    conversation_id: str,
    code: str,
    email: str,
    program_slug: str | None = None,
    now: datetime | None = None,
) -> Verification:
    """Check code + e-mail and record the attempt.

    With ``program_slug`` (the widget's program) only that program's codes
    count. Unknown code and wrong e-mail get the same answer, so the check
    reveals nothing about which codes exist.
    """
    now = now or utcnow()
    failures = conversation_failures(session, conversation_id)
    if failures >= MAX_FAILURES_PER_CONVERSATION:
        return Verification(Outcome.LOCKED)
    digest = code_digest(code)
    if _recent_code_failures(session, digest, now) >= MAX_FAILURES_PER_CODE:
        return Verification(Outcome.CODE_LOCKED)

    query = select(Referrer).where(Referrer.referral_code == code)
    if program_slug:
        query = query.join(Program).where(Program.slug == program_slug)
    referrer = session.scalars(query).first()
    matches = referrer is not None and hmac.compare_digest(
        referrer.email.strip().lower().encode(), email.strip().lower().encode()
    )
    session.add(
        VerificationAttempt(
            conversation_id=conversation_id,
            code_digest=digest,
            success=matches,
            referrer_id=referrer.id if matches else None,
            created_at=now,
        )
    )
    session.flush()
    if matches:
        return Verification(Outcome.VERIFIED, referrer_id=referrer.id)
    failures += 1
    if failures >= MAX_FAILURES_PER_CONVERSATION:
        return Verification(Outcome.LOCKED)
    return Verification(Outcome.MISMATCH, attempts_left=MAX_FAILURES_PER_CONVERSATION - failures)
