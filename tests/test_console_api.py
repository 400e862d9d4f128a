"""The agent console's moves through its JSON API (claim, reply, note,
resolve), what the customer's widget gets from them through Rasa, and the
background sweep.

Two apps on the test database: ``down`` talks to a closed port (Rasa is
unreachable), ``live`` to ``FakeRasa``, which records what the console sends.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import utcnow
from bot.db import session_scope
from bot.handoff import HandoffSettings, open_handoff
from bot.models import Handoff, HandoffNote, HandoffReason, HandoffStatus, Program, Ticket
from tests.console_support import (
    RASA_TOKEN,
    FakeRasa,
    add_agent,
    add_handoff,
    add_program,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    handoff_row,
    login,
    set_last_seen,
)
from tools.servers import free_port, running_web_app
from web.rasa_client import RasaClient, RasaUnavailable, token_from_env
from web.sweeper import RELEASED_TEXT, sweep_once

pytestmark = [pytest.mark.db, pytest.mark.usefixtures("cheap_password_hashing")]
CONV = "0123456789abcdef0123456789abcdef"
CLAIM_TEXT = "Anna aus dem Service-Team ist jetzt für Sie da und liest Ihre Nachrichten."


@pytest.fixture(scope="module")
def live(db_url: str, rasa: FakeRasa) -> Iterator[str]:
    with running_web_app(
        "http://localhost:5005", database_url=db_url, rasa_url=rasa.url, rasa_token=RASA_TOKEN
    ) as url:
        yield url


@pytest.fixture(scope="module")
def down(db_url: str) -> Iterator[str]:
    with running_web_app(
        "http://localhost:5005",
        database_url=db_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_token=RASA_TOKEN,
    ) as url:
        yield url


@pytest.fixture(autouse=True)
def clean(db_url: str, rasa: FakeRasa) -> Iterator[None]:
    clean_database(db_url)
    rasa.reset()
    yield
    clean_database(db_url)


@pytest.fixture
def agents(db_url: str) -> dict[str, int]:
    return {"anna": add_agent(db_url, "anna", "Anna"), "max": add_agent(db_url, "max", "Max")}


# ---- the queue ----------------------------------------------------------------------------


def test_the_queue_shows_a_handoff_the_bot_just_opened(live, db_url, agents):
    browser = login(live, "anna")
    assert browser.get("/console/api/queue").json()["handoffs"] == []
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    with session_scope(db_url) as session:
        program = session.scalars(select(Program)).one()
        handoff = open_handoff(
            session,
            conversation_id=CONV,
            reason=HandoffReason.REPEATED_FALLBACK,
            summary="Kundin fragt zweimal nach ASV-ABC234, Mail lena@example.de",
            program=program,
        )
        handoff_id = handoff.id
    data = browser.get("/console/api/queue").json()
    assert data["agents_online"] == 1
    assert data["program"] is None
    [row] = data["handoffs"]
    assert row["id"] == handoff_id
    assert row["url"] == f"/console/handoffs/{handoff_id}"
    assert (row["program"], row["brand"]) == ("autosicher", "AutoSicher Versicherung")
    assert (row["reason"], row["reason_label"]) == ("repeated_fallback", "Bot hat nicht verstanden")
    assert (row["status"], row["status_label"]) == ("waiting", "Wartet")
    assert row["waiting"] == "seit weniger als 1 Min."
    assert row["agent"] is None and row["mine"] is False
    # The bot's service masked the personal data already.
    assert row["summary"] == "Kundin fragt zweimal nach ASV-******, Mail le***@example.de"


def test_the_program_filter(live, db_url, agents):
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    add_program(db_url, "funknetz", "FunkNetz Mobilfunk")
    auto = add_handoff(db_url, "a" * 32, program="autosicher", age=timedelta(minutes=3))
    funk = add_handoff(db_url, "b" * 32, program="funknetz", referrer_code="FNM-ABC234")
    with session_scope(db_url) as session:
        from bot.handoff import callback_ticket

        funk_program = session.scalars(select(Program).where(Program.slug == "funknetz")).one()
        ticket = callback_ticket(
            session,
            conversation_id="b" * 32,
            program_id=funk_program.id,
            referrer_id=session.get(Handoff, funk).referrer_id,
            details="Rückruf erbeten",
        )
        ticket_id = ticket.id
    browser = login(live, "anna")

    def ids(query: str) -> tuple[list[int], list[int]]:
        data = browser.get(f"/console/api/queue{query}").json()
        return [h["id"] for h in data["handoffs"]], [t["id"] for t in data["tickets"]]

    assert ids("") == ([auto, funk], [ticket_id])  # oldest first
    assert ids("?program=autosicher") == ([auto], [])
    assert ids("?program=funknetz") == ([funk], [ticket_id])
    assert ids("?program=gibtsnicht") == ([auto, funk], [ticket_id])  # unknown: all
    all_rows = browser.get("/console/api/queue").json()
    assert all_rows["handoffs"][0]["waiting"] == "seit 3 Min."
    assert all_rows["tickets"][0]["kind_label"] == "Rückruf per E-Mail"
    assert all_rows["tickets"][0]["brand"] == "FunkNetz Mobilfunk"
    page = browser.get("/console?program=funknetz").text
    assert '<option value="funknetz" selected>FunkNetz Mobilfunk</option>' in page
    assert 'data-program="funknetz"' in page
    assert f'href="/console/handoffs/{funk}"' in page
    assert f'href="/console/handoffs/{auto}"' not in page


# ---- claim, reply, note, resolve --------------------------------------------------------------


def test_claim_tells_the_customer_and_shows_who_holds_it(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, "kunde/1 ?&")  # an id that needs quoting
    anna = login(live, "anna")
    response = anna.post(f"/console/api/handoffs/{handoff_id}/claim")
    assert response.status_code == 200, response.text
    state = response.json()["handoff"]
    assert (state["status"], state["agent"], state["mine"]) == ("active", "Anna", True)
    [call] = rasa.requests
    assert call["method"] == "POST" and call["endpoint"] == "tracker/events"
    assert call["raw_id"] == "kunde%2F1%20%3F%26"
    assert call["conversation_id"] == "kunde/1 ?&"
    assert call["query"] == {
        "token": RASA_TOKEN,
        "output_channel": "socketio",
        "execute_side_effects": "true",
    }
    assert call["json"] == [
        {
            "event": "bot",
            "text": CLAIM_TEXT,
            "data": {"custom": {"handoff": "started", "agent": {"first_name": "Anna"}}},
        }
    ]
    row = handoff_row(db_url, handoff_id)
    assert row.status is HandoffStatus.ACTIVE and row.agent_id == agents["anna"]
    assert row.claimed_at is not None
    # Claiming again changes nothing and sends nothing.
    assert anna.post(f"/console/api/handoffs/{handoff_id}/claim").status_code == 200
    assert len(rasa.requests) == 1


def test_only_one_agent_can_hold_a_conversation(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV)
    anna, max_ = login(live, "anna"), login(live, "max")
    assert anna.post(f"/console/api/handoffs/{handoff_id}/claim").status_code == 200
    for move, body in (("claim", None), ("reply", {"text": "Hallo"}), ("resolve", None)):
        response = max_.post(f"/console/api/handoffs/{handoff_id}/{move}", json=body)
        assert response.status_code == 409, move
        assert response.json() == {"error": "Anna hat dieses Gespräch bereits übernommen."}
    assert len(rasa.requests) == 1  # only Anna's claim
    # Max sees who holds it; notes are open to everyone.
    state = max_.get(f"/console/api/handoffs/{handoff_id}").json()["handoff"]
    assert (state["agent"], state["mine"]) == ("Anna", False)
    assert max_.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": "Kenne ich"}).ok


def test_claims_at_the_same_moment_have_one_winner(live, db_url, agents, rasa):
    from concurrent.futures import ThreadPoolExecutor

    handoff_id = add_handoff(db_url, CONV)
    rasa.delay = 0.3  # both requests are inside the console at once
    browsers = [login(live, "anna"), login(live, "max")]
    with ThreadPoolExecutor(2) as pool:
        codes = sorted(
            pool.map(
                lambda b: b.post(f"/console/api/handoffs/{handoff_id}/claim").status_code, browsers
            )
        )
    assert codes == [200, 409]
    assert len(rasa.calls("tracker/events")) == 1


def test_reply_goes_to_the_widget_as_the_agents_message(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV)
    anna = login(live, "anna")
    anna.post(f"/console/api/handoffs/{handoff_id}/claim")
    text = "Guten Tag! Ihre Prämie ist <b>unterwegs</b>:\nhttps://example.de/status"
    response = anna.post(f"/console/api/handoffs/{handoff_id}/reply", json={"text": f"  {text} "})
    assert response.status_code == 200, response.text
    call = rasa.calls("tracker/events")[-1]
    assert call["json"] == [
        {"event": "bot", "text": text, "data": {"custom": {"agent": {"first_name": "Anna"}}}}
    ]
    first = handoff_row(db_url, handoff_id).first_response_at
    assert first is not None
    anna.post(f"/console/api/handoffs/{handoff_id}/reply", json={"text": "Noch etwas?"})
    assert handoff_row(db_url, handoff_id).first_response_at == first  # the first one counts
    # The transcript shows it as the agent's message.
    transcript = anna.get(f"/console/api/handoffs/{handoff_id}/transcript").json()
    assert [(m["from"], m["name"], m["text"]) for m in transcript] == [
        ("agent", "Anna", CLAIM_TEXT),
        ("agent", "Anna", text),
        ("agent", "Anna", "Noch etwas?"),
    ]


def test_reply_needs_the_conversation_in_hand(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV)
    anna = login(live, "anna")
    response = anna.post(f"/console/api/handoffs/{handoff_id}/reply", json={"text": "Hallo"})
    assert response.status_code == 409
    assert response.json() == {"error": "Bitte übernehmen Sie das Gespräch zuerst."}
    assert rasa.requests == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "Bitte geben Sie eine Nachricht ein."),
        ({"text": " \n\t "}, "Bitte geben Sie eine Nachricht ein."),
        ({"text": "\x00\x07"}, "Bitte geben Sie eine Nachricht ein."),
        ({"text": "x" * 2001}, "Der Text ist zu lang: höchstens 2000 Zeichen, nicht 2001."),
        ({"text": 42}, "Bitte senden Sie eine Nachricht als Text im Feld „text“."),
        ({}, "Bitte senden Sie eine Nachricht als Text im Feld „text“."),
        (["Hallo"], "Die Anfrage muss ein JSON-Objekt mit dem Feld „text“ sein."),
        ("{kein json", "Die Anfrage ist kein gültiges JSON."),
        ('{"text": "\\ud800"}', "Der Text enthält ungültige Zeichen."),
    ],
)
def test_reply_validation(live, db_url, agents, rasa, body, message):
    handoff_id = add_handoff(db_url, CONV, claimed_by="anna")
    anna = login(live, "anna")
    if isinstance(body, str):
        response = anna.post(
            f"/console/api/handoffs/{handoff_id}/reply",
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
    else:
        response = anna.post(f"/console/api/handoffs/{handoff_id}/reply", json=body)
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert rasa.requests == []
    assert handoff_row(db_url, handoff_id).first_response_at is None


def test_the_longest_reply_and_note_are_accepted(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV, claimed_by="anna")
    anna = login(live, "anna")
    reply = anna.post(f"/console/api/handoffs/{handoff_id}/reply", json={"text": "x" * 2000})
    assert reply.status_code == 200
    note = anna.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": "y" * 4000})
    assert note.status_code == 200
    too_long = anna.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": "y" * 4001})
    assert too_long.status_code == 400
    assert too_long.json()["error"] == "Der Text ist zu lang: höchstens 4000 Zeichen, nicht 4001."
    huge = anna.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": "y" * 70_000})
    assert huge.status_code == 413


def test_notes_are_internal_and_plain_text(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV)
    max_ = login(live, "max")
    hostile = "<img src=x onerror=alert(1)> Rückruf\r\nmorgen"
    response = max_.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": hostile})
    assert response.status_code == 200
    [note] = response.json()["notes"]
    assert (note["agent"], note["text"]) == ("Max", "<img src=x onerror=alert(1)> Rückruf\nmorgen")
    assert rasa.requests == []  # never sent to the customer
    empty = max_.post(f"/console/api/handoffs/{handoff_id}/note", json={"text": "   "})
    assert empty.status_code == 400 and empty.json() == {"error": "Bitte geben Sie eine Notiz ein."}
    page = login(live, "anna").get(f"/console/handoffs/{handoff_id}").text
    assert "&lt;img src=x onerror=alert(1)&gt; Rückruf" in page and "<img src=x" not in page
    with session_scope(db_url) as session:
        assert session.scalars(select(HandoffNote.text)).all() == [note["text"]]


def test_resolve_hands_back_to_the_bot(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV, claimed_by="anna")
    anna = login(live, "anna")
    response = anna.post(f"/console/api/handoffs/{handoff_id}/resolve")
    assert response.status_code == 200, response.text
    assert response.json()["handoff"]["status"] == "resolved"
    assert response.json()["handoff"]["status_label"] == "Zurück an den Bot"
    [call] = rasa.requests
    assert (call["endpoint"], call["json"]) == ("execute", {"name": "action_handoff_back"})
    assert call["query"] == {"token": RASA_TOKEN, "output_channel": "socketio"}
    row = handoff_row(db_url, handoff_id)
    assert row.status is HandoffStatus.RESOLVED and row.ended_at is not None
    # Over: no more moves, and it leaves the queue.
    for move in ("claim", "resolve"):
        over = anna.post(f"/console/api/handoffs/{handoff_id}/{move}")
        assert over.status_code == 409
        assert over.json() == {"error": "Dieses Gespräch ist bereits beendet."}
    assert anna.get("/console/api/queue").json()["handoffs"] == []


def test_unknown_handoffs_are_404_in_the_api(live, agents):
    anna = login(live, "anna")
    for path in ("999999", "abc", "1" * 20):
        for move in ("claim", "resolve", "note", "reply"):
            response = anna.post(f"/console/api/handoffs/{path}/{move}", json={"text": "Hallo"})
            assert response.status_code == 404, (path, move)
            assert response.json() == {"error": "Dieses Gespräch gibt es nicht."}
        assert anna.get(f"/console/api/handoffs/{path}").status_code == 404
        assert anna.get(f"/console/api/handoffs/{path}/transcript").status_code == 404


# ---- Rasa is down: 502, nothing changed --------------------------------------------------------


def test_reply_while_rasa_is_down_changes_nothing(down, db_url, agents):
    handoff_id = add_handoff(db_url, CONV, claimed_by="anna")
    before = handoff_row(db_url, handoff_id)
    response = login(down, "anna").post(
        f"/console/api/handoffs/{handoff_id}/reply", json={"text": "Hallo"}
    )
    assert response.status_code == 502
    assert response.json()["error"].startswith("Der Bot-Server ist gerade nicht erreichbar.")
    after = handoff_row(db_url, handoff_id)
    assert (after.status, after.agent_id, after.first_response_at) == (
        before.status,
        before.agent_id,
        None,
    )


def test_claim_and_resolve_while_rasa_is_down_change_nothing(down, db_url, agents):
    waiting = add_handoff(db_url, "a" * 32)
    held = add_handoff(db_url, "b" * 32, claimed_by="anna")
    anna = login(down, "anna")
    assert anna.post(f"/console/api/handoffs/{waiting}/claim").status_code == 502
    assert anna.post(f"/console/api/handoffs/{held}/resolve").status_code == 502
    row = handoff_row(db_url, waiting)
    assert (row.status, row.agent_id, row.claimed_at) == (HandoffStatus.WAITING, None, None)
    row = handoff_row(db_url, held)
    assert (row.status, row.ended_at) == (HandoffStatus.ACTIVE, None)


def test_rasa_refusing_the_request_is_a_502_too(live, db_url, agents, rasa):
    handoff_id = add_handoff(db_url, CONV)
    rasa.fail_with = 500
    anna = login(live, "anna")
    assert anna.post(f"/console/api/handoffs/{handoff_id}/claim").status_code == 502
    assert anna.get(f"/console/api/handoffs/{handoff_id}/transcript").status_code == 502
    assert handoff_row(db_url, handoff_id).status is HandoffStatus.WAITING


# ---- the sweep ---------------------------------------------------------------------------------


def _stale_data(db_url: str) -> tuple[int, int]:
    """A wait of 11 minutes (verified customer), a fresh wait, and Anna's
    conversation while Anna was last seen 6 minutes ago."""
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    add_agent(db_url, "anna", "Anna")
    old = add_handoff(
        db_url,
        "a" * 32,
        program="autosicher",
        referrer_code="ASV-ABC234",
        age=timedelta(minutes=11),
    )
    add_handoff(db_url, "b" * 32, program="autosicher")
    held = add_handoff(db_url, "c" * 32, claimed_by="anna", age=timedelta(minutes=1))
    set_last_seen(db_url, "anna", utcnow() - timedelta(minutes=6))
    return old, held


def test_sweep_times_out_long_waits_and_releases_idle_claims(db_url, rasa):
    old, held = _stale_data(db_url)
    client = RasaClient(rasa.url, RASA_TOKEN)
    result = asyncio.run(sweep_once(client, db_url, settings=HandoffSettings()))
    assert (result.timed_out, result.released, result.not_told) == ([old], [held], 0)
    timed_out = handoff_row(db_url, old)
    assert timed_out.status is HandoffStatus.TIMED_OUT and timed_out.ticket_id is not None
    with session_scope(db_url) as session:
        ticket = session.get(Ticket, timed_out.ticket_id)
        assert ticket.kind.value == "callback" and ticket.conversation_id == "a" * 32
    released = handoff_row(db_url, held)
    assert (released.status, released.agent_id) == (HandoffStatus.WAITING, None)
    assert [(r["endpoint"], r["conversation_id"], r["json"]) for r in rasa.requests] == [
        ("execute", "a" * 32, {"name": "action_handoff_timed_out"}),
        (
            "tracker/events",
            "c" * 32,
            [{"event": "bot", "text": RELEASED_TEXT, "data": {"custom": {"handoff": "waiting"}}}],
        ),
    ]
    again = asyncio.run(sweep_once(client, db_url, settings=HandoffSettings()))
    assert (again.timed_out, again.released) == ([], [])


def test_sweep_goes_on_when_rasa_is_down(db_url, caplog):
    old, held = _stale_data(db_url)
    client = RasaClient(f"http://127.0.0.1:{free_port()}", RASA_TOKEN)
    with caplog.at_level(logging.WARNING, logger="web.sweeper"):
        result = asyncio.run(sweep_once(client, db_url, settings=HandoffSettings()))
    assert (result.timed_out, result.released, result.not_told) == ([old], [held], 2)
    assert handoff_row(db_url, old).status is HandoffStatus.TIMED_OUT
    assert handoff_row(db_url, held).status is HandoffStatus.WAITING
    messages = [r.getMessage() for r in caplog.records]
    assert any(f"Handoff {old} timed out; customer not told" in m for m in messages)
    assert any(f"Handoff {held} back in the queue" in m for m in messages)
    assert not any("a" * 32 in m or RASA_TOKEN in m for m in messages)  # no secrets in logs


def test_the_app_runs_the_sweep_in_its_lifespan(db_url, rasa):
    old, held = _stale_data(db_url)
    with running_web_app(
        "http://localhost:5005",
        lifespan=True,
        database_url=db_url,
        rasa_url=rasa.url,
        rasa_token=RASA_TOKEN,
        sweep_seconds=0.2,
    ):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(rasa.requests) < 2:
            time.sleep(0.1)
    assert handoff_row(db_url, old).status is HandoffStatus.TIMED_OUT
    assert handoff_row(db_url, held).status is HandoffStatus.WAITING
    assert [r["endpoint"] for r in rasa.requests] == ["execute", "tracker/events"]


# ---- the Rasa client ---------------------------------------------------------------------------


def test_rasa_client_errors_are_one_type_without_the_token(rasa):
    rasa.fail_with = 503
    client = RasaClient(rasa.url, RASA_TOKEN)
    with pytest.raises(RasaUnavailable) as error:
        asyncio.run(client.execute("x" * 32, "action_handoff_back"))
    assert "HTTP 503" in str(error.value) and RASA_TOKEN not in str(error.value)
    rasa.fail_with = None
    with pytest.raises(RasaUnavailable, match="HTTP 401"):
        asyncio.run(RasaClient(rasa.url, "falsch").tracker("x" * 32))
    rasa.delay = 1.0
    with pytest.raises(RasaUnavailable, match=r"no answer within 0\.2 s"):
        asyncio.run(RasaClient(rasa.url, RASA_TOKEN, timeout=0.2).tracker("x" * 32))
    closed = RasaClient(f"http://127.0.0.1:{free_port()}", RASA_TOKEN)
    with pytest.raises(RasaUnavailable, match="cannot connect"):
        asyncio.run(closed.append_events("x", []))


def test_rasa_client_reads_the_whole_tracker(rasa):
    rasa.tracker("k1")["events"] = [{"event": "user", "text": "Hallo"}]
    tracker = asyncio.run(RasaClient(rasa.url, RASA_TOKEN).tracker("k1"))
    assert tracker["events"] == [{"event": "user", "text": "Hallo"}]
    assert rasa.requests[-1]["query"] == {"include_events": "ALL", "token": RASA_TOKEN}


def test_the_token_comes_from_the_environment_or_the_file(tmp_path, monkeypatch):
    token_file = tmp_path / ".rasa-token"
    monkeypatch.delenv("RASA_AUTH_TOKEN", raising=False)
    assert token_from_env(token_file) is None
    token_file.write_text("aus-der-datei\n", encoding="utf-8")
    assert token_from_env(token_file) == "aus-der-datei"
    monkeypatch.setenv("RASA_AUTH_TOKEN", "aus-der-umgebung")
    assert token_from_env(token_file) == "aus-der-umgebung"
