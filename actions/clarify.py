"""Action for the first stage of the fallback: clarify with topic buttons."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.topics import clarification_buttons, clarify_prompt


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = [button.as_dict() for button in clarification_buttons(ranking)]
        user_turns = sum(1 for event in tracker.events if event.get("event") == "user")
        dispatcher.utter_message(text=clarify_prompt(user_turns), buttons=buttons)
        return []
