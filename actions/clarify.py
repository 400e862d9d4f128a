"""Action for the first stage of the fallback: clarify with topic buttons,
unless the message clearly asks a knowledge-base question after all."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, Events
from actions.knowledge import answer_entry, find_entry
from bot.knowledge.entries import knowledge_base
from bot.topics import clarification_buttons, clarify_prompt


class ActionClarify(DatabaseAction):
    def name(self) -> str:
        return "action_clarify"

    def act(
        self,
        session: Session,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> Events:
        entry = find_entry(knowledge_base(), tracker)
        if entry is not None:
            return answer_entry(session, dispatcher, tracker, entry)
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = [button.as_dict() for button in clarification_buttons(ranking)]
        user_turns = sum(1 for event in tracker.events if event.get("event") == "user")
        dispatcher.utter_message(text=clarify_prompt(user_turns), buttons=buttons)
        return []
