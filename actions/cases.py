"""GDPR requests become tickets that people work on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    DatabaseAction,
    Events,
    latest_text,
    verified_referrer,
)
from bot.cases import DATA_RIGHTS_DAYS, data_rights_kind, open_ticket
from bot.clock import today
from bot.formatting import format_date, mask_email
from bot.models import Referrer, TicketKind


def request_text(tracker: Tracker, intent: str) -> str:
    """The customer's words when they made the request (before verification)."""
    for event in reversed(tracker.events):
        if (
            event.get("event") == "user"
            and (event.get("parse_data") or {}).get("intent", {}).get("name") == intent
        ):
            return str(event.get("text") or "")
    return latest_text(tracker)


def answer_data_rights(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, referrer: Referrer
) -> Events:
    """Open the GDPR ticket for a verified customer. The answer goes by mail
    to the address on file; the chat never shows stored data."""
    text = request_text(tracker, "request_data_rights")
    kind = data_rights_kind(text, tracker.get_slot("kb_entry"))
    due = today() + timedelta(days=DATA_RIGHTS_DAYS)
    opened = open_ticket(
        session,
        TicketKind.DATA_RIGHTS,
        tracker.sender_id,
        details=f"{kind}: {text}",
        due_on=due,
        program_id=referrer.program_id,
        referrer_id=referrer.id,
    )
    dispatcher.utter_message(
        response="utter_data_rights_ticket",
        ticket_id=opened.ticket.id,
        request_kind=kind,
        due=format_date(due),
        email=mask_email(referrer.email),
    )
    return []


class ActionDataRightsTicket(DatabaseAction):
    def name(self) -> str:
        return "action_data_rights_ticket"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        referrer = verified_referrer(session, tracker)
        if referrer is None:
            dispatcher.utter_message(response="utter_data_rights")
            return []
        return answer_data_rights(session, dispatcher, tracker, referrer)
