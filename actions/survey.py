"""The recommendation question (NPS) after the rating, as a Rasa form.

``action_record_rating`` (actions/handoff.py) sets the slot ``nps_due`` when
this conversation is to be asked (``bot.nps.should_ask``); a rule
(data/rules/survey.yml) then starts ``nps_form``, which asks for
``nps_score`` (0 to 10, buttons or typed: "9", "neun", "10 von 10") and
``nps_comment`` (optional: the button "Kein Kommentar" or a typed "nein"
skips it). ``action_finish_nps`` thanks the customer and clears the slots.

The customer never has to answer. A message that is no answer to the
question (another question, a greeting) fills no slot, so Rasa rejects the
form and the usual rules answer that message instead; when Rasa then runs
the form again, it ends without a word (``required_slots`` is empty after
such an interruption). "nein" to the question ends the survey politely.
Scores are stored as soon as they are given, so a customer who changes the
topic at the comment keeps their score.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.base import (
    DatabaseAction,
    Events,
    conversation_program,
    latest_confidence,
    latest_intent,
    latest_text,
)
from bot import nps
from bot.db import session_scope
from bot.topics import TOPIC_TITLES

logger = logging.getLogger(__name__)

SCORE, COMMENT, DUE = "nps_score", "nps_comment", "nps_due"
# Short answers that decline (the question or the comment); longer messages
# with "nein" in them are comments ("nein, aber die Wartezeit war zu lang").
DECLINE_INTENTS = {"deny", "thank"}
DECLINE_WORDS = {
    "kein kommentar",
    "keinen kommentar",
    "keine angabe",
    "keine",
    "nein",
    "nein danke",
    "nee",
    "nö",
    "noe",
    "nichts",
    "passt",
    "passt schon",
    "lieber nicht",
    "überspringen",
    "weiter",
    "danke",
    "-",
}
MAX_DECLINE_WORDS = 3
# At the comment, these intents mean the customer wants something else (a
# complaint or "das hat nicht geholfen" is what a comment is for).
TOPIC_CHANGE_INTENTS = (set(TOPIC_TITLES) - {"complaint"}) | {
    "request_human",
    "greet",
    "goodbye",
    "ask_why",
    "ask_how_long",
    "referred_friend",
    "hardship",
    "threat",
    "english",
    "bot_challenge",
}
MIN_TOPIC_CONFIDENCE = 0.6
# What runs between the customer's message and the form when the message
# answers the survey; any other action means another rule answered it.
SURVEY_STEPS = {"action_listen", "action_extract_slots", "nps_form", "validate_nps_form"}


def declines(tracker: Tracker) -> bool:
    """A short "nein", "kein Kommentar" or the skip button (``/deny``)."""
    text = latest_text(tracker).strip().lower().strip(".!, ")
    if text in DECLINE_WORDS:
        return True
    name = latest_intent(tracker)
    return name in DECLINE_INTENTS and len(text.split()) <= MAX_DECLINE_WORDS


def changes_topic(tracker: Tracker) -> bool:
    """A question or a request rather than a comment."""
    if "?" in latest_text(tracker):
        return True
    name, confidence = latest_intent(tracker), latest_confidence(tracker)
    return name in TOPIC_CHANGE_INTENTS and confidence >= MIN_TOPIC_CONFIDENCE


def interrupted(tracker: Tracker) -> bool:
    """Another action answered the customer's latest message: the form was
    rejected and the usual rules took over."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") not in SURVEY_STEPS:
            return True
    return False


def button_score(tracker: Tracker) -> int | None:
    """The score of a button (``/rate{"nps_score": "9"}``)."""
    value = next(tracker.get_latest_entity_values(SCORE), None)
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


# What the extractors hand to validation for "no, thanks": a value no
# customer can produce, so that validation ends the form (rasa-sdk passes on
# only the form's own slots, so the extractor cannot end it itself).
DECLINED = "__declined__"


def _end_survey(slot: str) -> dict[str, Any]:
    return {slot: None, "requested_slot": None, DUE: False}


class ValidateNpsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_nps_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Rasa runs the form again after another rule answered a message
        # (an "unhappy path"): then the survey ends without a word instead of
        # asking once more.
        if tracker.slots.get("requested_slot") in (SCORE, COMMENT) and interrupted(tracker):
            return []
        return domain_slots

    async def extract_nps_score(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.slots.get("requested_slot") != SCORE:
            return {}
        score = button_score(tracker)
        if score is None:
            score = nps.read_score(latest_text(tracker))
        if score is not None:
            return {SCORE: score}
        return {SCORE: DECLINED} if declines(tracker) else {}

    def validate_nps_score(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == DECLINED:
            return _end_survey(SCORE)
        if not isinstance(value, int) or not nps.in_range(value):
            dispatcher.utter_message(response="utter_nps_invalid_score")
            return {SCORE: None}
        try:
            with session_scope() as session:
                program = conversation_program(session, tracker)
                nps.record_answer(
                    session,
                    conversation_id=tracker.sender_id,
                    score=value,
                    program_id=program.id if program else None,
                )
        except SQLAlchemyError:
            # The customer still gets their thanks; the answer is lost.
            logger.exception("database error while storing an NPS answer")
        return {SCORE: value}

    async def extract_nps_comment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.slots.get("requested_slot") != COMMENT:
            return {}
        if declines(tracker):
            return {COMMENT: DECLINED}
        if changes_topic(tracker):
            return {}
        return {COMMENT: latest_text(tracker)}

    def validate_nps_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        comment = nps.clean_comment(str(value)) if value != DECLINED else None
        if comment is None:
            return _end_survey(COMMENT)
        return {COMMENT: comment}


class ActionFinishNps(DatabaseAction):
    """Store the comment, thank the customer, clear the survey's slots."""

    def name(self) -> str:
        return "action_finish_nps"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        comment = tracker.get_slot(COMMENT)
        if interrupted(tracker):
            pass  # the customer asked something else and got the answer
        elif tracker.get_slot(SCORE) is None:
            dispatcher.utter_message(response="utter_nps_declined")
        elif comment and nps.add_comment(session, tracker.sender_id, str(comment)):
            dispatcher.utter_message(response="utter_nps_thanks_comment")
        else:
            dispatcher.utter_message(response="utter_nps_thanks")
        return cleared()

    def on_database_error(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        dispatcher.utter_message(response="utter_nps_thanks")
        return cleared()


def cleared() -> Events:
    return [SlotSet(DUE, False), SlotSet(SCORE, None), SlotSet(COMMENT, None)]


def record_late_score(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker, score: int
) -> Events:
    """A score button pressed after the survey rested (the customer asked
    something else first): stored once per conversation, then thanks."""
    if nps.latest_answer(session, tracker.sender_id) is None:
        program = conversation_program(session, tracker)
        nps.record_answer(
            session,
            conversation_id=tracker.sender_id,
            score=score,
            program_id=program.id if program else None,
        )
    dispatcher.utter_message(response="utter_nps_thanks")
    return cleared()
