"""What the agent console shows: German labels and the plain shapes (dicts of
strings and numbers) of handoffs, tickets, customers and notes.

The same dicts fill the templates and the JSON API, so the page and its live
updates never disagree. They are built while the database session is open;
customer text stays plain text here (escaped by Jinja2, set with
``textContent`` by ``console.js``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from bot.cases import is_closed, reply_address
from bot.clock import local, utcnow
from bot.formatting import format_date, format_euro, mask_email, mask_name, plural
from bot.handoff import OPEN_STATES
from bot.models import (
    CaseState,
    Handoff,
    HandoffNote,
    HandoffReason,
    HandoffStatus,
    ReferralStatus,
    Referrer,
    RejectionReason,
    RewardKind,
    Ticket,
    TicketKind,
    TicketReply,
)
from bot.targets import Standing, Target, callback_days, chat_seconds, chat_target, ticket_target

REASONS = {
    HandoffReason.CUSTOMER_REQUEST: "Wunsch nach einem Menschen",
    HandoffReason.REPEATED_FALLBACK: "Bot hat nicht verstanden",
    HandoffReason.COMPLAINT: "Beschwerde",
    HandoffReason.OVERDUE_REWARD: "Prämie überfällig",
    HandoffReason.ACTION_ERROR: "Technischer Fehler",
}
STATUSES = {
    HandoffStatus.WAITING: "Wartet",
    HandoffStatus.ACTIVE: "In Bearbeitung",
    HandoffStatus.RESOLVED: "Zurück an den Bot",
    HandoffStatus.CANCELLED: "Vom Kunden beendet",
    HandoffStatus.TIMED_OUT: "Wartezeit abgelaufen",
}
NO_ADDRESS = "keine Adresse bekannt"
TICKET_STATES = {
    CaseState.OPEN: "Offen",
    CaseState.IN_PROGRESS: "In Bearbeitung",
    CaseState.DONE: "Erledigt",
}
TICKET_KINDS = {
    TicketKind.CALLBACK: "Rückruf per E-Mail",
    TicketKind.DATA_RIGHTS: "Datenschutzanfrage",
    TicketKind.OVERDUE_REWARD: "Prämie überfällig",
    TicketKind.RESEND_LIMIT: "Erneuter Versand über dem Limit",
    TicketKind.ADDRESS_CHECK: "Neue E-Mail-Adresse bestätigen",
    TicketKind.COMPLAINT: "Beschwerde",
}
REFERRAL_STATUSES = {
    ReferralStatus.RECOMMENDED: "Empfohlen",
    ReferralStatus.CONTRACT_SIGNED: "Vertrag abgeschlossen (Widerrufsfrist)",
    ReferralStatus.WAITING_PERIOD: "Wartezeit läuft",
    ReferralStatus.QUALIFIED: "Qualifiziert",
    ReferralStatus.REWARD_ORDERED: "Prämie bestellt",
    ReferralStatus.REWARD_SENT: "Prämie versendet",
    ReferralStatus.REJECTED: "Abgelehnt",
    ReferralStatus.EXPIRED: "Abgelaufen",
}
REJECTION_REASONS = {
    RejectionReason.CONTRACT_CANCELLED: "Vertrag widerrufen",
    RejectionReason.ALREADY_CUSTOMER: "bereits Kunde",
    RejectionReason.SELF_REFERRAL: "Selbstempfehlung",
    RejectionReason.CONTRACT_NOT_ELIGIBLE: "Vertrag nicht prämienberechtigt",
    RejectionReason.DUPLICATE: "schon von jemand anderem empfohlen",
}
REWARD_KINDS = {
    RewardKind.CASH: "Geldprämie",
    RewardKind.VOUCHER: "Gutschein",
    RewardKind.ITEM: "Sachprämie",
}
NO_PROGRAM = "Ohne Programm"
MAX_REFERRALS_SHOWN = 50


def since(delta: timedelta) -> str:
    """``"seit 3 Min."``, ``"seit 2 Std. 5 Min."``, ``"seit 3 Tagen"``."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "seit weniger als 1 Min."
    if minutes < 60:
        return f"seit {minutes} Min."
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"seit {hours} Std. {rest} Min." if rest else f"seit {hours} Std."
    days = hours // 24
    return "seit " + plural(days, "Tag", "Tagen")


