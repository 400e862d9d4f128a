"""The rating action (actions/handoff.py) when the NLU takes digits for a rating."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.handoff import RATING_BUTTONS, ActionRecordRating
from tests.trackers import tracker_state


def _rate(session: Session, text: str, asked: bool) -> list[dict]:
    state = tracker_state(text, "rate")
    if asked:
        state["events"].insert(
            0, {"event": "bot", "text": "Wie zufrieden …?", "data": {"buttons": RATING_BUTTONS}}
        )
    dispatcher = CollectingDispatcher()
    ActionRecordRating().act(session, dispatcher, Tracker.from_dict(state), {})
    return dispatcher.messages


def test_digits_without_a_rating_asked_get_a_clarification_not_the_survey(session: Session):
    """ "Sie erreichen mich unter 0170 …" once got "Wie zufrieden waren Sie?"."""
    messages = _rate(session, "Sie erreichen mich unter 0170 7654321.", asked=False)
    assert len(messages) == 1
    assert messages[0]["response"] is None and messages[0]["text"].endswith("?")
    assert "/request_human" in [button["payload"] for button in messages[0]["buttons"]]


def test_an_unclear_answer_to_the_rating_question_gets_the_buttons_again(session: Session):
    messages = _rate(session, "naja, geht so", asked=True)
    assert [message["response"] for message in messages] == ["utter_ask_rating"]
