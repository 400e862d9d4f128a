"""Rasa's SQL tracker store, pointed at the project's database by URL.

Rasa's own ``type: SQL`` takes dialect, host, port and database as separate
settings and would need a second copy of the connection details in
``endpoints.yml``. This subclass reads the same environment as the rest of
the project (``bot.db.tracker_database_url``), so ``DATABASE_URL`` alone moves
referral data, handoffs and conversations together.

Rasa loads it by module path (``endpoints.yml``, ``tracker_store.type``);
the Rasa server runs from the project folder, so ``bot`` is importable.
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore

from bot.db import tracker_database_url


class ProjectTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` on ``TRACKER_DATABASE_URL`` / ``DATABASE_URL``."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        # A full URL as `host` is used unchanged by SQLTrackerStore.get_db_url.
        super().__init__(domain=domain, host=host or tracker_database_url(), **kwargs)
