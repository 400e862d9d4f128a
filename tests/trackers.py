"""Tracker state as Rasa sends it to the action server, for action tests."""

from __future__ import annotations

from typing import Any


def fallback_tracker_state(
    text: str, ranking: list[dict[str, Any]], sender_id: str = "test"
) -> dict[str, Any]:
    """A tracker whose latest user message ended in ``nlu_fallback`` with ``ranking``."""
    latest = {
        "text": text,
        "intent": ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 0.0},
        "intent_ranking": ranking,
        "entities": [],
    }
    return {
        "sender_id": sender_id,
        "slots": {},
        "latest_message": latest,
        "events": [{"event": "user", "text": text, "parse_data": latest}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
