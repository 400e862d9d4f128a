"""The SQLite database holds customers' data and conversations: its files are
readable by their owner only (mode 600), whether new or already there."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot import migrate
from bot.db import make_engine
from bot.tracker_store import ProjectTrackerStore


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """Files would be 644 under the usual umask unless the project says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_file_is_created_with_mode_600(tmp_path: Path) -> None:
    database = tmp_path / "referral.db"

    migrate.upgrade(f"sqlite:///{database}")

    assert _mode(database) == 0o600
    for companion in tmp_path.glob("referral.db-*"):
        assert _mode(companion) == 0o600, companion.name


def test_an_existing_readable_database_file_is_tightened_on_start(tmp_path: Path) -> None:
    database = tmp_path / "referral.db"
    migrate.upgrade(f"sqlite:///{database}")
    database.chmod(0o644)
    wal = tmp_path / "referral.db-wal"
    wal.touch(mode=0o644)

    make_engine(f"sqlite:///{database}").dispose()

    assert _mode(database) == 0o600
    assert _mode(wal) == 0o600


def test_a_separate_conversation_database_is_created_with_mode_600(tmp_path: Path) -> None:
    database = tmp_path / "conversations.db"

    store = ProjectTrackerStore(domain=Domain.empty(), host=f"sqlite:///{database}")
    store.engine.dispose()

    assert _mode(database) == 0o600
