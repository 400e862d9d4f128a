"""Old conversations are deleted from Rasa's real SQL tracker store
(``bot.tracker_store.ProjectTrackerStore``), and what stays still loads."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from rasa.shared.core.events import Event, UserUttered
from sqlalchemy import func, select

from bot import retention
from bot.db import make_engine
from bot.db import tracker_events as events
from bot.retention import prune
from tests.stored_conversations import open_store, save_conversations, session_events

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _session(days_ago: float, *messages: str) -> list[Event]:
    return session_events(NOW - timedelta(days=days_ago), *messages)


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
    save_conversations(
        fresh_url,
        {
            # Last message 200 days ago: goes entirely.
            "gone": _session(200, "Meine Adresse ist lena.schmidt@example.de"),
            # An old session and a current one: only the old session goes.
            "regular": _session(120, "ASV-7K2M9P") + _session(1, "Wo bleibt meine Prämie?"),
            # One session that began before the cutoff and is still going: kept whole.
            "long": [*_session(100, "Hallo"), UserUttered("noch da?", timestamp=NOW.timestamp())],
            # Recent only: untouched.
            "fresh": _session(3, "Danke"),
        },
    )
    return fresh_url


def test_prune_deletes_old_conversations_and_old_sessions_only(conversations: str) -> None:
    before = {sender: _count(conversations, sender) for sender in ("regular", "long", "fresh")}

    result = prune(conversations, days=90, now=NOW)

    assert result.conversations_deleted == 1
    assert _count(conversations, "gone") == 0
    assert _count(conversations, "regular") == before["regular"] - 4  # the old session's 4 events
    assert _count(conversations, "long") == before["long"]
    assert _count(conversations, "fresh") == before["fresh"]
    assert result.events_deleted == 4 + 4  # "gone" and the old session of "regular"

    store = open_store(conversations)
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


def test_the_web_app_prunes_by_itself_at_start_and_logs_the_count(
    fresh_url: str, monkeypatch, caplog
) -> None:
    from tools.servers import running_web_app

    now = datetime.now(UTC)
    save_conversations(
        fresh_url,
        {
            "stale": session_events(now - timedelta(days=120), "Meine Mail: a.b@example.de"),
            "recent": session_events(now - timedelta(days=2), "Hallo"),
        },
    )
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("RETENTION_SWEEP_HOURS", "24")
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "90")

    with (
        caplog.at_level(logging.INFO, logger="web.retention_job"),
        running_web_app(
            "http://localhost:5005", lifespan=True, database_url=fresh_url, sweep_seconds=0
        ),
    ):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _count(fresh_url, "stale"):
            time.sleep(0.1)

    assert _count(fresh_url, "stale") == 0
    assert _count(fresh_url, "recent") > 0
    messages = [record.getMessage() for record in caplog.records]
    assert any("deleted 1 conversations" in message for message in messages), messages
