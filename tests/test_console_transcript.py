"""Pieces of the agent console without a server or database: the transcript
from a tracker, labels and waiting times, input checks, redirects after login."""

from __future__ import annotations

from datetime import timedelta

import pytest

from web.auth import parse_form, safe_next
from web.console import Refused, agent_message, claim_message, clean_text, parse_id
from web.console_data import since
from web.transcript import transcript

T0 = 1764500000.0  # 2025-11-30 10:53:20 UTC = 11:53:20 in Berlin


def test_transcript_from_user_and_bot_events():
    tracker = {
        "events": [
            {"event": "action", "name": "action_session_start", "timestamp": T0},
            {"event": "user", "text": "/greet", "timestamp": T0},  # the widget's opening payload
            {
                "event": "bot",
                "text": "Guten Tag! Wobei darf ich helfen?",
                "data": {
                    "buttons": [
                        {"title": "Wo bleibt meine Prämie?", "payload": "/ask_reward_status"},
                        {"title": "Mit einem Menschen sprechen", "payload": "/request_human"},
                    ]
                },
                "timestamp": T0 + 1,
            },
            {"event": "user", "text": "/request_human", "timestamp": T0 + 5},
            {"event": "pause", "timestamp": T0 + 6},
            {"event": "bot", "text": "   ", "data": {}, "timestamp": T0 + 7},  # empty: skipped
            {
                "event": "bot",
                "text": "Anna aus dem Service-Team ist jetzt für Sie da.",
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
                "timestamp": T0 + 60,
            },
            {"event": "user", "text": "<b>Hallo</b> Anna", "timestamp": T0 + 3600},
            {"event": "user", "text": None, "timestamp": T0 + 3601},
            {"event": "user", "text": "/unbekannt", "timestamp": T0 + 3602},
            {"event": "bot", "text": None, "data": {"image": "https://x/y.png"}},
        ]
    }
    assert transcript(tracker) == [
        {
            "from": "bot",
            "name": "Digitaler Assistent",
            "text": "Guten Tag! Wobei darf ich helfen?\n"
            "[Buttons: Wo bleibt meine Prämie? | Mit einem Menschen sprechen]",
            "time": "2025-11-30T11:53:21+01:00",
        },
        {
            "from": "customer",
            "name": "Kundin/Kunde",
            "text": "Mit einem Menschen sprechen",
            "time": "2025-11-30T11:53:25+01:00",
        },
        {
            "from": "agent",
            "name": "Anna",
            "text": "Anna aus dem Service-Team ist jetzt für Sie da.",
            "time": "2025-11-30T11:54:20+01:00",
        },
        {
            "from": "customer",
            "name": "Kundin/Kunde",
            "text": "<b>Hallo</b> Anna",
            "time": "2025-11-30T12:53:20+01:00",
        },
        {"from": "bot", "name": "Digitaler Assistent", "text": "[Anhang]", "time": None},
    ]


@pytest.mark.parametrize(
    "tracker",
    [{}, {"events": None}, {"events": ["kaputt", 3, None]}, {"events": [{"event": "bot"}]}],
)
def test_odd_trackers_give_an_empty_transcript(tracker):
    assert transcript(tracker) == []


def test_a_bot_message_with_only_buttons():
    tracker = {"events": [{"event": "bot", "data": {"quick_replies": [{"title": "Ja"}]}}]}
    assert transcript(tracker)[0]["text"] == "[Buttons: Ja]"


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=-5), "seit weniger als 1 Min."),
        (timedelta(seconds=59), "seit weniger als 1 Min."),
        (timedelta(minutes=3, seconds=30), "seit 3 Min."),
        (timedelta(minutes=59), "seit 59 Min."),
        (timedelta(hours=2), "seit 2 Std."),
        (timedelta(hours=2, minutes=5), "seit 2 Std. 5 Min."),
        (timedelta(days=1, hours=3), "seit 1 Tag"),
        (timedelta(days=3), "seit 3 Tagen"),
    ],
)
def test_waiting_time_labels(delta, label):
    assert since(delta) == label


def test_what_the_customer_sees_on_a_claim():
    assert claim_message("Anna") == (
        "Anna aus dem Service-Team ist jetzt für Sie da und liest Ihre Nachrichten."
    )
    assert agent_message("Hallo", "Anna", "started") == {
        "event": "bot",
        "text": "Hallo",
        "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
    }


def test_clean_text_keeps_line_breaks_and_drops_control_characters():
    assert clean_text(" Zeile 1\r\nZeile\x00 2\t! ", 100, "eine Nachricht") == "Zeile 1\nZeile 2\t!"
    with pytest.raises(Refused) as refused:
        clean_text("x" * 11, 10, "eine Nachricht")
    assert refused.value.status_code == 400


@pytest.mark.parametrize(
    ("raw", "parsed"), [("12", 12), ("0012", 12), ("abc", None), ("-1", None), ("1" * 13, None)]
)
def test_handoff_ids_in_paths(raw, parsed):
    assert parse_id(raw) == parsed


@pytest.mark.parametrize(
    ("value", "target"),
    [
        (None, "/console"),
        ("/console", "/console"),
        ("/console?program=funknetz", "/console?program=funknetz"),
        ("/console/handoffs/3", "/console/handoffs/3"),
        ("/consolefoo", "/console"),
        ("//evil.example", "/console"),
        ("https://evil.example/console", "/console"),
        ("/console/\\\\evil.example", "/console"),
        ("/console\r\nSet-Cookie: x=1", "/console"),
        ("javascript:alert(1)", "/console"),
    ],
)
def test_safe_next(value, target):
    assert safe_next(value) == target


def test_parse_form():
    assert parse_form(b"a=1&b=%C3%A4&a=2&c=") == {"a": "1", "b": "ä", "c": ""}
    for bad in ("ä=1".encode(), b"b=%ff", b"&".join([b"x=1"] * 21)):
        with pytest.raises(ValueError):
            parse_form(bad)
