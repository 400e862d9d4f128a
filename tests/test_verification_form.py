"""The verification form takes a code only where the customer meant one, and
the channels tell the actions which client a message came from."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import details_in_message
from actions.verification import ValidateVerificationForm, client_of
from channels.client_key import CLIENT_FIELD, with_client
from tests.trackers import tracker_state


def _tracker(text: str, before: dict[str, Any] | None = None, **extra: Any) -> Tracker:
    """A tracker after ``text``; ``before`` are slots set before that message."""
    state = tracker_state(text, "inform", **extra)
    earlier = [{"event": "slot", "name": k, "value": v} for k, v in (before or {}).items()]
    state["events"] = earlier + state["events"]
    state["slots"] = {**(before or {}), **state["slots"]}
    return Tracker.from_dict(state)


def _validate_code(value: str, tracker: Tracker) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    result = ValidateVerificationForm().validate_referral_code(value, dispatcher, tracker, {})
    return result, [message.get("response") for message in dispatcher.messages]


def test_a_code_cut_out_of_an_email_does_not_replace_the_given_code() -> None:
    # The bot asked for the e-mail; an extractor took "hannah277" for a code.
    tracker = _tracker(
        "hannah277@example.de",
        before={"referral_code": "ASV-7K3M9P"},
        slot_events={"referral_code": "hannah277", "email": "hannah277@example.de"},
    )
    assert _validate_code("hannah277", tracker) == ({"referral_code": "ASV-7K3M9P"}, [])


def test_the_code_next_to_a_code_shaped_email_wins_over_the_email_piece() -> None:
    tracker = _tracker("Code ASV-9K7RD5, Mail renate.weber1973@example.com")
    assert _validate_code("weber1973", tracker) == ({"referral_code": "ASV-9K7RD5"}, [])


def test_a_code_written_with_a_space_is_normalised() -> None:
    tracker = _tracker("mein code ist asv 7k3m9p")
    assert _validate_code("asv 7k3m9p", tracker) == ({"referral_code": "ASV-7K3M9P"}, [])


def test_a_malformed_code_gets_the_format_hint() -> None:
    tracker = _tracker("ASV-ABCDEF")
    result, said = _validate_code("ASV-ABCDEF", tracker)
    assert result == {"referral_code": None}
    assert said == ["utter_invalid_referral_code"]


def test_a_malformed_code_is_extracted_for_the_hint_but_not_from_an_email() -> None:
    form = ValidateVerificationForm()
    asked = {"requested_slot": "referral_code"}
    for text, expected in [
        ("ASV-ABCDEF", {"referral_code": "ASV-ABCDEF"}),
        ("abc-defg12@example.de", {}),
    ]:
        tracker = _tracker(text, before=asked)
        found = asyncio.run(form.extract_referral_code(CollectingDispatcher(), tracker, {}))
        assert found == expected, text


def test_details_come_from_the_text_not_from_an_email_piece_entity() -> None:
    text = "Meine Mail ist Renate.Weber1973@example.com, mein Code ASV-9K7RD5"
    state = tracker_state(text, "inform")
    # As an extractor that does not look around its match would find them.
    state["latest_message"]["entities"] = [
        {"entity": "referral_code", "value": "Weber1973", "start": 22, "end": 31},
        {"entity": "referral_code", "value": "ASV-9K7RD5", "start": 55, "end": 65},
        {"entity": "email", "value": "Renate.Weber1973@example.com", "start": 15, "end": 43},
    ]
    assert details_in_message(Tracker.from_dict(state)) == (
        "ASV-9K7RD5",
        "renate.weber1973@example.com",
    )


def _request(address: str) -> SimpleNamespace:
    """What client_key reads of a Sanic request."""
    return SimpleNamespace(remote_addr="", ip=address)


def test_the_channel_sets_the_client_key_and_overrides_one_sent_by_the_client() -> None:
    metadata = with_client(
        {"program": "autosicher", CLIENT_FIELD: "0" * 32}, _request("203.0.113.7")
    )
    assert metadata["program"] == "autosicher"
    key = metadata[CLIENT_FIELD]
    assert key != "0" * 32 and "203.0.113.7" not in key
    assert with_client(None, _request("203.0.113.7"))[CLIENT_FIELD] == key
    assert with_client(None, _request("203.0.113.8"))[CLIENT_FIELD] != key
    # The actions read it back; anything else in that field is ignored.
    assert client_of(_tracker("hallo", metadata=metadata)) == key
    assert client_of(_tracker("hallo", metadata={CLIENT_FIELD: "<script>"})) is None