def duration(seconds: float | None) -> str:
    """``"45 s"``, ``"1 Min. 20 s"``, ``"25 Min."``, ``"2 Std. 5 Min."``,
    ``"1 Tag 3 Std."``; ``"–"`` for none."""
    if seconds is None:
        return "–"
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 10:
        return f"{minutes} Min. {rest} s" if rest else f"{minutes} Min."
    if minutes < 60:
        return f"{minutes} Min."
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} Std. {minutes} Min." if minutes else f"{hours} Std."
    days, hours = divmod(hours, 24)
    text = plural(days, "Tag", "Tage")
    return f"{text} {hours} Std." if hours else text


def clock(moment: datetime | None) -> str:
    """``"30.11.2026, 14:05 Uhr"`` (local time); empty for none."""
    return local(moment).strftime("%d.%m.%Y, %H:%M Uhr") if moment else ""


def iso(moment: datetime | None) -> str | None:
    return local(moment).isoformat(timespec="seconds") if moment else None


def day(value: date | None) -> str:
    return format_date(value) if value else "–"


def target_fields(target: Target, goal: str, now: datetime) -> dict:
    """The response-time target of a queue line (``bot/targets.py``): where
    it stands, in words, and the seconds left while its counter runs."""
    standing = target.standing(now)
    left = target.seconds_left(now)
    answered = target.answered_at
    label = {
        Standing.ON_TRACK: f"noch {duration(left)}",
        Standing.CLOSE: f"nur noch {duration(left)}",
        Standing.OVERDUE: f"Ziel seit {duration(-(left or 0))} überschritten",
        Standing.ENDED: "ohne Antwort beendet",
    }.get(standing)
    if label is None and answered is not None:
        late = "im Ziel" if standing is Standing.MET else "Ziel verfehlt"
        label = f"beantwortet nach {duration((answered - target.start).total_seconds())} ({late})"
    elif label is None:
        label = "ohne Antwort beendet (Ziel verfehlt)"
    return {
        "target": standing.value,
        "target_label": label,
        "target_goal": goal,
        "seconds_left": None if left is None else round(left),
        "deadline": iso(target.deadline),
    }


def chat_goal(handoff: Handoff) -> str:
    return f"Erste Antwort im Chat in {duration(chat_seconds(handoff.program))}"


def ticket_goal(ticket: Ticket) -> str:
    if ticket.kind is TicketKind.CALLBACK:
        days = callback_days(ticket.program)
        return "Antwort per E-Mail in " + plural(days, "Werktag", "Werktagen")
    return f"Erledigt bis {format_date(ticket.due_on)}"


def handoff_row(handoff: Handoff, agent_id: int | None, now: datetime | None = None) -> dict:
    """One line of the queue (also the header of the conversation view)."""
    now = now or utcnow()
    program = handoff.program
    is_open = handoff.status in OPEN_STATES
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "url": f"/console/handoffs/{handoff.id}",
        "program": program.slug if program else None,
        "brand": program.brand if program else NO_PROGRAM,
        "reason": handoff.reason.value,
        "reason_label": REASONS[handoff.reason],
        "summary": handoff.summary,
        "status": handoff.status.value,
        "status_label": STATUSES[handoff.status],
        "created_at": iso(handoff.created_at),
        "created_label": clock(handoff.created_at),
        # Runs while the request is open; an ended one shows how long it took.
        "waiting": since(now - handoff.created_at)
        if is_open or handoff.ended_at is None
        else f"beendet nach {duration((handoff.ended_at - handoff.created_at).total_seconds())}",
        "time_label": "Wartet seit" if handoff.status is HandoffStatus.WAITING else "Angefragt am",
        "agent": handoff.agent.display_name if handoff.agent else None,
        "mine": handoff.status is HandoffStatus.ACTIVE and handoff.agent_id == agent_id,
        "open": is_open,
        "ended_label": clock(handoff.ended_at),
        **target_fields(chat_target(handoff), chat_goal(handoff), now),
    }


