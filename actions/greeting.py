"""Greetings: "Hallo" gets the bot's introduction; "wie geht's dir?" (small
talk the NLU reads as a greeting) gets a short, friendly answer and the
question what the customer needs, not the introduction a second time."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Events, latest_text

_HOW_ARE_YOU = re.compile(
    r"\b(wie\s+geht'?s|wie\s+gehts|wie\s+geht\s+es|alles\s+(gut|klar|fit)\s+bei\s+(dir|ihnen|euch)"
    r"|wie\s+l[äa]uft'?s)\b",
    re.IGNORECASE,
)


def asks_how_the_bot_is(text: str) -> bool:
    """Whether a greeting asks how the bot is ("Hi, wie geht's?")."""
    return bool(_HOW_ARE_YOU.search(text))


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> Events:
        # The tracker holds the events before this action: an earlier
        # action_greet is an earlier greeting.
        greeted = any(
            event.get("event") == "action" and event.get("name") == "action_greet"
            for event in tracker.events
        )
        if asks_how_the_bot_is(latest_text(tracker)):
            dispatcher.utter_message(response="utter_how_are_you")
        elif greeted:
            dispatcher.utter_message(response="utter_greet_again")
        else:
            dispatcher.utter_message(response="utter_greet")
        return []
