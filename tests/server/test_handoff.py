"""Handoff end to end: the real Rasa server and action server of this test
run, the real web app with the agent console and its background sweep, and a
socket.io client that speaks the widget's protocol as the customer.

The programs are made here, so business hours do not depend on when the
tests run: one is open around the clock, one never.
"""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Iterator
from datetime import time as clock_time
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, text, update

from bot.clock import utcnow
from bot.db import session_scope
from bot.formatting import format_date
from bot.handoff import callback_due
from bot.models import Agent, Handoff, HandoffStatus, Program, Rating, Ticket, TicketKind
from tests.console_support import Browser, add_agent, login
from tests.factories import make_program, make_referrer
from tests.server.chat import WidgetClient, kb_text, response_texts
from tools.servers import running_web_app

pytestmark = pytest.mark.server

ALWAYS = "rund-um-die-uhr"
NEVER = "nie-erreichbar"
# Customers of the two programs (a code is only valid on its own program's widget).
ALWAYS_CODE, ALWAYS_EMAIL = "RUH-123ABC", "paula.sommer@example.de"
NEVER_CODE, NEVER_EMAIL = "NIE-456DEF", "jonas.winter@example.de"
SILENCE_S = 4


@pytest.fixture(scope="module")
def programs(demo_db_url: str) -> None:
    with session_scope(demo_db_url) as session:
        # Opening and closing at the same time: open around the clock.
        make_program(
            session,
            ALWAYS,
            brand="Rund um die Uhr GmbH",
            hours_weekdays="1234567",
            hours_open=clock_time(0, 0),
            hours_close=clock_time(0, 0),
        )
        always = session.scalars(select(Program).where(Program.slug == ALWAYS)).one()
        never = make_program(session, NEVER, brand="Nie erreichbar AG", hours_weekdays="")
        make_referrer(session, always, ALWAYS_CODE, ALWAYS_EMAIL)
        make_referrer(session, never, NEVER_CODE, NEVER_EMAIL)
    add_agent(demo_db_url, "anna", "Anna")


@pytest.fixture(scope="module")
def console(bot, demo_db_url: str, programs: None) -> Iterator[str]:
    with running_web_app(
        bot.url,
        lifespan=True,
        database_url=demo_db_url,
        rasa_url=bot.url,
        rasa_token=bot.token,
        sweep_seconds=0.5,
    ) as url:
        yield url


@pytest.fixture
def agent(console: str) -> Browser:
    """Anna, logged in (which also makes her count as online)."""
    return login(console, "anna")


def customer(widget, program: str) -> WidgetClient:
    client = widget()
    client.request_session(metadata={"program": program})
    return client


def handoffs_of(db_url: str, conversation_id: str) -> list[Handoff]:
    with session_scope(db_url) as session:
        rows = session.scalars(
            select(Handoff).where(Handoff.conversation_id == conversation_id)
        ).all()
        session.expunge_all()
        return list(rows)


def tickets_of(db_url: str, conversation_id: str) -> list[Ticket]:
    with session_scope(db_url) as session:
        query = select(Ticket).where(Ticket.conversation_id == conversation_id)
        rows = session.scalars(query).all()
        session.expunge_all()
        return list(rows)


def queue_entry(agent: Browser, conversation_id: str, timeout: float) -> dict:
    """Polls the console's queue like its page does; returns the entry."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        response = agent.get("/console/api/queue")
        assert response.status_code == 200, response.text
        for entry in response.json()["handoffs"]:
            if entry["conversation_id"] == conversation_id:
                return entry
        time.sleep(0.1)
    raise AssertionError(f"{conversation_id} did not reach the console within {timeout} s")


def turn(client: WidgetClient, text: str, quiet_s: float = 3) -> list[dict]:
    """Says ``text`` and collects the bot's whole answer (until it is quiet)."""
    first = client.say(text)
    messages = [first]
    while True:
        try:
            messages.append(client.next("bot_uttered", timeout=quiet_s))
        except queue.Empty:
            return messages