def ticket_row(ticket: Ticket, agent_id: int | None, now: datetime | None = None) -> dict:
    """One line of the open tickets (also the header of the ticket view).
    The customer's address is masked unless the agent works the ticket."""
    now = now or utcnow()
    mine = ticket.agent_id is not None and ticket.agent_id == agent_id
    address = reply_address(ticket)
    if address is None:
        reply_to = NO_ADDRESS
    elif mine:
        reply_to = address
    else:
        reply_to = mask_email(address)
    return {
        "id": ticket.id,
        "url": f"/console/tickets/{ticket.id}",
        "kind": ticket.kind.value,
        "kind_label": TICKET_KINDS[ticket.kind],
        "brand": ticket.program.brand if ticket.program else NO_PROGRAM,
        "program": ticket.program.slug if ticket.program else None,
        "state": ticket.state.value,
        "state_label": TICKET_STATES[ticket.state],
        "created_label": clock(ticket.created_at),
        "due_on": ticket.due_on.isoformat(),
        "due_label": format_date(ticket.due_on),
        "overdue": ticket.due_on < local(now).date(),
        "details": ticket.details,
        # Where the answer goes: the address a customer without verification
        # typed (to be confirmed before naming any data), else the one on file.
        "reply_to": reply_to,
        "reply_address_known": address is not None,
        "reply_unconfirmed": ticket.contact_email is not None,
        "agent": ticket.agent.display_name if ticket.agent else None,
        "mine": mine,
        "open": not is_closed(ticket),
        "answered_label": clock(ticket.answered_at),
        "closed_label": clock(ticket.closed_at),
        **target_fields(ticket_target(ticket), ticket_goal(ticket), now),
    }


def reply_row(reply: TicketReply) -> dict:
    return {
        "id": reply.id,
        "agent": reply.agent.display_name,
        "subject": reply.subject,
        "text": reply.body,
        "sent": reply.sent_at is not None,
        "time_label": clock(reply.sent_at or reply.created_at),
    }


def note_row(note: HandoffNote) -> dict:
    return {
        "id": note.id,
        "agent": note.agent.display_name,
        "text": note.text,
        "time": iso(note.created_at),
        "time_label": clock(note.created_at),
    }


def referrer_card(referrer: Referrer | None) -> dict | None:
    """The verified customer and their referrals; None: not verified."""
    if referrer is None:
        return None
    name = " ".join(p for p in (referrer.salutation, referrer.first_name, referrer.last_name) if p)
    referrals: list[dict[str, Any]] = []
    for referral in referrer.referrals[:MAX_REFERRALS_SHOWN]:
        reward = referral.reward
        status = REFERRAL_STATUSES[referral.status]
        if referral.rejection_reason is not None:
            status = f"{status}: {REJECTION_REASONS[referral.rejection_reason]}"
        referrals.append(
            {
                "friend": mask_name(referral.friend_first_name, referral.friend_last_name),
                "status": status,
                "recommended_on": day(referral.recommended_on),
                "contract_signed_on": day(referral.contract_signed_on),
                "qualified_on": day(referral.qualified_on),
                "status_changed_on": day(referral.status_changed_on),
                "reward": None
                if reward is None
                else {
                    "kind": REWARD_KINDS[reward.kind],
                    "value": reward.description
                    if reward.kind is RewardKind.ITEM
                    else format_euro(reward.value_cents),
                    "ordered_on": day(reward.ordered_on),
                    "sent_on": day(reward.sent_on),
                    "resend_count": reward.resend_count,
                    "bounced": reward.mail_bounced,
                },
            }
        )
    return {
        "name": name,
        "email": referrer.email,
        "referral_code": referrer.referral_code,
        "brand": referrer.program.brand,
        "referrals": referrals,
        "more_referrals": max(0, len(referrer.referrals) - MAX_REFERRALS_SHOWN),
    }
