"""Rasa's SQL tracker store, pointed at the project's database by URL.

Rasa's own ``type: SQL`` takes dialect, host, port and database as separate
settings and would need a second copy of the connection details in
``endpoints.yml``. This subclass reads the same environment as the rest of
the project (``bot.db.tracker_database_url``), so ``DATABASE_URL`` alone moves
referral data, handoffs and conversations together.

Rasa loads it by module path (``endpoints.yml``, ``tracker_store.type``);
the Rasa server runs from the project folder, so ``bot`` is importable.

**Personal data at rest.** What is written to the ``events`` table is masked
(``bot.formatting.mask_personal_data``: e-mail addresses, referral codes,
IBANs, phone numbers; in the bot's messages also the name after "Frau" /
"Herr", but not the example code of its own responses): the customer's
text, the NLU result with its entity values, the bot's messages, every other
string of an event. The slots that hold what the
verification still needs (``SEALED_SLOTS``) are sealed instead
(``bot.sealing``), and opened again by ``retrieve``, which Rasa calls at
every message, so a code given in one message and the e-mail in the next
still meet. Within a turn Rasa works on the tracker in memory: actions see
the current message in plain text, earlier messages masked.

``retrieve_full_tracker`` (the HTTP API's ``GET /conversations/{id}/tracker``,
all sessions) leaves sealed values sealed: nobody outside the bot's own turn
needs them. Stored text is masked for good, so the console transcript, the
widget's history after a reload and the metrics read the masked text.

**Off the event loop.** SQLAlchemy sessions here are synchronous. Rasa's
own ``save`` and ``_retrieve`` run them on the Rasa server's event loop, which
then serves nobody else while a query or a commit waits for the database.
Here the database work of ``save`` and ``_retrieve`` (queries, JSON, masking
and sealing, rebuilding the tracker) runs in a worker thread
(``asyncio.to_thread``). Rasa's lock store lets one message per conversation
through at a time, so no two threads work on the same conversation.

Importing this module also masks the Rasa process's log (``bot.log_masking``)
and makes Rasa's check of action server responses cheap
(``bot.action_results``): every Rasa process of the project loads it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot import action_results, log_masking
from bot.db import restrict_sqlite_file, tracker_database_url
from bot.formatting import mask_personal_data
from bot.referral_code import EXAMPLE_CODE, find_codes
from bot.sealing import Sealer, UnreadableSeal, is_sealed

logger = logging.getLogger(__name__)

log_masking.install()
action_results.install()

# Slots whose values are stored sealed instead of masked (domain.yml): the
# verification needs them in full across messages.
SEALED_SLOTS = frozenset({"referral_code", "email", "rejected_details"})
# "Danke, Frau Hoffmann, ..." -> "Danke, Frau H., ...": the greeting in the
# bot's messages names the verified customer.
_SALUTATION_NAME_RE = re.compile(r"\b(Frau|Herr) ([A-ZÄÖÜ])[\wÄÖÜäöüß'-]*")


def _mask_strings(value: Any, mask: Any) -> Any:
    """``value`` with ``mask`` applied to every string inside it."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _mask_strings(item, mask) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_strings(item, mask) for item in value]
    return value


def example_codes(domain: Domain | None) -> frozenset[str]:
    """Codes the bot's own responses show as examples ("sieht etwa so aus:
    ASV-7K3M9P", domain.yml): nobody's data, and kept in the stored bot
    messages so that the widget's history after a reload reads the same."""
    if domain is None:
        return frozenset()
    texts = [
        variant.get("text")
        for variants in domain.responses.values()
        for variant in variants
        if isinstance(variant, dict)
    ]
    return frozenset(code for text in texts if isinstance(text, str) for code in find_codes(text))


def _bot_text_masker(keep: frozenset[str]) -> Callable[[str], str]:
    """Masks a bot message: personal data, the name after Frau/Herr; the
    ``keep`` codes and the program example codes (``SSE-7K3M9P``,
    ``bot.referral_code.EXAMPLE_CODE``) stay."""

    def mask(text: str) -> str:
        return _SALUTATION_NAME_RE.sub(r"\1 \2.", mask_personal_data(text))

    examples = re.compile(
        "|".join([EXAMPLE_CODE.pattern, *(re.escape(code) for code in sorted(keep))])
    )

    def mask_around_examples(text: str) -> str:
        pieces = examples.split(text)
        kept = [*examples.findall(text), ""]
        return "".join(mask(piece) + code for piece, code in zip(pieces, kept, strict=True))

    return mask_around_examples


