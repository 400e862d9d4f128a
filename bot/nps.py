"""The recommendation question (net promoter score, NPS) after the rating.

After the rating (CSAT, 1 to 5) the bot asks a share of customers
(``NPS_SHARE``) how likely they are to recommend the program, on a scale of
0 to 10, and for an optional comment. Seed 003 defines the figure: promoters
answer 9 or 10, passives 7 or 8, detractors 0 to 6; the NPS is the share of
promoters minus the share of detractors, in percentage points (-100 to 100).

This module is the one place for that definition, for reading a typed answer
("9", "neun", "10 von 10") and for storing answers; the bot's dialogue is in
``actions/survey.py``, the figures per program and week in ``bot.metrics``.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import settings
from bot.clock import utcnow
from bot.formatting import mask_personal_data
from bot.models import NpsAnswer

LOWEST, HIGHEST = 0, 10
PROMOTER_FROM, PASSIVE_FROM = 9, 7
MAX_COMMENT = 1000


class NpsGroup(enum.StrEnum):
    PROMOTER = "promoter"
    PASSIVE = "passive"
    DETRACTOR = "detractor"


def group(score: int) -> NpsGroup:
    """9-10 promoter, 7-8 passive, 0-6 detractor."""
    if score >= PROMOTER_FROM:
        return NpsGroup.PROMOTER
    if score >= PASSIVE_FROM:
        return NpsGroup.PASSIVE
    return NpsGroup.DETRACTOR


@dataclass(frozen=True)
class NpsTally:
    """Answers counted by group; ``score`` is the NPS (None without answers)."""

    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @classmethod
    def of(cls, scores: list[int]) -> NpsTally:
        groups = [group(score) for score in scores]
        return cls(
            promoters=groups.count(NpsGroup.PROMOTER),
            passives=groups.count(NpsGroup.PASSIVE),
            detractors=groups.count(NpsGroup.DETRACTOR),
        )

    @property
    def count(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """% promoters - % detractors, from -100 to 100."""
        if not self.count:
            return None
        return 100 * (self.promoters - self.detractors) / self.count


# ---- who is asked --------------------------------------------------------------


def in_share(conversation_id: str, share: float) -> bool:
    """Whether this conversation belongs to the asked ``share`` (0 to 1).

    Chosen by a hash of the conversation id, not at random: the same
    conversation always gets the same answer (also after a restart of the
    action server), and tests can pick conversations on either side."""
    digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
    position = int.from_bytes(digest[:8], "big") / 2**64
    return position < share


def configured_share() -> float:
    return float(settings.number("NPS_SHARE"))


def should_ask(session: Session, conversation_id: str, share: float | None = None) -> bool:
    """Ask when the conversation is in the share and has not answered yet
    (a second rating in the same conversation gets no second question)."""
    share = configured_share() if share is None else share
    if not in_share(conversation_id, share):
        return False
    return latest_answer(session, conversation_id) is None


# ---- reading typed answers -----------------------------------------------------

NUMBER_WORDS = {
    "null": 0,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
}
# Words around a number that still make the message an answer to the scale,
# nothing else ("ich würde eine 9 geben", "glatte zehn", "8 Punkte").
FILLERS = {
    "also",
    "auf",
    "bestimmt",
    "bewertung",
    "bis",
    "circa",
    "ca",
    "definitiv",
    "die",
    "eher",
    "es",
    "etwa",
    "euch",
    "fall",
    "ganz",
    "gebe",
    "geben",
    "geb",
    "gibt",
    "glatte",
    "hm",
    "hmm",
    "ich",
    "ihnen",
    "ja",
    "jeden",
    "jedenfalls",
    "klar",
    "klare",
    "mal",
    "meine",
    "mir",
    "na",
    "note",
    "nur",
    "ok",
    "okay",
    "punkt",
    "punkte",
    "punkten",
    "sagen",
    "sage",
    "sehr",
    "sicher",
    "so",
    "ungefähr",
    "vielleicht",
    "volle",
    "von",
    "wahrscheinlich",
    "wohl",
    "würde",
    "wuerde",
    "würd",
    "zu",
    # articles: "eine 9", "ne glatte Zehn"
    "ein",
    "eine",
    "einen",
    "ne",
}
_OUT_OF = re.compile(r"(?:\bvon\b|\baus\b|/)\s*(?:10|zehn)\b")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
MAX_WORDS = 8


def read_score(text: str) -> int | None:
    """The number a typed answer to the 0-10 question gives, else None.

    Only messages that are nothing but a number with a few words around it
    count ("9", "neun", "10 von 10", "ich gebe eine 8"): "ich habe 2 Freunde
    empfohlen" or a question is not an answer, so the customer who changes
    the topic gets an answer to that. The number may lie outside 0-10
    ("11"); the caller says which numbers are allowed."""
    lowered = text.strip().lower()
    if not lowered or "?" in lowered:
        return None
    tokens = _TOKEN.findall(_OUT_OF.sub(" ", lowered))
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    numbers: list[int] = []
    for token in tokens:
        if token.isdigit():
            numbers.append(int(token))
        elif token in NUMBER_WORDS:
            numbers.append(NUMBER_WORDS[token])
        elif token not in FILLERS:
            return None
    return numbers[0] if len(set(numbers)) == 1 else None


def in_range(score: int) -> bool:
    return LOWEST <= score <= HIGHEST


# ---- storing -------------------------------------------------------------------


def latest_answer(session: Session, conversation_id: str) -> NpsAnswer | None:
    return session.scalars(
        select(NpsAnswer)
        .where(NpsAnswer.conversation_id == conversation_id)
        .order_by(NpsAnswer.id.desc())
        .limit(1)
    ).first()


def record_answer(
    session: Session,
    *,
    conversation_id: str,
    score: int,
    program_id: int | None = None,
    now: datetime | None = None,
) -> NpsAnswer | None:
    """Store a score of 0 to 10; anything else is ignored (None)."""
    if not in_range(score):
        return None
    answer = NpsAnswer(
        conversation_id=conversation_id,
        program_id=program_id,
        score=score,
        created_at=now or utcnow(),
    )
    session.add(answer)
    session.flush()
    return answer


def clean_comment(text: str) -> str | None:
    """The comment as it is stored: e-mail addresses, IBANs, phone numbers and
    referral codes masked, at most ``MAX_COMMENT`` characters; None when empty."""
    masked = mask_personal_data(text.strip())[:MAX_COMMENT].strip()
    return masked or None


def add_comment(session: Session, conversation_id: str, text: str) -> NpsAnswer | None:
    """Attach the (masked) comment to the conversation's latest answer."""
    answer = latest_answer(session, conversation_id)
    comment = clean_comment(text)
    if answer is None or comment is None:
        return None
    answer.comment = comment
    session.flush()
    return answer
