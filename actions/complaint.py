"""Complaints: the customer's words are recorded (personal data masked,
linked to the referrer once verified), with a follow-up date and a person
offered. Asked "Was ist passiert?", many customers answer with code and
e-mail: they are verified and get their status first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import (
    DatabaseAction,
    Events,
    details_in_message,
    verified_referrer_id,
)
from actions.cases import record_and_confirm
from actions.inform import ActionInform
from actions.knowledge import status_is_topic


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
        events: Events = []
        code, email = details_in_message(tracker)
        if code and email:
            # "Was ist passiert?" answered with code and e-mail: the status
            # is the answer the customer waits for, then the complaint.
            events = ActionInform.verify_and_answer(session, dispatcher, tracker, code, email)
        verified = {
            event["name"]: event["value"] for event in events if event.get("event") == "slot"
        }.get("verified_referrer")
        referrer_id = int(verified) if verified else verified_referrer_id(session, tracker)
        record_and_confirm(session, dispatcher, tracker, referrer_id, "utter_complaint_recorded")
        return events


class ActionRecordDispute(DatabaseAction):
    """A complaint right after a status without reward ("aber sie hat doch
    abgeschlossen!"): the customer already said what is wrong, so the
    objection is recorded at once for the team to check the referral again,
    instead of asking "Was ist passiert?"."""

    def name(self) -> str:
        return "action_record_dispute"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        referrer_id = verified_referrer_id(session, tracker)
        if referrer_id is None or not status_is_topic(tracker):
            # Other topics came between: an ordinary complaint ("Was ist passiert?").
            return [SlotSet("status_disputable", False), FollowupAction("utter_complaint")]
        record_and_confirm(session, dispatcher, tracker, referrer_id, "utter_dispute_recorded")
        return [SlotSet("status_disputable", False)]
