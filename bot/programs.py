"""The program (brand) a conversation belongs to, and its business hours.
The answers about a program live in the knowledge base (``bot/knowledge``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Program, Referrer

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def find_program(session: Session, slug: object) -> Program | None:
    if not isinstance(slug, str) or not slug or len(slug) > 40:
        return None
    return session.scalars(select(Program).where(Program.slug == slug.strip().lower())).first()


def code_prefix(session: Session, program: Program) -> str | None:
    """The three letters the program's referral codes start with (``"SSE"``),
    read from one of its referrers' codes; None while it has none."""
    code = session.scalar(
        select(Referrer.referral_code).where(Referrer.program_id == program.id).limit(1)
    )
    return code[:3].upper() if code else None


def program_of_code(session: Session, code: str) -> Program | None:
    """The program whose referral codes start like ``code`` ("FNM-…"): the
    prefixes are public, printed on every code."""
    prefix = code.split("-", 1)[0].upper()
    if not prefix.isalpha() or len(prefix) > 5:
        return None
    return session.scalars(
        select(Program)
        .join(Referrer, Referrer.program_id == Program.id)
        .where(Referrer.referral_code.like(f"{prefix}-%"))
        .limit(1)
    ).first()


def business_hours(program: Program) -> str:
    """``"Mo–Fr 8:00–18:00 Uhr"``"""
    days = sorted(int(day) for day in program.hours_weekdays if day.isdigit())
    if not days:
        return "nach Vereinbarung"
    first, last = WEEKDAYS[days[0] - 1], WEEKDAYS[days[-1] - 1]
    span = first if len(days) == 1 else f"{first}–{last}"
    opens = f"{program.hours_open.hour}:{program.hours_open.minute:02d}"
    closes = f"{program.hours_close.hour}:{program.hours_close.minute:02d}"
    return f"{span} {opens}–{closes} Uhr"
