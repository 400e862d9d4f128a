"""Complaints: the customer's words are recorded (personal data masked,
linked to the referrer once verified), with a follow-up date and a person
offered. Asked "Was ist passiert?", many customers answer with code and
e-mail: they are verified and get their status first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    DatabaseAction,
    Events,
    conversation_program,
    latest_text,
    verified_referrer_id,
)
from actions.inform import ActionInform
from actions.verification import details_in_message
from bot.cases import record_complaint
from bot.clock import today
from bot.formatting import format_date
from bot.topics import HUMAN_BUTTON

# The customer's own words of the last turns go into the record, so the
# complaint and its details ("Was ist passiert?") are both kept.
COMPLAINT_TURNS = 2


def recent_user_texts(tracker: Tracker, turns: int) -> list[str]:
    texts = [
        str(event.get("text") or "")
        for event in tracker.events
        if event.get("event") == "user" and not str(event.get("text") or "").startswith("/")
    ]
    return [text for text in texts[-turns:] if text.strip()]


class ActionRecordComplaint(DatabaseAction):
    """Record the complaint (the customer's last messages), thank them with
    its number and follow-up date, and offer a person."""

    def name(self) -> str:
        return "action_record_complaint"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        program = conversation_program(session, tracker)
        events: Events = []
        code, email = details_in_message(tracker)
        if code and email:
            # "Was ist passiert?" answered with code and e-mail: the status
            # is the answer the customer waits for, then the complaint.
            events = ActionInform.verify_and_answer(session, dispatcher, tracker, code, email)
        verified = {
            event["name"]: event["value"] for event in events if event.get("event") == "slot"
        }.get("verified_referrer")
        text = "\n".join(recent_user_texts(tracker, COMPLAINT_TURNS)) or latest_text(tracker)
        complaint = record_complaint(
            session,
            tracker.sender_id,
            text,
            today(),
            program_id=program.id if program else None,
            referrer_id=int(verified) if verified else verified_referrer_id(session, tracker),
        )
        dispatcher.utter_message(
            response="utter_complaint_recorded",
            complaint_id=complaint.id,
            follow_up=format_date(complaint.follow_up_on),
            buttons=[HUMAN_BUTTON.as_dict()],
        )
        return events