def stored_form(
    data: dict[str, Any], sealer: Sealer, keep_codes: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """One event (``Event.as_dict()``) as it is written to the database;
    ``keep_codes``: the example codes of the bot's responses."""
    if data.get("event") == "slot" and data.get("name") in SEALED_SLOTS:
        value = data.get("value")
        return {**data, "value": None if value is None else sealer.seal(value)}
    mask = _bot_text_masker(keep_codes) if data.get("event") == "bot" else mask_personal_data
    return _mask_strings(data, mask)


class ProjectTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` on ``TRACKER_DATABASE_URL`` / ``DATABASE_URL`` that
    masks what it stores and seals ``SEALED_SLOTS`` (see module doc)."""

    def __init__(
        self,
        domain: Any = None,
        host: str | None = None,
        sealer: Sealer | None = None,
        **kwargs: Any,
    ) -> None:
        # Without a key the server must not start: it could not keep a
        # verification across messages. MissingSecret says which key is missing.
        self.sealer = sealer or Sealer.from_env()
        self._examples: frozenset[str] = frozenset()
        self._examples_of: Domain | None = None
        url = host or tracker_database_url()
        # Rasa makes its own engine: an SQLite file is made private here.
        restrict_sqlite_file(url)
        # A full URL as `host` is used unchanged by SQLTrackerStore.get_db_url.
        super().__init__(domain=domain, host=url, **kwargs)
        self._pool_sqlite_connections(url)

    def _pool_sqlite_connections(self, url: str) -> None:
        """Rasa's engine opens a new connection for every session on an SQLite
        file (SQLAlchemy's ``NullPool``), and SQLite reads the whole schema
        again for each: about half a millisecond twice per message. The
        worker threads share a pool of connections instead."""
        if self.engine.dialect.name != "sqlite" or self.engine.url.database in (
            None,
            "",
            ":memory:",
        ):
            return
        self.engine.dispose()
        self.engine = sa.create_engine(
            url, poolclass=QueuePool, connect_args={"check_same_thread": False}
        )
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's ``SQLTrackerStore.save`` (3.6), with each event's data in
        its stored form, the database work in a worker thread."""
        await self.stream_events(tracker)
        await asyncio.to_thread(self._store_new_events, tracker)

    def _store_new_events(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            keep = self._example_codes()
            rows = []
            for event in self._additional_events(session, tracker):
                data = stored_form(event.as_dict(), self.sealer, keep)
                intent = (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY)
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": intent,
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                # One statement for all rows (executemany), without the
                # ORM's unit of work: the same rows, a fraction of the CPU.
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    def _example_codes(self) -> frozenset[str]:
        """``example_codes`` of the current domain (Rasa sets it on model load)."""
        if self._examples_of is not self.domain:
            self._examples = example_codes(self.domain)
            self._examples_of = self.domain
        return self._examples

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The current session, sealed slot values opened (for the bot's turn)."""
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._open_sealed(tracker)
        return tracker

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's ``SQLTrackerStore._retrieve`` (3.6) in a worker thread."""
        return await asyncio.to_thread(
            self._load_tracker, sender_id, fetch_events_from_all_sessions
        )

    def _load_tracker(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            query = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            )
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _open_sealed(self, tracker: DialogueStateTracker) -> None:
        for event in tracker.events:
            if isinstance(event, SlotSet) and is_sealed(event.value):
                event.value = self._open(tracker.sender_id, event.value)
        for slot in tracker.slots.values():
            if is_sealed(slot.value):
                slot.value = self._open(tracker.sender_id, slot.value)

    def _open(self, sender_id: str, sealed: str) -> Any:
        try:
            return self.sealer.open(sealed)
        except UnreadableSeal:
            # The key was replaced: the customer is asked again.
            logger.warning("Conversation %s: a sealed slot value cannot be opened.", sender_id)
            return None
