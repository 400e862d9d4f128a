"""Tickets as work in the agent console: open a ticket with its chat
transcript, assign it (to oneself or a colleague), answer by e-mail through a
real SMTP server (aiosmtpd on loopback, ``SmtpSink``), close it; the checks
on every move (who may, bad input, unknown ids), and the answer kept as a
draft when no mail server is set up or it is down, never a 500.

Three web apps on the test database: ``live`` with the mail server, ``nomail``
without one, ``maildown`` with a mail server address nobody listens on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import CaseState, Ticket, TicketKind, TicketReply
from tests.console_support import (
    FakeRasa,
    SmtpSink,
    add_agent,
    add_handoff,
    add_program,
    add_ticket,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    login,
    running_console,
)
from tools.servers import free_port
from web.mailer import SmtpSettings

pytestmark = [pytest.mark.db, pytest.mark.usefixtures("cheap_password_hashing")]
CONV = "c0ffee00c0ffee00c0ffee00c0ffee00"
EMAIL = "erika.muster@example.de"
MASKED = "er***@example.de"
TYPED = "kim.berger@example.org"
ANSWER = "Guten Tag Frau Muster,\n\nIhre Prämie ist unterwegs.\n\nMit freundlichen Grüßen\nAnna"


def _app(db_url: str, rasa: FakeRasa, smtp: SmtpSettings):
    return running_console(db_url, rasa.url, smtp=smtp)


@pytest.fixture(scope="module")
def live(db_url: str, rasa: FakeRasa, sink: SmtpSink) -> Iterator[str]:
    with _app(db_url, rasa, sink.settings()) as url:
        yield url


@pytest.fixture(scope="module")
def nomail(db_url: str, rasa: FakeRasa) -> Iterator[str]:
    with _app(db_url, rasa, SmtpSettings()) as url:
        yield url


@pytest.fixture(scope="module")
def maildown(db_url: str, rasa: FakeRasa) -> Iterator[str]:
    closed = SmtpSettings(host="127.0.0.1", port=free_port(), sender="a@b.example", timeout=2)
    with _app(db_url, rasa, closed) as url:
        yield url


@pytest.fixture(autouse=True)
def clean(db_url: str, rasa: FakeRasa, sink: SmtpSink) -> Iterator[None]:
    clean_database(db_url)
    rasa.reset()
    sink.reset()
    yield
    clean_database(db_url)


@pytest.fixture
def team(db_url: str) -> dict[str, int]:
    return {"anna": add_agent(db_url, "anna", "Anna"), "max": add_agent(db_url, "max", "Max")}


@pytest.fixture
def ticket_id(db_url: str, team) -> int:
    """A callback ticket of a verified customer of "AutoSicher Versicherung"."""
    add_program(
        db_url,
        "autosicher",
        "AutoSicher Versicherung",
        program_email="empfehlung@autosicher.example",
    )
    return add_ticket(db_url, CONV, program="autosicher", referrer_code="ASV-ABC234")


def ticket(db_url: str, ticket_id: int) -> Ticket:
    with session_scope(db_url) as session:
        row = session.get(Ticket, ticket_id)
        session.expunge(row)
        return row


def replies(db_url: str) -> list[TicketReply]:
    with session_scope(db_url) as session:
        rows = list(session.scalars(select(TicketReply).order_by(TicketReply.id)))
        session.expunge_all()
        return rows


def api(ticket_id: int | str, action: str = "") -> str:
    return f"/console/api/tickets/{ticket_id}" + (f"/{action}" if action else "")


# ---- the ticket view -------------------------------------------------------------


def test_a_ticket_opens_with_its_conversation_and_a_masked_address(live, db_url, rasa, ticket_id):
    rasa.tracker(CONV)["events"].extend(
        [
            {"event": "user", "text": "Meine Prämie fehlt noch.", "timestamp": 1764950400.0},
            {"event": "bot", "text": "Soll sich das Team per E-Mail melden?", "timestamp": 1.0},
        ]
    )
    handoff_id = add_handoff(db_url, CONV, program="autosicher")
    anna = login(live, "anna")

    [row] = anna.get("/console/api/queue").json()["tickets"]
    assert row["url"] == f"/console/tickets/{ticket_id}"
    assert (row["kind_label"], row["state_label"]) == ("Rückruf per E-Mail", "Offen")
    assert row["reply_to"] == MASKED  # in full only for the agent who works it
    queue_page = anna.get("/console").text
    assert f'href="/console/tickets/{ticket_id}"' in queue_page and EMAIL not in queue_page

    page = anna.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    text = page.text
    assert "Rückruf per E-Mail · AutoSicher Versicherung" in text
    assert "Meine Prämie fehlt noch." in text and "Soll sich das Team per E-Mail melden?" in text
    assert f'href="/console/handoffs/{handoff_id}"' in text
    assert MASKED in text and EMAIL not in text
    assert "Weisen Sie sich das Ticket zu, um zu antworten." in text
    # The answer starts from a German greeting and the agent's signature.
    assert "Guten Tag Frau Muster," in text and "Service-Team des Empfehlungsprogramms" in text
    assert "Ihre Anfrage Nr. " in text
    # No internal words or ids: no English status, no "Reward 7", no sender id.
    for word in ("callback", "open", "Reward", "in_progress", CONV):
        assert f">{word}<" not in text and f"({word}" not in text
    assert CONV not in text


def test_a_ticket_page_without_rasa_still_opens(nomail, db_url, rasa, ticket_id):
    rasa.fail_with = 500
    page = login(nomail, "anna").get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "Der Gesprächsverlauf kann gerade nicht geladen werden" in page.text


@pytest.mark.parametrize("raw", ["999999", "abc", "1" * 20])
def test_an_unknown_ticket_is_404_with_a_message(live, team, raw):
    anna = login(live, "anna")
    assert anna.get(f"/console/tickets/{raw}").status_code == 404
    for action in ("assign", "reply", "close"):
        response = anna.post(api(raw, action), json={"subject": "x", "text": "y"})
        assert response.status_code == 404
        assert response.json() == {"error": "Dieses Ticket gibt es nicht."}
    assert anna.get(api(raw)).status_code == 404


# ---- assign ------------------------------------------------------------------------


def test_assign_to_me_then_to_a_colleague(live, db_url, team, ticket_id):
    anna, max_ = login(live, "anna"), login(live, "max")

    state = anna.post(api(ticket_id, "assign"), json={}).json()["ticket"]
    assert (state["agent"], state["mine"], state["state_label"]) == ("Anna", True, "In Bearbeitung")
    assert state["reply_to"] == EMAIL  # Anna works it: the whole address
    assert max_.get(api(ticket_id)).json()["ticket"]["reply_to"] == MASKED
    page = anna.get(f"/console/tickets/{ticket_id}").text
    assert f"Die Antwort geht an {EMAIL}." in page

    state = anna.post(api(ticket_id, "assign"), json={"agent_id": team["max"]}).json()["ticket"]
    assert (state["agent"], state["mine"], state["reply_to"]) == ("Max", False, MASKED)
    assert max_.get(api(ticket_id)).json()["ticket"]["reply_to"] == EMAIL
    row = ticket(db_url, ticket_id)
    assert (row.agent_id, row.state) == (team["max"], CaseState.IN_PROGRESS)
    assert row.assigned_at is not None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"agent_id": 424242}, 400, "Diese Person gibt es im Service-Team nicht."),
        ({"agent_id": "max"}, 400, "Bitte wählen Sie aus, wem das Ticket zugewiesen wird."),
        ({"agent_id": True}, 400, "Bitte wählen Sie aus, wem das Ticket zugewiesen wird."),
        ({"agent_id": 10**30}, 400, "Diese Person gibt es im Service-Team nicht."),
        ([1, 2], 400, "Die Anfrage muss ein JSON-Objekt sein."),
    ],
)
def test_assign_refuses_bad_input_and_changes_nothing(
    live, db_url, ticket_id, body, status, message
):
    response = login(live, "anna").post(api(ticket_id, "assign"), json=body)
    assert response.status_code == status
    assert response.json() == {"error": message}
    assert ticket(db_url, ticket_id).agent_id is None


def test_assign_refuses_bad_json_and_an_inactive_agent(live, db_url, team, ticket_id):
    from bot.models import Agent

    anna = login(live, "anna")
    broken = anna.post(api(ticket_id, "assign"), data=b"{nope", json=None)
    assert (
        broken.status_code == 400
        and broken.json()["error"] == "Die Anfrage ist kein gültiges JSON."
    )
    with session_scope(db_url) as session:
        session.get(Agent, team["max"]).active = False
    gone = anna.post(api(ticket_id, "assign"), json={"agent_id": team["max"]})
    assert gone.status_code == 400


# ---- answer ------------------------------------------------------------------------


def test_the_answer_arrives_in_the_mail_server_with_recipient_subject_and_text(
    live, db_url, rasa, sink, ticket_id, caplog
):
    anna = login(live, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    subject = f"Ihre Anfrage Nr. {ticket_id} zum Empfehlungsprogramm von AutoSicher Versicherung"
    with caplog.at_level(logging.DEBUG):
        response = anna.post(api(ticket_id, "reply"), json={"subject": subject, "text": ANSWER})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["notice"] == "Ihre Antwort wurde per E-Mail gesendet."
    [sent] = data["replies"]
    assert (sent["agent"], sent["subject"], sent["text"], sent["sent"]) == (
        "Anna",
        subject,
        ANSWER,
        True,
    )

    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == [EMAIL]
    assert envelope.mail_from == "service@betreiber.example"
    [mail] = sink.mails()
    assert mail["To"] == EMAIL and mail["Subject"].strip() == subject  # may be folded
    assert mail["From"] == "Empfehlungsprogramm <service@betreiber.example>"
    assert mail["Reply-To"] == "empfehlung@autosicher.example"  # the program's own address
    assert mail.get_content().replace("\r\n", "\n").rstrip("\n") == ANSWER  # umlauts intact

    [stored] = replies(db_url)
    assert (stored.subject, stored.body) == (subject, ANSWER) and stored.sent_at is not None
    row = ticket(db_url, ticket_id)
    assert row.answered_at == stored.sent_at and row.state == CaseState.IN_PROGRESS
    # Logs name the ticket, never the address; the chat is not touched.
    assert f"Ticket {ticket_id}: answer sent by e-mail." in caplog.text
    assert EMAIL not in caplog.text
    assert rasa.requests == []


def test_an_address_typed_in_the_chat_gets_the_answer_without_a_name(live, db_url, sink, team):
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    ticket_id = add_ticket(db_url, CONV, program="autosicher", contact_email=TYPED)
    anna = login(live, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    page = anna.get(f"/console/tickets/{ticket_id}").text
    assert f"{TYPED} (nicht bestätigt)" in page and "sie ist nicht bestätigt" in page
    assert "Guten Tag,\n" in page  # a typed address proves nobody: no name
    response = anna.post(api(ticket_id, "reply"), json={"subject": "Ihre Anfrage", "text": "Hallo"})
    assert response.status_code == 200
    assert sink.envelopes[0].rcpt_tos == [TYPED]


def test_only_the_agent_who_works_the_ticket_answers(live, db_url, sink, team, ticket_id):
    anna, max_ = login(live, "anna"), login(live, "max")
    body = {"subject": "Betreff", "text": "Text"}
    first = anna.post(api(ticket_id, "reply"), json=body)
    assert first.status_code == 409
    assert first.json() == {"error": "Bitte weisen Sie sich das Ticket zuerst zu."}
    anna.post(api(ticket_id, "assign"), json={})
    other = max_.post(api(ticket_id, "reply"), json=body)
    assert other.status_code == 409 and other.json() == {"error": "Anna bearbeitet dieses Ticket."}
    assert sink.envelopes == [] and replies(db_url) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"subject": "Betreff", "text": "   "}, "Bitte geben Sie eine Antwort ein."),
        ({"subject": "", "text": "Text"}, "Bitte geben Sie einen Betreff ein."),
        ({"text": "Text"}, "Bitte senden Sie einen Betreff als Text im Feld „text“."),
        ({"subject": "x" * 201, "text": "Text"}, "Der Text ist zu lang: höchstens 200 Zeichen"),
        (
            {"subject": "Betreff", "text": "x" * 8001},
            "Der Text ist zu lang: höchstens 8000 Zeichen",
        ),
        ({"subject": "Betreff", "text": 5}, "Bitte senden Sie eine Antwort als Text"),
        ("kein Objekt", "Die Anfrage muss ein JSON-Objekt sein."),
    ],
)
def test_a_bad_answer_is_400_with_a_german_message(live, db_url, sink, ticket_id, body, message):
    anna = login(live, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    response = anna.post(api(ticket_id, "reply"), json=body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
    assert sink.envelopes == [] and replies(db_url) == []


def test_a_subject_with_line_breaks_is_sent_on_one_line(live, sink, ticket_id):
    anna = login(live, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    response = anna.post(
        api(ticket_id, "reply"),
        json={"subject": "Ihre\r\nBcc: x@evil.example\nAnfrage", "text": "Hi"},
    )
    assert response.status_code == 200
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == [EMAIL]  # no header smuggled in
    assert sink.mails()[0]["Subject"].strip() == "Ihre Bcc: x@evil.example Anfrage"


def test_an_address_that_cannot_stand_in_a_mail_is_a_502_not_a_500(live, db_url, sink, team):
    ticket_id = add_ticket(db_url, CONV, contact_email="kim@example.org\r\nBcc: x@evil.example")
    anna = login(live, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    response = anna.post(api(ticket_id, "reply"), json={"subject": "B", "text": "T"})
    assert response.status_code == 502
    assert "E-Mail-Adressen ist ungültig" in response.json()["error"]
    assert sink.envelopes == [] and replies(db_url)[0].sent_at is None


def test_without_a_mail_server_the_answer_stays_a_draft_and_the_console_says_so(
    nomail, db_url, ticket_id
):
    anna = login(nomail, "anna")
    page = anna.get(f"/console/tickets/{ticket_id}").text
    assert "Es ist kein Mailserver eingerichtet" in page and "Als Entwurf speichern" in page
    anna.post(api(ticket_id, "assign"), json={})
    for text in ("Erster Entwurf", "Zweiter Entwurf"):
        response = anna.post(api(ticket_id, "reply"), json={"subject": "Betreff", "text": text})
        assert response.status_code == 200
        assert response.json()["notice"].startswith("Es ist kein Mailserver eingerichtet")
        assert "als Entwurf gespeichert" in response.json()["notice"]
        assert response.json()["replies"] == []  # nothing was sent
    [draft] = replies(db_url)  # trying again updates the one draft
    assert (draft.body, draft.sent_at) == ("Zweiter Entwurf", None)
    assert ticket(db_url, ticket_id).answered_at is None
    page = anna.get(f"/console/tickets/{ticket_id}").text
    assert "(gespeicherter Entwurf)" in page and "Zweiter Entwurf" in page


def test_when_the_mail_server_is_down_the_answer_stays_a_draft_with_502(
    maildown, db_url, ticket_id
):
    anna = login(maildown, "anna")
    anna.post(api(ticket_id, "assign"), json={})
    response = anna.post(api(ticket_id, "reply"), json={"subject": "Betreff", "text": "Text"})
    assert response.status_code == 502
    assert "Mailserver ist gerade nicht erreichbar" in response.json()["error"]
    assert "als Entwurf gespeichert" in response.json()["error"]
    [draft] = replies(db_url)
    assert draft.sent_at is None and ticket(db_url, ticket_id).answered_at is None


def test_a_mail_server_without_starttls_is_refused_unless_turned_off(db_url, rasa, sink, ticket_id):
    """STARTTLS is on by default: a server that does not offer it gets no mail."""
    with _app(db_url, rasa, sink.settings(starttls=True)) as url:
        anna = login(url, "anna")
        anna.post(api(ticket_id, "assign"), json={})
        response = anna.post(api(ticket_id, "reply"), json={"subject": "B", "text": "T"})
    assert response.status_code == 502
    assert "keine verschlüsselte Verbindung (STARTTLS)" in response.json()["error"]
    assert sink.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_mail_server_login_with_user_and_password(db_url, rasa, ticket_id):
    with SmtpSink(login=("relay", "geheim-123")) as guarded:
        wrong = guarded.settings(password="falsch")
        with _app(db_url, rasa, wrong) as url:
            anna = login(url, "anna")
            anna.post(api(ticket_id, "assign"), json={})
            refused = anna.post(api(ticket_id, "reply"), json={"subject": "B", "text": "T"})
        assert refused.status_code == 502
        assert "Anmeldung (SMTP_USER, SMTP_PASSWORD) abgelehnt" in refused.json()["error"]
        with _app(db_url, rasa, guarded.settings()) as url:
            anna = login(url, "anna")
            sent = anna.post(api(ticket_id, "reply"), json={"subject": "B", "text": "T"})
        assert sent.status_code == 200 and len(guarded.envelopes) == 1
    assert len(replies(db_url)) == 1  # the draft of the refused try was sent


def test_smtp_settings_from_the_environment(monkeypatch):
    for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_FROM", "SMTP_USER", "SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SMTP_STARTTLS", raising=False)
    assert not SmtpSettings.from_env().configured
    monkeypatch.setenv("SMTP_HOST", "mail.betreiber.example")
    assert not SmtpSettings.from_env().configured  # no sender yet
    monkeypatch.setenv("SMTP_FROM", "service@betreiber.example")
    monkeypatch.setenv("SMTP_PASSWORD", "nicht-ins-log")
    settings = SmtpSettings.from_env()
    assert settings.configured and (settings.port, settings.starttls) == (587, True)
    assert "nicht-ins-log" not in repr(settings)
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    assert (SmtpSettings.from_env().port, SmtpSettings.from_env().starttls) == (25, False)
    monkeypatch.setenv("SMTP_PORT", "2525")
    assert SmtpSettings.from_env().port == 2525


# ---- close -------------------------------------------------------------------------


def test_close_ends_the_ticket_and_it_leaves_the_queue(live, db_url, team, ticket_id):
    anna, max_ = login(live, "anna"), login(live, "max")
    assert anna.post(api(ticket_id, "close"), json={}).status_code == 409  # assign first
    anna.post(api(ticket_id, "assign"), json={})
    not_his = max_.post(api(ticket_id, "close"), json={})
    assert not_his.status_code == 409 and not_his.json() == {
        "error": "Anna bearbeitet dieses Ticket."
    }

    state = anna.post(api(ticket_id, "close"), json={}).json()["ticket"]
    assert (state["state"], state["state_label"], state["open"]) == ("done", "Erledigt", False)
    assert state["target"] == "ended"  # closed before the target without an answer
    row = ticket(db_url, ticket_id)
    assert row.state == CaseState.DONE and row.closed_at is not None
    assert anna.get("/console/api/queue").json()["tickets"] == []

    for action, body in (("close", {}), ("assign", {}), ("reply", {"subject": "B", "text": "T"})):
        again = anna.post(api(ticket_id, action), json=body)
        assert again.status_code == 409
        assert again.json() == {"error": "Dieses Ticket ist bereits erledigt."}
    page = anna.get(f"/console/tickets/{ticket_id}").text
    assert "Dieses Ticket ist erledigt." in page


def test_a_ticket_without_any_address_cannot_be_answered(live, db_url, team):
    ticket_id = add_ticket(db_url, CONV, kind=TicketKind.DATA_RIGHTS, details="Auskunft")
    anna = login(live, "anna")
    state = anna.post(api(ticket_id, "assign"), json={}).json()["ticket"]
    assert state["reply_to"] == "keine Adresse bekannt" and not state["reply_address_known"]
    response = anna.post(api(ticket_id, "reply"), json={"subject": "B", "text": "T"})
    assert response.status_code == 409
    assert "keine E-Mail-Adresse bekannt" in response.json()["error"]


# ---- permissions: login and CSRF as everywhere in the console -------------------------


def test_ticket_moves_need_a_login_and_the_csrf_token(live, db_url, ticket_id):
    import requests

    for action in ("assign", "reply", "close"):
        stranger = requests.post(f"{live}{api(ticket_id, action)}", json={}, timeout=10)
        assert stranger.status_code == 401
    anna = login(live, "anna")
    for action in ("assign", "reply", "close"):
        forged = anna.post(api(ticket_id, action), json={}, headers={"X-CSRF-Token": "falsch"})
        assert forged.status_code == 403
        assert "Sicherheitsprüfung" in forged.json()["error"]
    assert ticket(db_url, ticket_id).agent_id is None
    assert (
        requests.get(f"{live}/console/tickets/{ticket_id}", allow_redirects=False).status_code
        == 303
    )