def joined(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def move_back(db_url: str, conversation_id: str, hours: float) -> None:
    """Moves a conversation's stored events (Rasa's ``events`` table) back in time."""
    seconds = hours * 3600
    with session_scope(db_url) as session:
        rows = session.execute(
            text("SELECT id, timestamp, data FROM events WHERE sender_id = :sender"),
            {"sender": conversation_id},
        ).all()
        for row_id, timestamp, data in rows:
            event = json.loads(data)
            event["timestamp"] -= seconds
            session.execute(
                text("UPDATE events SET timestamp = :t, data = :d WHERE id = :id"),
                {"t": timestamp - seconds, "d": json.dumps(event), "id": row_id},
            )


def assert_silent(client: WidgetClient, seconds: float = SILENCE_S) -> None:
    with pytest.raises(queue.Empty):
        client.next("bot_uttered", timeout=seconds)


def test_customer_agent_and_bot_hand_the_conversation_around(widget, agent, demo_db_url, bot):
    client = customer(widget, ALWAYS)
    waiting = client.say("Ich möchte bitte mit einem Mitarbeiter sprechen.")
    assert waiting["custom"]["handoff"] == "waiting"
    assert waiting["custom"]["position"] >= 1
    assert "Service-Team" in waiting["text"]

    # The agent sees the handoff, with program and reason (how fast:
    # `make bench`, handoff_to_console).
    entry = queue_entry(agent, client.session_id, timeout=10)
    assert entry["status"] == "waiting"
    assert entry["program"] == ALWAYS
    assert entry["reason"] == "customer_request"

    # Paused: the customer writes, the bot stays silent, the agent reads it.
    client.sio.emit(
        "user_uttered", {"message": "Hallo? Ist da jemand?", "session_id": client.session_id}
    )
    assert_silent(client)
    handoff_id = entry["id"]
    transcript = agent.get(f"/console/api/handoffs/{handoff_id}/transcript").json()
    lines = [(line["from"], line["text"]) for line in transcript]
    assert ("customer", "Hallo? Ist da jemand?") in lines

    # Claim: the customer is told who is there.
    assert agent.post(f"/console/api/handoffs/{handoff_id}/claim").status_code == 200
    started = client.next("bot_uttered", timeout=10)
    assert started["custom"]["handoff"] == "started"
    assert started["custom"]["agent"] == {"first_name": "Anna"}

    # The agent's reply reaches the widget live, with her first name (how
    # fast: `make bench`, console_reply_to_widget).
    reply = agent.post(
        f"/console/api/handoffs/{handoff_id}/reply",
        json={"text": "Guten Tag, hier ist Anna. Ich sehe mir Ihre Empfehlung an."},
    )
    assert reply.status_code == 200, reply.text
    message = client.next("bot_uttered", timeout=10)
    assert message["text"] == "Guten Tag, hier ist Anna. Ich sehe mir Ihre Empfehlung an."
    assert message["custom"]["agent"]["first_name"] == "Anna"

    # Still paused: no rule, no fallback answers the customer.
    client.sio.emit("user_uttered", {"message": "asdfgh", "session_id": client.session_id})
    client.sio.emit(
        "user_uttered", {"message": "Wo bleibt meine Prämie?", "session_id": client.session_id}
    )
    assert_silent(client)

    # Back to the bot: it says so and asks for a rating.
    assert agent.post(f"/console/api/handoffs/{handoff_id}/resolve").status_code == 200
    back = client.next("bot_uttered", timeout=15)
    assert back["custom"] == {"handoff": "ended"}
    rating = client.next("bot_uttered", timeout=15)
    titles = [button["title"] for button in rating["quick_replies"]]
    assert len(titles) == 5 and titles[0].startswith("5")
    thanks = client.say('/rate{"rating": "5"}')
    assert thanks["text"] in response_texts("utter_rating_noted")
    # The recommendation question follows (NPS_SHARE=1; tests/server/test_nps.py),
    # and the customer ignores it.
    nps = client.next("bot_uttered", timeout=15)
    assert nps["text"] in response_texts("utter_ask_nps_score")

    # The bot answers again.
    assert client.say("Hallo")["text"] in response_texts("utter_greet")

    [handoff] = handoffs_of(demo_db_url, client.session_id)
    assert handoff.status is HandoffStatus.RESOLVED
    assert handoff.first_response_at is not None
    with session_scope(demo_db_url) as session:
        scores = session.scalars(
            select(Rating.score).where(Rating.conversation_id == client.session_id)
        ).all()
        assert scores == [5]
        assert (
            session.scalar(
                select(Rating.handoff_id).where(Rating.conversation_id == client.session_id)
            )
            == handoff.id
        )

    # Rasa keeps everything: the customer's messages while paused and the agent's.
    texts = [e.get("text") for e in bot.tracker(client.session_id)["events"]]
    assert "asdfgh" in texts
    assert "Guten Tag, hier ist Anna. Ich sehe mir Ihre Empfehlung an." in texts


def test_customer_stops_waiting_and_the_bot_is_back(widget, agent, console, demo_db_url):
    client = customer(widget, ALWAYS)
    assert client.say("Mitarbeiter bitte")["custom"]["handoff"] == "waiting"
    response = requests.post(
        f"{console}/chat/api/handoff/cancel", json={"session_id": client.session_id}, timeout=15
    )
    assert response.status_code == 200, response.text
    message = client.next("bot_uttered", timeout=15)
    assert message["custom"] == {"handoff": "ended"}
    assert message["text"] in response_texts("utter_handoff_cancelled")
    answer = client.say("Wie funktioniert das Empfehlungsprogramm?")
    assert answer["text"] == kb_text(demo_db_url, "how_it_works", ALWAYS)
    [handoff] = handoffs_of(demo_db_url, client.session_id)
    assert handoff.status is HandoffStatus.CANCELLED
    # Nothing left to cancel; a malformed request is refused with a message.
    again = requests.post(
        f"{console}/chat/api/handoff/cancel", json={"session_id": client.session_id}, timeout=15
    )
    assert again.status_code == 404
    bad = requests.post(f"{console}/chat/api/handoff/cancel", data="{", timeout=15)
    assert bad.status_code == 400 and bad.json()["error"]


def test_a_session_that_expires_while_waiting_keeps_the_bot_silent(widget, agent, bot, demo_db_url):
    """Rasa starts a new session after 60 minutes without a customer message
    (domain.yml), and a new session would un-pause the conversation."""
    client = customer(widget, ALWAYS)
    assert client.say("Mitarbeiter bitte")["custom"]["handoff"] == "waiting"
    entry = queue_entry(agent, client.session_id, timeout=10)
    # Two hours pass: the stored events move back in time (Rasa reads the
    # tracker from the store at every message).
    move_back(demo_db_url, client.session_id, hours=2)

    client.sio.emit(
        "user_uttered", {"message": "Hallo? Ich warte immer noch.", "session_id": client.session_id}
    )
    assert_silent(client)
    tracker = bot.tracker(client.session_id)
    names = [event["event"] for event in tracker["events"]]
    assert names.count("session_started") == 2  # the session did expire
    assert tracker["paused"] is True
    # The agent still gets the conversation.
    assert agent.post(f"/console/api/handoffs/{entry['id']}/claim").status_code == 200
    assert client.next("bot_uttered", timeout=10)["custom"]["handoff"] == "started"
    assert agent.post(f"/console/api/handoffs/{entry['id']}/resolve").status_code == 200


def test_a_long_wait_ends_with_a_callback_ticket_for_a_verified_customer(
    widget, agent, demo_db_url
):
    client = customer(widget, ALWAYS)
    turn(client, "Wo bleibt meine Prämie?")
    turn(client, ALWAYS_CODE)
    assert "passen leider nicht" not in joined(turn(client, ALWAYS_EMAIL))  # verified
    waiting = client.say("Dann möchte ich mit einem Menschen sprechen.")
    assert waiting["custom"]["handoff"] == "waiting"
    # Ten minutes later (the default maximum wait) nobody has come.
    with session_scope(demo_db_url) as session:
        session.execute(
            update(Handoff)
            .where(Handoff.conversation_id == client.session_id)
            .values(queued_at=utcnow() - timedelta(minutes=11))
        )
    message = client.next("bot_uttered", timeout=15)
    assert message["custom"] == {"handoff": "ended"}
    assert "pa***@example.de" in message["text"]
    [handoff] = handoffs_of(demo_db_url, client.session_id)
    assert handoff.status is HandoffStatus.TIMED_OUT
    with session_scope(demo_db_url) as session:
        ticket = session.get(Ticket, handoff.ticket_id)
        assert ticket.kind is TicketKind.CALLBACK
        assert f"Nummer {ticket.id}" in message["text"]


def test_an_idle_agent_gives_the_conversation_back_to_the_queue(widget, agent, demo_db_url):
    client = customer(widget, ALWAYS)
    client.say("Ich will einen Menschen sprechen")
    entry = queue_entry(agent, client.session_id, timeout=10)
    assert agent.post(f"/console/api/handoffs/{entry['id']}/claim").status_code == 200
    assert client.next("bot_uttered", timeout=10)["custom"]["handoff"] == "started"
    with session_scope(demo_db_url) as session:
        session.execute(
            update(Agent)
            .where(Agent.username == "anna")
            .values(last_seen_at=utcnow() - timedelta(minutes=6))
        )
    message = client.next("bot_uttered", timeout=15)
    assert message["custom"] == {"handoff": "waiting"}
    [handoff] = handoffs_of(demo_db_url, client.session_id)
    assert handoff.status is HandoffStatus.WAITING and handoff.agent_id is None
    # Paused still: the customer waits for the next agent.
    client.sio.emit("user_uttered", {"message": "Hallo?", "session_id": client.session_id})
    assert_silent(client)


def test_outside_business_hours_the_bot_offers_an_e_mail_reply(widget, agent, demo_db_url):
    """No code needed: the customer gives the address the team should write to."""
    client = customer(widget, NEVER)
    offer = turn(client, "Kann ich mit jemandem vom Service sprechen?")
    assert all("handoff" not in (message.get("custom") or {}) for message in offer)
    assert "nicht im Chat" in offer[0]["text"]
    assert [b["payload"] for b in offer[-1]["quick_replies"]] == ["/affirm", "/deny"]
    assert "E-Mail-Adresse" in joined(turn(client, "/affirm"))
    answer = joined(turn(client, NEVER_EMAIL))
    assert "jo***@example.de" in answer
    assert handoffs_of(demo_db_url, client.session_id) == []
    tickets = tickets_of(demo_db_url, client.session_id)
    assert [t.kind for t in tickets] == [TicketKind.CALLBACK]
    assert tickets[0].contact_email == NEVER_EMAIL
    assert f"Nummer {tickets[0].id}" in answer


def test_an_address_given_after_losing_the_code_gets_the_e_mail_reply_without_asking_again(
    widget, agent, demo_db_url
):
    """ "finde meinen Code nicht" … "meine Mail ist …" got "Wobei kann ich
    Ihnen damit helfen?". Now the team takes it; nobody being there, the
    e-mail reply goes to the address the customer already typed."""
    client = customer(widget, NEVER)
    turn(client, "ich finde meinen empfehlungscode nicht mehr")
    offer = turn(client, f"meine mail ist {NEVER_EMAIL}")
    assert "allein" in offer[0]["text"]
    assert "jo***@example.de" in joined(offer)
    assert [b["payload"] for b in offer[-1]["quick_replies"]] == ["/affirm", "/deny"]
    answer = joined(turn(client, "/affirm"))
    tickets = tickets_of(demo_db_url, client.session_id)
    assert [t.contact_email for t in tickets] == [NEVER_EMAIL]
    assert f"Nummer {tickets[0].id}" in answer


def test_a_code_found_after_the_offer_verifies_with_the_address_typed_before(
    widget, agent, demo_db_url
):
    """ "code weiß ich nicht mehr, meine Mail ist …", then "moment, hab ihn
    gefunden: …" to the offer of an e-mail reply opened a callback ticket.
    Code and the address typed before verify, and the status is told."""
    client = customer(widget, NEVER)
    turn(client, f"code weiß ich nicht mehr, meine mail ist {NEVER_EMAIL}")
    answer = turn(client, f"moment hab ihn gefunden {NEVER_CODE}")
    assert "Frau Muster" in joined(answer)
    tickets = tickets_of(demo_db_url, client.session_id)
    assert tickets == []


def test_asking_for_a_person_again_after_the_offer_accepts_the_e_mail_reply(
    widget, agent, demo_db_url
):
    """ "ja bitte ruft mich zurück" right after the offer of an e-mail reply
    got the same offer again, a loop; now it is a yes (no phone calls)."""
    client = customer(widget, NEVER)
    turn(client, "ich will mit einem menschen sprechen")
    reply = turn(client, "ja bitte ruft mich zurück")
    assert reply[0]["text"] in response_texts("utter_callback_no_phone")
    assert reply[-1]["text"] in response_texts("utter_ask_callback_email")
    answer = joined(turn(client, NEVER_EMAIL))
    [ticket] = tickets_of(demo_db_url, client.session_id)
    assert ticket.kind is TicketKind.CALLBACK and f"Nummer {ticket.id}" in answer


def test_how_long_while_the_address_is_asked_tells_when_the_team_writes(widget, agent, demo_db_url):
    """ "wie lange dauert das noch?" when the bot asked for the address of the
    e-mail reply got the program's payout timeline and the status lookup."""
    client = customer(widget, NEVER)
    turn(client, "mitarbeiter")
    turn(client, "/affirm")
    reply = turn(client, "wie lange dauert das noch")
    assert "spätestens am" in reply[0]["text"]
    assert reply[-1]["text"] in response_texts("utter_ask_callback_email")
    answer = joined(turn(client, NEVER_EMAIL))
    [ticket] = tickets_of(demo_db_url, client.session_id)
    assert f"Nummer {ticket.id}" in answer
    assert format_date(ticket.due_on) in reply[0]["text"]


def test_a_verified_customer_gets_the_reply_at_the_address_on_file(widget, agent, demo_db_url):
    client = customer(widget, NEVER)
    turn(client, "Wo bleibt meine Prämie?")
    turn(client, f"{NEVER_CODE} {NEVER_EMAIL}")
    offer = turn(client, "Ich möchte mit einem Mitarbeiter sprechen")
    assert "jo***@example.de" in joined(offer)
    answer = joined(turn(client, "/affirm"))
    with session_scope(demo_db_url) as session:
        ticket = session.scalars(
            select(Ticket).where(
                Ticket.conversation_id == client.session_id, Ticket.kind == TicketKind.CALLBACK
            )
        ).one()
        assert ticket.referrer_id is not None and ticket.contact_email is None
    assert f"Nummer {ticket.id}" in answer and "jo***@example.de" in answer


def test_how_long_to_the_offer_of_an_e_mail_reply_says_when_and_offers_it_again(
    widget, agent, demo_db_url
):
    """ "wie lange dauert das, bis sich wer meldet?" to the offer of an e-mail
    reply got the program's payout timeline; the offer was lost."""
    client = customer(widget, NEVER)
    turn(client, "ich will einen mitarbeiter")
    reply = turn(client, "wie lange dauert das bis sich wer meldet?")
    assert reply[0]["text"] in response_texts(
        "utter_callback_when_offer", due=format_date(callback_due())
    )
    assert [b["payload"] for b in reply[-1]["quick_replies"]] == ["/affirm", "/deny"]
    assert joined(turn(client, "ja")) in response_texts("utter_ask_callback_email")
    answer = joined(turn(client, NEVER_EMAIL))
    [ticket] = tickets_of(demo_db_url, client.session_id)
    assert ticket.kind is TicketKind.CALLBACK and f"Nummer {ticket.id}" in answer


def test_code_address_and_a_person_asked_for_open_the_e_mail_reply_for_the_verified_customer(
    widget, agent, demo_db_url
):
    """Asked for the address of the e-mail reply, "Es geht um meine Prämie,
    <code>, <address>. Aber bitte ein Mensch." got the status and no ticket."""
    client = customer(widget, NEVER)
    turn(client, "Mitarbeiter bitte.")
    turn(client, "/affirm")
    answer = joined(
        turn(
            client, f"Es geht um meine Prämie, {NEVER_CODE}, {NEVER_EMAIL}. Aber bitte ein Mensch."
        )
    )
    [ticket] = tickets_of(demo_db_url, client.session_id)
    assert ticket.kind is TicketKind.CALLBACK
    assert ticket.referrer_id is not None and ticket.contact_email is None
    assert f"Nummer {ticket.id}" in answer and "jo***@example.de" in answer


def test_code_and_address_to_the_offer_of_an_e_mail_reply_tell_the_status_and_offer_it_again(
    widget, agent, demo_db_url
):
    """Code and address typed to the offer of an e-mail reply told the status
    and dropped the reply the customer had asked for."""
    client = customer(widget, NEVER)
    turn(client, "ich will lieber mit nem menschen reden, es geht um meine prämie")
    reply = turn(client, f"{NEVER_CODE} {NEVER_EMAIL}")
    assert "Frau Muster" in joined(reply)
    assert reply[-1]["text"] in response_texts("utter_callback_offer_after_status")
    answer = joined(turn(client, "ja"))
    [ticket] = tickets_of(demo_db_url, client.session_id)
    assert ticket.kind is TicketKind.CALLBACK and ticket.referrer_id is not None
    assert f"Nummer {ticket.id}" in answer


def test_a_yes_that_asks_to_be_connected_hands_over(widget, agent, demo_db_url):
    """ "ja bitte, verbinden Sie mich" after answers that offered no person
    got "Gut, ich bin ganz Ohr"."""
    client = customer(widget, ALWAYS)
    turn(client, "Wie hoch ist die Prämie?")
    turn(client, "muss ich die eigentlich versteuern?")
    waiting = client.say("ja bitte, verbinden Sie mich")
    assert waiting["custom"]["handoff"] == "waiting"


def test_a_question_that_asks_for_a_person_in_so_many_words_hands_over(widget, agent, demo_db_url):
    """ "kann das dann wenigstens mal ein Mitarbeiter prüfen?" got how the
    program works."""
    client = customer(widget, ALWAYS)
    turn(client, "ich hab euch 5 neue kunden gebracht, da erwarte ich die doppelte prämie")
    waiting = client.say("kann das dann wenigstens mal ein mitarbeiter prüfen?")
    assert waiting["custom"]["handoff"] == "waiting"


def test_who_can_help_me_then_hands_over(widget, agent, demo_db_url):
    """ "und wer kann mir dann helfen" after what to do without a code got how
    the program works."""
    client = customer(widget, ALWAYS)
    turn(client, "ich habe meinen code verloren")
    waiting = client.say("und wer kann mir dann helfen")
    assert waiting["custom"]["handoff"] == "waiting"


def test_repeated_misunderstanding_is_the_handoff_reason(widget, agent, demo_db_url):
    client = customer(widget, ALWAYS)
    turn(client, "/nlu_fallback")
    turn(client, "/nlu_fallback")
    waiting = client.say("ja")
    assert waiting["custom"]["handoff"] == "waiting"
    [handoff] = handoffs_of(demo_db_url, client.session_id)
    assert handoff.reason.value == "repeated_fallback"
    assert "Nicht verifiziert" in handoff.summary


def test_nobody_online_means_no_queue(widget, console, demo_db_url):
    with session_scope(demo_db_url) as session:
        session.execute(update(Agent).values(last_seen_at=None))
    client = customer(widget, ALWAYS)
    offer = turn(client, "Mitarbeiter bitte")
    assert "niemand" in offer[0]["text"]
    assert offer[-1]["text"] in response_texts("utter_callback_offer")
    assert all("handoff" not in (message.get("custom") or {}) for message in offer)
    assert handoffs_of(demo_db_url, client.session_id) == []
    (declined,) = turn(client, "/deny")
    assert declined["text"] in response_texts("utter_callback_declined")
