"""One chat contract (bot/chat_contract.py) for actions, web app, channel and
widget; one transcript reading (bot/transcript_events.py); one time-zone
helper (bot/clock.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot import chat_contract
from bot.chat_contract import (
    ENDED,
    STARTED,
    WAITING,
    WIDGET_CONSTANTS,
    agent_custom,
    agent_name,
    handoff_custom,
    handoff_state,
)
from bot.clock import local, local_iso, utc_iso
from bot.transcript_events import chat_lines

ROOT = Path(__file__).resolve().parents[1]
WIDGET_JS = ROOT / "web" / "static" / "widget" / "widget.js"


def widget_contract() -> dict[str, str]:
    """The ``CONTRACT`` object of widget.js, read as JSON."""
    source = WIDGET_JS.read_text(encoding="utf-8")
    block = re.search(r"var CONTRACT = (\{.*?\});", source, re.DOTALL)
    assert block, "widget.js has no CONTRACT object"
    quoted = re.sub(r"^(\s*)([A-Za-z]\w*):", r'\1"\2":', block.group(1), flags=re.MULTILINE)
    return json.loads(quoted)


def test_the_widget_mirrors_the_python_contract_exactly():
    assert widget_contract() == WIDGET_CONSTANTS


def test_the_widget_reads_handoff_states_and_agent_only_through_its_contract():
    source = WIDGET_JS.read_text(encoding="utf-8")
    body = source[source.index("var CONTRACT") :]
    body = body[body.index("};") :]  # after the CONTRACT object
    for literal in ('"started"', '"ended"', '"first_name"', '"help_entry"', "/chat/api/"):
        assert literal not in body, f"widget.js writes {literal} outside CONTRACT"
    for key in ("agent", "handoff", "first_name", "help_entry", "position", "minutes"):
        assert not re.search(rf"custom\.{key}\b|\.{key} ===", body), f"widget.js reads .{key}"


def test_the_contract_and_the_transcript_import_neither_rasa_nor_sanic():
    probe = (
        "import sys\n"
        "import bot.chat_contract, bot.transcript_events, bot.clock, web.chat_api, web.transcript\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'sanic', 'rasa_sdk'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_actions_run_from_outside_are_actions_of_the_domain():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    outside = {
        chat_contract.HANDBACK_ACTION,
        chat_contract.TIMED_OUT_ACTION,
        chat_contract.CANCELLED_ACTION,
    }
    assert outside <= set(domain["actions"])


def test_the_web_app_and_the_actions_use_the_contract_not_literals():
    """Every module that speaks the contract imports it; none spells its values."""
    users = [
        "actions/handoff.py",
        "web/chat_api.py",
        "web/sweeper.py",
        "web/console_handoffs.py",
        "web/transcript.py",
        "channels/socketio.py",
    ]
    values = {
        chat_contract.HANDBACK_ACTION,
        chat_contract.TIMED_OUT_ACTION,
        chat_contract.CANCELLED_ACTION,
        chat_contract.CANCEL_HANDOFF_PATH,
        STARTED,
        ENDED,
        WAITING,
    }
    for name in users:
        source = (ROOT / name).read_text(encoding="utf-8")
        assert "bot.chat_contract import" in source, name
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        for value in values:
            assert f'"{value}"' not in code, f"{name} writes {value!r} as a literal"
    assert "channels" not in (ROOT / "web/chat_api.py").read_text(encoding="utf-8")


def test_custom_payloads_are_built_and_read_in_one_place():
    custom = agent_custom("Anna", STARTED)
    assert custom == {"agent": {"first_name": "Anna"}, "handoff": "started"}
    assert agent_name(custom) == "Anna"
    assert handoff_state(custom) == STARTED
    assert agent_custom(" ") == {"agent": {"first_name": " "}} and agent_name({"agent": {}}) is None
    assert handoff_custom(WAITING, position=2, minutes=5) == {
        "handoff": "waiting",
        "position": 2,
        "minutes": 5,
    }
    assert handoff_state({"handoff": "gone"}) is None


def test_one_reading_of_tracker_events_for_widget_history_and_console():
    events = [
        {"event": "user", "text": "Alte Sitzung", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 2.0},
        {"event": "user", "text": "/greet", "timestamp": 3.0},
        {
            "event": "bot",
            "text": " Hallo! ",
            "data": {"buttons": [{"title": "Prämie", "payload": "/ask_reward_status"}]},
            "timestamp": 4.0,
        },
        {"event": "user", "text": "/ask_reward_status", "timestamp": 5.0},
        {"event": "action", "name": "action_listen", "timestamp": 6.0},
    ]
    lines = chat_lines(events, current_session=True)
    assert [(line.sender, line.text, line.timestamp) for line in lines] == [
        ("bot", "Hallo!", 4.0),
        ("user", "Prämie", 5.0),
    ]
    assert chat_lines(events)[0].text == "Alte Sitzung"


def test_one_time_zone_helper_converts_utc_to_berlin():
    winter = datetime(2026, 12, 1, 13, 5, 9)  # naive UTC, as stored
    assert local(winter).isoformat() == "2026-12-01T14:05:09+01:00"
    assert local(datetime(2026, 7, 1, 13, 0, tzinfo=UTC)).hour == 15  # summer time
    stamp = datetime(2026, 12, 1, 13, 5, 9, tzinfo=UTC).timestamp()
    assert utc_iso(stamp) == "2026-12-01T13:05:09Z"
    assert local_iso(stamp) == "2026-12-01T14:05:09+01:00"
    assert local_iso("gestern") is None and local_iso(10**20) is None
