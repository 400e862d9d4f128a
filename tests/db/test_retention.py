"""Old conversations are deleted from Rasa's real SQL tracker store
(``bot.tracker_store.ProjectTrackerStore``), and what stays still loads."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from bot import retention
from bot.db import make_engine
from bot.retention import events, prune
from bot.tracker_store import ProjectTrackerStore

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _session(days_ago: float, *messages: str) -> list[Event]:
    start = (NOW - timedelta(days=days_ago)).timestamp()
    session: list[Event] = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
    ]
    for offset, text in enumerate(messages, start=1):
        session.append(UserUttered(text, {"name": "inform"}, timestamp=start + offset))
    return session


def _store(url: str) -> ProjectTrackerStore:
    return ProjectTrackerStore(domain=Domain.empty(), host=url)


def _save(store: ProjectTrackerStore, sender: str, evts: list[Event]) -> None:
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, evts)))


def _count(url: str, sender: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                select(func.count()).select_from(events).where(events.c.sender_id == sender)
            )
    finally:
        engine.dispose()


@pytest.fixture
def conversations(fresh_url: str) -> str:
    store = _store(fresh_url)
    # Last message 200 days ago: goes entirely.
    _save(store, "gone", _session(200, "Meine Adresse ist lena.schmidt@example.de"))
    # An old session and a current one: only the old session goes.
    _save(store, "regular", _session(120, "ASV-7K2M9P") + _session(1, "Wo bleibt meine Prämie?"))
    # One session that began before the cutoff and is still going: kept whole.
    _save(
        store, "long", [*_session(100, "Hallo"), UserUttered("noch da?", timestamp=NOW.timestamp())]
    )
    # Recent only: untouched.
    _save(store, "fresh", _session(3, "Danke"))
    store.engine.dispose()
    return fresh_url


def test_prune_deletes_old_conversations_and_old_sessions_only(conversations: str) -> None:
    before = {sender: _count(conversations, sender) for sender in ("regular", "long", "fresh")}

    result = prune(conversations, days=90, now=NOW)

    assert result.conversations_deleted == 1
    assert _count(conversations, "gone") == 0
    assert _count(conversations, "regular") == before["regular"] - 4  # the old session's 4 events
    assert _count(conversations, "long") == before["long"]
    assert _count(conversations, "fresh") == before["fresh"]
    assert result.events_deleted == 4 + 4

    store = _store(conversations)
    try:
        regular = asyncio.run(store.retrieve("regular"))
        assert regular is not None
        assert regular.latest_message.text == "Wo bleibt meine Prämie?"
        assert all(
            event.timestamp >= (NOW - timedelta(days=90)).timestamp() for event in regular.events
        )
        assert asyncio.run(store.retrieve("long")).latest_message.text == "noch da?"
    finally:
        store.engine.dispose()

    assert prune(conversations, days=90, now=NOW) == retention.PruneResult(0, 0)


def test_dry_run_counts_but_keeps_everything(conversations: str) -> None:
    total = sum(_count(conversations, s) for s in ("gone", "regular", "long", "fresh"))
    result = prune(conversations, days=90, now=NOW, dry_run=True)
    assert (result.conversations_deleted, result.events_deleted) == (1, 8)
    assert sum(_count(conversations, s) for s in ("gone", "regular", "long", "fresh")) == total


def test_a_database_without_conversations_is_fine(fresh_url: str) -> None:
    assert prune(fresh_url, days=30, now=NOW) == retention.PruneResult(0, 0)


def test_command_line(conversations: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", conversations)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "30")
    assert retention.main(["--dry-run"]) == 0
    assert "Would delete" in capsys.readouterr().out
    assert _count(conversations, "gone") > 0

    assert retention.main([]) == 0  # 30 days from the environment, real time
    output = capsys.readouterr().out
    assert output.startswith("Deleted ") and "30 days" in output
    assert _count(conversations, "gone") == 0

    with pytest.raises(SystemExit) as refused:
        retention.main(["--days", "0"])
    assert refused.value.code == 2
    assert "at least 1" in capsys.readouterr().err
