"""What the agent console shows: German labels and the plain shapes (dicts of
strings and numbers) of handoffs, tickets, customers and notes.

The same dicts fill the templates and the JSON API, so the page and its live
updates never disagree. They are built while the database session is open;
customer text stays plain text here (escaped by Jinja2, set with
``textContent`` by ``console.js``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.clock import TIMEZONE, utcnow
from bot.formatting import format_date, format_euro, mask_name, plural
from bot.handoff import OPEN_STATES
from bot.models import (
    Agent,
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
)

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
REPLY_ON_FILE = "hinterlegte Adresse"
TICKET_KINDS = {
    TicketKind.CALLBACK: "Rückruf per E-Mail",
    TicketKind.DATA_RIGHTS: "Datenschutzanfrage",
    TicketKind.OVERDUE_REWARD: "Prämie überfällig",
    TicketKind.RESEND_LIMIT: "Erneuter Versand über dem Limit",
    TicketKind.ADDRESS_CHECK: "Neue E-Mail-Adresse bestätigen",
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


def local(moment: datetime) -> datetime:
    """A stored (naive UTC) timestamp in German local time."""
    return moment.replace(tzinfo=UTC).astimezone(TIMEZONE)


def clock(moment: datetime | None) -> str:
    """``"30.11.2026, 14:05 Uhr"`` (local time); empty for none."""
    return local(moment).strftime("%d.%m.%Y, %H:%M Uhr") if moment else ""


def iso(moment: datetime | None) -> str | None:
    return local(moment).isoformat(timespec="seconds") if moment else None


def day(value: date | None) -> str:
    return format_date(value) if value else "–"


def handoff_row(handoff: Handoff, agent_id: int | None, now: datetime | None = None) -> dict:
    """One line of the queue (also the header of the conversation view)."""
    now = now or utcnow()
    program = handoff.program
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
        "waiting": since(now - handoff.created_at),
        "agent": handoff.agent.display_name if handoff.agent else None,
        "mine": handoff.status is HandoffStatus.ACTIVE and handoff.agent_id == agent_id,
        "open": handoff.status in OPEN_STATES,
        "ended_label": clock(handoff.ended_at),
    }


def ticket_row(ticket: Ticket, brands: dict[int, str], today: date) -> dict:
    return {
        "id": ticket.id,
        "kind": ticket.kind.value,
        "kind_label": TICKET_KINDS[ticket.kind],
        "brand": brands.get(ticket.program_id, NO_PROGRAM) if ticket.program_id else NO_PROGRAM,
        "due_on": ticket.due_on.isoformat(),
        "due_label": format_date(ticket.due_on),
        "overdue": ticket.due_on < today,
        "details": ticket.details,
        # Where the answer goes: the address a customer without verification
        # typed (to be confirmed before naming any data), else the one on file.
        "reply_to": ticket.contact_email or REPLY_ON_FILE,
        "reply_unconfirmed": ticket.contact_email is not None,
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


def agent_label(agent: Agent) -> str:
    return f"{agent.display_name} ({agent.username})"
