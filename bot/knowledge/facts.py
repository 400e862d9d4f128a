"""A program's facts as placeholder values, and an entry rendered for a program.

The answer texts live in ``knowledge/``; this module only decides which of an
entry's texts applies (its cases) and fills in the numbers and addresses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.formatting import format_euro
from bot.knowledge.entries import PROGRAM_FACTS, Entry, KnowledgeBase, placeholders
from bot.knowledge.forms import fill
from bot.models import Program, RewardKind
from bot.programs import business_hours

LINK_URLS = {
    "terms": "terms_url",
    "privacy": "privacy_url",
    "imprint": "imprint_url",
    "brand_service": "brand_url",
    "redeem": "redeem_url",
}


def program_facts(program: Program) -> dict[str, Any]:
    """Placeholder values of ``program``; a fact the program lacks is None."""
    has_amount = program.reward_kind in (RewardKind.CASH, RewardKind.VOUCHER)
    return {
        "brand": program.brand,
        "reward_name": program.reward_description,
        "reward_phrase": program.reward_phrase or program.reward_description,
        "reward_amount": format_euro(program.reward_value_cents) if has_amount else None,
        "friend_reward": program.friend_reward,
        "valid_days": program.recommendation_valid_days,
        "cancellation_days": program.cancellation_days,
        "waiting_days": program.waiting_period_days,
        "payout_days": program.payout_days,
        "total_days": program.cancellation_days + program.waiting_period_days + program.payout_days,
        "max_rewards": program.max_rewards_per_year,
        "redeem_months": program.redeem_months,
        "redeem_url": program.redeem_url,
        "resend_limit": program.resend_limit,
        "terms_url": program.terms_url,
        "privacy_url": program.privacy_url,
        "imprint_url": program.imprint_url or program.terms_url,
        "program_email": program.program_email or program.service_email,
        "hours": business_hours(program),
        "brand_service": program.service_name,
        "brand_phone": program.service_phone,
        "brand_email": program.service_email,
        "brand_url": program.service_url,
        # Not placeholders, but what cases are decided on.
        "_reward_kind": program.reward_kind.value,
        "_program": program.slug,
    }


def _applies(when: dict[str, str], facts: dict[str, Any]) -> bool:
    for key, value in when.items():
        if key == "reward_kind" and facts.get("_reward_kind") != value:
            return False
        if key == "program" and facts.get("_program") != value:
            return False
        if key == "missing" and facts.get(value) is not None:
            return False
        if key == "has" and facts.get(value) is None:
            return False
    return True


def needs_program(entry: Entry, base: KnowledgeBase) -> bool:
    """Does any of the entry's texts depend on the program (placeholders or cases)?"""
    texts = [entry.answer, entry.again or "", entry.why or ""]
    texts += [case.answer for case in entry.cases]
    used = set().union(*(placeholders(text) for text in texts))
    return bool(entry.cases) or bool(used & PROGRAM_FACTS)


@dataclass(frozen=True)
class Rendered:
    """An entry's answer for one program, ready to send."""

    text: str
    links: tuple[tuple[str, str], ...]  # (label, url)


class MissingFact(LookupError):
    """An answer uses a fact the program does not have (a case is missing)."""


def _fill(text: str, values: dict[str, Any], female: bool = False) -> str:
    missing = [name for name in placeholders(text) if values.get(name) is None]
    if missing:
        raise MissingFact(", ".join(sorted(missing)))
    return fill(text, values, female).strip()


def render(
    entry: Entry,
    base: KnowledgeBase,
    program: Program | None,
    part: str = "answer",
    female: bool = False,
) -> Rendered:
    """``part`` (answer, again, why or english) of ``entry`` for ``program``.

    Without a program only entries that do not depend on one can be rendered
    (:func:`needs_program`); the caller asks for the program first. ``female``
    picks the feminine forms for the recommended friend (:mod:`bot.knowledge.forms`).
    """
    facts = program_facts(program) if program is not None else {}
    values = {**base.operator, **facts}
    case = next((case for case in entry.cases if _applies(case.when, facts)), None)
    answer = case.answer if case else entry.answer
    text = answer
    if part != "answer":
        text = (getattr(case, part) if case else None) or getattr(entry, part) or answer
        # A "why" or "again" may name another entry that explains it: its answer.
        if (other := base.get(text)) is not None:
            return render(other, base, program, female=female)
        # An entry-wide "again"/"why" may use a fact this program lacks: then
        # the program's own answer is the better second text.
        if any(values.get(name) is None for name in placeholders(text)):
            text = answer
    links = []
    for name in entry.links:
        url = values.get(LINK_URLS[name]) if name in LINK_URLS else None
        if url:
            links.append((_fill(base.link_labels[name], values), str(url)))
    return Rendered(_fill(text, values, female), tuple(links))


def as_message(rendered: Rendered) -> str:
    """The chat message: the answer, then one line per link it does not name yet."""
    links = [f"{label}: {url}" for label, url in rendered.links if url not in rendered.text]
    lines = [rendered.text, *links]
    return "\n".join(lines)
