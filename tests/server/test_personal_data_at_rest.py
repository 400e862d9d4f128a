"""After a whole conversation with code, e-mail, IBAN and phone number, none of
them is left in plain text: not in Rasa's ``events`` table, not in the tracker
the HTTP API hands out, not in the log of the Rasa server or the action server;
and the customer still got the right status answer (the code from one message
and the e-mail, corrected after a typo, from the next ones met although Rasa
reloaded the masked tracker)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import today
from bot.db import make_engine
from bot.db import tracker_events as events
from bot.formatting import format_date
from tests.server.chat import joined, new_sender

pytestmark = pytest.mark.server

CODE = "ASV-QUA567"
EMAIL = "mehmet.yilmaz@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"
PHONE = "0170 1234567"
# Each in the forms it could be stored or logged in (compared case-insensitively).
PLAIN = {
    "code": [CODE, "QUA567"],
    "e-mail": [EMAIL, "mehmet.yilmaz"],
    "IBAN": [IBAN, IBAN.replace(" ", ""), "3704 0044 0532"],
    "phone": [PHONE, "1234567"],
}


def _leaks(text: str) -> list[str]:
    """Forms found in ``text``, each not within a longer run of digits (the
    digits of a stored confidence such as 0.0131731234567 are no phone number)."""
    return [
        f"{kind}: {form}"
        for kind, forms in PLAIN.items()
        for form in forms
        if re.search(rf"(?<!\d){re.escape(form)}(?!\d)", text, re.IGNORECASE)
    ]


def _stored_events(database_url: str, sender: str) -> str:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(events.c.data).where(events.c.sender_id == sender))
            return "\n".join(row.data for row in rows)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def conversation(bot) -> tuple[str, str]:
    """The scripted conversation: its sender id and the status answer."""
    sender = new_sender()
    bot.say(sender, "Wo bleibt meine Prämie?", metadata={"program": "autosicher"})
    bot.say(sender, f"Mein Code ist {CODE}")
    # A typo first: the rejected pair is kept for the correction, sealed too.
    bot.say(sender, EMAIL.replace(".de", ".com"))
    status = joined(bot.say(sender, EMAIL))
    bot.say(sender, f"Meine IBAN ist {IBAN}, bitte überweisen Sie die Prämie dorthin.")
    bot.say(sender, f"Sie erreichen mich unter {PHONE}.")
    return sender, status


def test_the_status_answer_was_right(conversation) -> None:
    _sender, status = conversation
    assert f"bis spätestens {format_date(today() + timedelta(days=20))}" in status


def test_events_table_holds_none_of_them_in_plain_text(conversation, demo_db_url) -> None:
    sender, _status = conversation
    stored = _stored_events(demo_db_url, sender)
    assert '"event": "user"' in stored  # the conversation is there
    assert _leaks(stored) == []


def test_tracker_from_the_api_holds_none_of_them_in_plain_text(bot, conversation) -> None:
    sender, _status = conversation
    tracker = json.dumps(bot.tracker(sender), ensure_ascii=False)
    assert "ASV-******" in tracker
    assert _leaks(tracker) == []


def test_server_logs_hold_none_of_them_in_plain_text(bot, conversation) -> None:
    logs = [bot.rasa_log, *bot.rasa_log.parent.glob("actions-*.log")]
    assert len(logs) >= 2
    for log in logs:
        assert _leaks(log.read_text(encoding="utf-8", errors="replace")) == [], log.name
