"""Tickets the bot opens for people (complaints, GDPR requests, overdue
rewards, callbacks, new addresses to confirm), and the agents' work on them
in the console: assign, answer by e-mail, close. A complaint is a ticket
too, so every case has one number, the same in the chat and the console."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.formatting import mask_personal_data
from bot.knowledge.phrases import phrase
from bot.models import Agent, CaseState, Ticket, TicketKind, TicketReply
from bot.reward_status import greeting_name

COMPLAINT_FOLLOW_UP_WORKDAYS = 2
OVERDUE_REPLY_WORKDAYS = 2
DATA_RIGHTS_DAYS = 30  # Art. 12(3) GDPR: one month
# A change of details is confirmed with the customer before it is entered.
CHANGE_CONFIRM_WORKDAYS = 2
CHANGE_KIND = "Berichtigung"
ACCESS_KIND = "Auskunft"
OBJECTION_KIND = "Widerspruch"
MAX_TEXT = 4000

# First matching kind wins; words are matched as lower-case substrings.
DATA_RIGHTS_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Löschung",
        (
            "lösch", "loesch", "entfern", "vergessen",
            # "wie krieg ich das weg?", "tragt mich aus", "nehmt mich da raus"
            " weg ", " weg?", " weg!", " weg.", "austrag", "mich aus ", "mich raus", "mich da raus",
        ),
    ),
    (
        OBJECTION_KIND,
        (
            "widersprech", "widerspruch", "werbung", "werbezweck", "nicht mehr kontakt",
            "werbemail", "werbe-mail", "werbe mail", "newsletter", "abbestell", "abmeld",
            "keine mails", "keine e-mails", "ständig mails", "staendig mails", "dauernd mails",
            "immer wieder mails",
        ),
    ),
    (
        CHANGE_KIND,
        (
            "berichtig", "korrigier", "falsch", "änder", "aender", "neue adresse", "neue mail",
            "neue e-mail", "umgezogen", "iban", "bankverbindung", "kontoverbindung", "eintrag",
            "aktualis", "hinterleg", "umstell",
            # "neue mail …, tragt sie bitte ein"
            " tragt sie", " tragt die", " trag sie", " trag die",
        ),
    ),
    (
        ACCESS_KIND,
        (
            "auskunft", "welche daten", "welche angaben", "was speichern", "kopie", "einsicht",
            # "vorher will ich schriftlich sehen, was ihr über mich habt" (not
            # "löscht alles, was ihr über mich habt": that names what to delete)
            "sehen was", "sehen, was", "wissen was", "wissen, was", "erfahren was",
            "erfahren, was", "zeigen was", "zeigen, was", "was wisst ihr über mich",
        ),
    ),
)  # fmt: skip
UNSPECIFIED_DATA_RIGHTS = "Auskunft/Löschung (nicht näher bestimmt)"
# Knowledge-base entries that describe a data-rights request: asked from
# there (button, or a message matching the entry), the request is of this kind.
DATA_RIGHTS_ENTRY_KINDS = {
    "marketing_objection": OBJECTION_KIND,
    "change_details": CHANGE_KIND,
    "deletion_reward": "Löschung",
    "data_stored": ACCESS_KIND,
}


def add_workdays(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.isoweekday() <= 5:
            days -= 1
    return current


def _matches(text: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """The names in ``table`` whose words occur in ``text``, in table order."""
    lowered = f" {text.lower()} "
    return [name for name, words in table if any(word in lowered for word in words)]


def _first_match(text: str, table: tuple[tuple[str, tuple[str, ...]], ...], default: str) -> str:
    return next(iter(_matches(text, table)), default)


def asks_copy_or_deletion(text: str) -> bool:
    """Whether ``text`` asks, beside something else, for a copy of one's data
    or its deletion ("… und ich will ne kopie von allem, was ihr habt")."""
    lowered = text.lower()
    return (
        "Auskunft" in _matches(text, DATA_RIGHTS_KINDS) or "lösch" in lowered or "loesch" in lowered
    )


def data_rights_kind(text: str, entry_id: str | None = None) -> str:
    """The kind of a GDPR request, from its words, else from the entry it
    was asked from. A letter that asks several rights at once ("Auskunft …,
    Löschung … und widerspreche der Werbung") names them all."""
    kinds = _matches(text, DATA_RIGHTS_KINDS)
    if not kinds:
        return DATA_RIGHTS_ENTRY_KINDS.get(entry_id or "", UNSPECIFIED_DATA_RIGHTS)
    if len(kinds) == 1:
        return kinds[0]
    return ", ".join(kinds[:-1]) + " und " + kinds[-1]


def record_complaint(
    session: Session,
    conversation_id: str,
    text: str,
    today: date,
    program_id: int | None = None,
    referrer_id: int | None = None,
) -> Ticket:
    """A complaint as a ticket for the team, due in two working days."""
    ticket = Ticket(
        kind=TicketKind.COMPLAINT,
        conversation_id=conversation_id,
        program_id=program_id,
        referrer_id=referrer_id,
        # Customers give code and e-mail in the same breath as their anger;
        # the record links the referrer instead.
        details=mask_personal_data(text[:MAX_TEXT]),
        due_on=add_workdays(today, COMPLAINT_FOLLOW_UP_WORKDAYS),
        state=CaseState.OPEN,
    )
    session.add(ticket)
    session.flush()
    return ticket


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


def add_to_ticket(ticket: Ticket, details: str) -> None:
    """Add what the customer asked once more to an open ticket (masked, as
    when it was opened), so one request stays one case."""
    added = mask_personal_data(details[:MAX_TEXT])
    ticket.details = f"{ticket.details}\n{added}"[-MAX_TEXT:]


# ---- the agents' work on tickets (agent console) ---------------------------------


def lock_ticket(session: Session, ticket_id: int) -> Ticket | None:
    """The ticket, locked until the transaction ends where the database can
    (PostgreSQL: ``SELECT … FOR UPDATE``), as ``bot.handoff.lock_handoff``."""
    return session.get(Ticket, ticket_id, with_for_update=True)


def is_closed(ticket: Ticket) -> bool:
    return ticket.state is CaseState.DONE


def assign_ticket(ticket: Ticket, agent: Agent, now: datetime | None = None) -> bool:
    """The agent works the ticket from now on (also taking it from someone
    else); False when it is closed."""
    if is_closed(ticket):
        return False
    if ticket.agent_id != agent.id:
        ticket.agent_id = agent.id
        ticket.assigned_at = now or utcnow()
    ticket.state = CaseState.IN_PROGRESS
    return True


def reply_address(ticket: Ticket) -> str | None:
    """Where the answer goes: the address a customer without verification
    typed (the agent confirms who it is before naming any data), else the
    verified referrer's address on file."""
    if ticket.contact_email:
        return ticket.contact_email
    return ticket.referrer.email if ticket.referrer else None


def draft_reply(
    session: Session, ticket: Ticket, agent: Agent, subject: str, body: str
) -> TicketReply:
    """The ticket's unsent answer with this text: the open draft is updated,
    so that trying again never makes a second one."""
    draft = next((reply for reply in ticket.replies if reply.sent_at is None), None)
    if draft is None:
        draft = TicketReply(ticket_id=ticket.id, subject=subject, body=body)
        session.add(draft)
    draft.agent_id, draft.subject, draft.body = agent.id, subject, body
    draft.created_at = utcnow()
    session.flush()
    return draft


def mark_sent(ticket: Ticket, reply: TicketReply, now: datetime | None = None) -> None:
    """The mail server took the answer; the first one stops the target's clock."""
    reply.sent_at = now or utcnow()
    if ticket.answered_at is None:
        ticket.answered_at = reply.sent_at


def close_ticket(ticket: Ticket, now: datetime | None = None) -> bool:
    """Done; False when it was closed already."""
    if is_closed(ticket):
        return False
    ticket.state = CaseState.DONE
    ticket.closed_at = now or utcnow()
    return True


def answer_subject(ticket: Ticket) -> str:
    if ticket.program is None:
        return phrase("ticket_mail.subject_without_program", ticket_id=ticket.id)
    return phrase("ticket_mail.subject", ticket_id=ticket.id, brand=ticket.program.brand)


def answer_draft(ticket: Ticket, agent_name: str) -> str:
    """The text an agent's answer starts from: greeting, thanks, signature."""
    # A typed address proves nobody: only a verified customer is named.
    if ticket.referrer is not None and not ticket.contact_email:
        greeting = phrase("ticket_mail.greeting_named", name=greeting_name(ticket.referrer))
    else:
        greeting = phrase("ticket_mail.greeting")
    if ticket.program is None:
        team = phrase("ticket_mail.team_without_program")
    else:
        team = phrase("ticket_mail.team", brand=ticket.program.brand)
    return phrase("ticket_mail.draft", greeting=greeting, agent=agent_name, team=team)
