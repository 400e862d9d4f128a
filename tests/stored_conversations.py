"""Conversations written through Rasa's real SQL tracker store
(``bot.tracker_store.ProjectTrackerStore``), for the tests of what the project
reads from it (retention, metrics)."""

from __future__ import annotations

import asyncio
from datetime import datetime

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ProjectTrackerStore


def session_events(
    start: datetime, *messages: str | tuple[str, str], program: str | None = None
) -> list[Event]:
    """One session from ``start`` (aware): its start, the ``program`` slot,
    then one customer message per second. A message is a text (intent
    ``inform``) or a pair (text, intent)."""
    at = start.timestamp()
    session: list[Event] = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
    ]
    if program:
        session.append(SlotSet("program", program, timestamp=at))
    session.append(ActionExecuted("action_listen", timestamp=at))
    for offset, message in enumerate(messages, start=1):
        text, intent = message if isinstance(message, tuple) else (message, "inform")
        session.append(UserUttered(text, {"name": intent}, timestamp=at + offset))
    return session


def open_store(url: str) -> ProjectTrackerStore:
    return ProjectTrackerStore(domain=Domain.empty(), host=url)


def save_conversations(url: str, conversations: dict[str, list[Event]]) -> None:
    """Store each sender's events as Rasa's server would."""
    store = open_store(url)
    try:
        for sender, events in conversations.items():
            asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    finally:
        store.engine.dispose()
