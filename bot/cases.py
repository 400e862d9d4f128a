"""Records the bot opens for people: complaints (seed 002: record, then
follow up) and tickets (GDPR requests, overdue rewards)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.formatting import mask_personal_data
from bot.models import CaseState, Complaint, Ticket, TicketKind

COMPLAINT_FOLLOW_UP_WORKDAYS = 2
OVERDUE_REPLY_WORKDAYS = 2
DATA_RIGHTS_DAYS = 30  # Art. 12(3) GDPR: one month
MAX_TEXT = 4000

# First matching category wins; words are matched as lower-case substrings.
COMPLAINT_CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("privacy", ("datenschutz", "daten ", "meine daten", "werbung", "spam", "dsgvo")),
    (
        "reward",
        ("prämie", "praemie", "gutschein", "geld", "auszahl", "bonus", "belohnung", "abo"),
    ),
    (
        "service",
        ("service", "hotline", "mitarbeiter", "niemand", "keine antwort", "warte", "bot", "chat"),
    ),
    ("terms", ("bedingung", "agb", "frist", "kleingedruckt", "regel")),
)

DATA_RIGHTS_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Löschung", ("lösch", "loesch", "entfern", "vergessen")),
    ("Widerspruch", ("widersprech", "widerspruch", "keine werbung", "nicht mehr kontakt")),
    ("Berichtigung", ("berichtig", "korrigier", "falsch", "änder", "aender")),
    ("Auskunft", ("auskunft", "welche daten", "was speichern", "kopie", "einsicht")),
)


def add_workdays(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.isoweekday() <= 5:
            days -= 1
    return current


def _first_match(text: str, table: tuple[tuple[str, tuple[str, ...]], ...], default: str) -> str:
    lowered = f" {text.lower()} "
    for name, words in table:
        if any(word in lowered for word in words):
            return name
    return default


def complaint_category(text: str) -> str:
    return _first_match(text, COMPLAINT_CATEGORIES, "other")


def data_rights_kind(text: str) -> str:
    return _first_match(text, DATA_RIGHTS_KINDS, "Auskunft/Löschung (nicht näher bestimmt)")


def record_complaint(
    session: Session,
    conversation_id: str,
    text: str,
    today: date,
    program_id: int | None = None,
    referrer_id: int | None = None,
) -> Complaint:
    complaint = Complaint(
        conversation_id=conversation_id,
        program_id=program_id,
        referrer_id=referrer_id,
        text=text[:MAX_TEXT],
        category=complaint_category(text),
        follow_up_on=add_workdays(today, COMPLAINT_FOLLOW_UP_WORKDAYS),
        state=CaseState.OPEN,
    )
    session.add(complaint)
    session.flush()
    return complaint


@dataclass(frozen=True)
class OpenedTicket:
    ticket: Ticket
    is_new: bool


def open_ticket(
    session: Session,
    kind: TicketKind,
    conversation_id: str,
    details: str,
    due_on: date,
    program_id: int | None = None,
    referrer_id: int | None = None,
    referral_id: int | None = None,
    contact_email: str | None = None,
) -> OpenedTicket:
    """Open a ticket, or return the open one for the same referral and kind,
    so asking twice does not make two cases."""
    if referral_id is not None:
        existing = session.scalars(
            select(Ticket).where(
                Ticket.kind == kind,
                Ticket.referral_id == referral_id,
                Ticket.state != CaseState.DONE,
            )
        ).first()
        if existing:
            return OpenedTicket(existing, is_new=False)
    ticket = Ticket(
        kind=kind,
        conversation_id=conversation_id,
        program_id=program_id,
        referrer_id=referrer_id,
        referral_id=referral_id,
        contact_email=contact_email,
        details=mask_personal_data(details[:MAX_TEXT]),
        due_on=due_on,
        state=CaseState.OPEN,
    )
    session.add(ticket)
    session.flush()
    return OpenedTicket(ticket, is_new=True)
