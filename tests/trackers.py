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


def tracker_state(
    text: str,
    intent: str,
    slots: dict[str, Any] | None = None,
    sender_id: str = "test",
    active_loop: str | None = None,
    slot_events: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A tracker after the user said ``text`` (classified as ``intent``).

    ``slot_events`` become SlotSet events after the user message, which is
    how Rasa tells a form's validation action what to validate.
    """
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "intent_ranking": [{"name": intent, "confidence": 0.99}],
        "entities": [],
        "metadata": metadata or {},
    }
    all_slots = {**(slots or {}), **(slot_events or {})}
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}]
    for name, value in (slot_events or {}).items():
        events.append({"event": "slot", "name": name, "value": value})
    return {
        "sender_id": sender_id,
        "slots": all_slots,
        "latest_message": latest,
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    }
