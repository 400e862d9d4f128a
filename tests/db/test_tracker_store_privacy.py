"""What the tracker store (``bot.tracker_store.ProjectTrackerStore``) writes to
Rasa's real ``events`` table: personal data masked or sealed, and a
conversation that reloads between messages still has the code and e-mail."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.db import make_engine
from bot.db import tracker_events as events
from bot.sealing import Sealer, is_sealed
from bot.tracker_store import ProjectTrackerStore, example_codes, stored_form

CODE = "ASV-QUA567"
EMAIL = "mehmet.yilmaz@example.de"
IBAN = "DE89 3704 0044 0532 0130 00"
PHONE = "0170 1234567"
SECRETS = (CODE, "QUA567", EMAIL, "mehmet.yilmaz", IBAN, IBAN.replace(" ", ""), PHONE, "1234567")

DOMAIN = Domain.from_dict(
    {
        "slots": {
            "referral_code": {"type": "text", "mappings": [{"type": "custom"}]},
            "email": {"type": "text", "mappings": [{"type": "custom"}]},
            "program": {"type": "text", "mappings": [{"type": "custom"}]},
        },
        "responses": {
            "utter_ask_referral_code": [{"text": "Ihr Code sieht etwa so aus: ASV-7K3M9P."}]
        },
    }
)


def _user(text: str, entities: list[tuple[str, str]]) -> UserUttered:
    parsed = [{"entity": name, "value": value, "start": 0, "end": 1} for name, value in entities]
    return UserUttered(
        text,
        {"name": "inform", "confidence": 1.0},
        parsed,
        parse_data={"text": text, "intent": {"name": "inform"}, "entities": parsed},
    )


def _first_turn() -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("program", "autosicher"),
        ActionExecuted("action_listen"),
        _user(f"Mein Code ist {CODE}", [("referral_code", CODE)]),
        SlotSet("referral_code", CODE),
        BotUttered("Ihr Code sieht etwa so aus: ASV-7K3M9P."),
        BotUttered("Wie lautet Ihre E-Mail-Adresse?"),
        ActionExecuted("action_listen"),
    ]


def _second_turn() -> list:
    return [
        _user(f"{EMAIL}, IBAN {IBAN}, Telefon {PHONE}", [("email", EMAIL)]),
        SlotSet("email", EMAIL),
        BotUttered(f"Danke, Frau Yilmaz, die Mail ging an {EMAIL}."),
        ActionExecuted("action_listen"),
    ]


@pytest.fixture
def store(fresh_url: str):
    opened = ProjectTrackerStore(domain=DOMAIN, host=fresh_url)
    yield opened
    opened.engine.dispose()


def _stored_rows(url: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(events.c.type_name, events.c.data)))
    finally:
        engine.dispose()


def _save_two_turns(store: ProjectTrackerStore, sender: str) -> DialogueStateTracker:
    """As Rasa does: save after the first turn, reload, add the second, save."""
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, _first_turn(), DOMAIN.slots)))
    tracker = asyncio.run(store.retrieve(sender))
    assert tracker is not None
    for event in _second_turn():
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_events_table_holds_no_code_email_iban_phone_or_surname(
    store: ProjectTrackerStore, fresh_url: str
) -> None:
    _save_two_turns(store, "kundin-1")

    stored = "\n".join(data for _type, data in _stored_rows(fresh_url))
    for secret in (*SECRETS, "Yilmaz"):
        assert secret not in stored
    assert "ASV-******" in stored and "me***@example.de" in stored
    assert "DE89 **** 00" in stored and "***67" in stored
    assert "Frau Y." in stored
    # The example code of the bot's own response is nobody's data: it stays.
    assert "ASV-7K3M9P" in stored
    slots = {
        json.loads(data)["name"]: json.loads(data)["value"]
        for type_name, data in _stored_rows(fresh_url)
        if type_name == "slot"
    }
    assert is_sealed(slots["referral_code"]) and is_sealed(slots["email"])
    assert slots["program"] == "autosicher"


def test_code_from_one_message_and_email_from_the_next_meet_after_reloading(
    store: ProjectTrackerStore,
) -> None:
    _save_two_turns(store, "kundin-2")

    reloaded = asyncio.run(store.retrieve("kundin-2"))

    assert reloaded is not None
    assert reloaded.get_slot("referral_code") == CODE
    assert reloaded.get_slot("email") == EMAIL
    # Earlier messages come back masked.
    assert EMAIL not in (reloaded.latest_message.text or "")


def test_full_tracker_for_the_api_keeps_slot_values_sealed(store: ProjectTrackerStore) -> None:
    _save_two_turns(store, "kundin-3")

    full = asyncio.run(store.retrieve_full_tracker("kundin-3"))

    assert full is not None
    dumped = json.dumps(full.current_state())
    for secret in SECRETS:
        assert secret not in dumped
    assert is_sealed(full.get_slot("email"))


def test_values_sealed_under_another_key_count_as_not_given(fresh_url: str) -> None:
    first = ProjectTrackerStore(domain=DOMAIN, host=fresh_url, sealer=Sealer("a" * 32 + "first"))
    asyncio.run(first.save(DialogueStateTracker.from_events("k", _first_turn(), DOMAIN.slots)))
    first.engine.dispose()
    second = ProjectTrackerStore(domain=DOMAIN, host=fresh_url, sealer=Sealer("b" * 32 + "other"))
    try:
        reloaded = asyncio.run(second.retrieve("k"))
    finally:
        second.engine.dispose()

    assert reloaded is not None
    assert reloaded.get_slot("referral_code") is None
    assert reloaded.get_slot("program") == "autosicher"


def test_program_example_codes_stay_readable_in_stored_bot_messages() -> None:
    """The bot's question shows the program's example code (``{code_prefix}-7K3M9P``
    in domain.yml, filled at run time): kept, while a real code of the same
    program in the same message is masked."""
    sealer = Sealer("test-seal-key")
    said = BotUttered("Er sieht etwa so aus: SSE-7K3M9P. Ihr Code SSE-QUA567 ist notiert.")
    stored = stored_form(said.as_dict(), sealer, example_codes(DOMAIN))["text"]
    assert stored == "Er sieht etwa so aus: SSE-7K3M9P. Ihr Code SSE-****** ist notiert."

    other = stored_form(BotUttered("Zum Beispiel FNM-7K3M9P.").as_dict(), sealer)["text"]
    assert other == "Zum Beispiel FNM-7K3M9P."
