"""Saved replies of the agent console (``web/saved_replies.yml``,
``web/saved_replies.py``, ``GET /console/api/{handoffs,tickets}/{id}/saved-replies``):
the file uses only known placeholders, the texts are filled from the
conversation's program and verified customer, other programs' replies are not
offered, and only logged-in agents get them.

Inserting a reply in the browser and sending it: tests/test_console_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.console_support import (
    add_agent,
    add_handoff,
    add_program,
    add_ticket,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    login,
    running_console,
)
from web import saved_replies
from web.saved_replies import PLACEHOLDERS, SavedRepliesError

AUTOSICHER = {
    "reward_phrase": "eine Geldprämie von 50 €",
    "cancellation_days": 14,
    "waiting_period_days": 60,
    "payout_days": 30,
    "terms_url": "https://www.autosicher.example/empfehlen/teilnahmebedingungen",
    "program_email": "empfehlung@autosicher.example",
    "friend_reward": "eine Gutschrift von 25 € auf den ersten Jahresbeitrag",
}


# ---- the data file -----------------------------------------------------------------


def test_the_file_loads_with_known_placeholders_only_and_every_one_has_a_value():
    replies = saved_replies.load()
    assert len(replies) >= 10
    assert len({r.id for r in replies}) == len(replies)
    used = set().union(*(saved_replies.placeholders(r.text) for r in replies))
    assert used <= set(PLACEHOLDERS)
    assert set(saved_replies.values(None, None, "Anna")) == set(PLACEHOLDERS)
    # Each program of the demo data has replies of its own.
    assert {r.program for r in replies} >= {None, "autosicher", "sonnenstrom", "funknetz"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Guten Tag {vorname}", r"unknown placeholder \{vorname\}"),
        ("Guten Tag {vorname_kunde}, {programm} und {bonus}", r"unknown placeholder \{bonus\}"),
        ("Ihre {programm.brand}", "no plain placeholder"),
        ("Ihre {praemie!r}", "no plain placeholder"),
        ("Eine offene { Klammer", "unbalanced braces"),
    ],
)
def test_an_unknown_or_malformed_placeholder_in_the_file_is_refused(
    tmp_path: Path, text: str, error: str
):
    path = tmp_path / "saved_replies.yml"
    path.write_text(
        f"all_programs:\n  - title: Test\n    text: '{text}'\n",
        encoding="utf-8",
    )
    with pytest.raises(SavedRepliesError, match=error):
        saved_replies.load(path)


def test_a_reply_without_title_or_with_an_unknown_channel_is_refused():
    with pytest.raises(SavedRepliesError, match="title is missing"):
        saved_replies.parse({"all_programs": [{"text": "Hallo"}]})
    with pytest.raises(SavedRepliesError, match="channels are chat, mail"):
        saved_replies.parse({"all_programs": [{"title": "A", "text": "B", "channels": ["fax"]}]})


# ---- served for a handoff or a ticket ----------------------------------------------


@pytest.fixture(scope="module")
def console(db_url: str) -> Iterator[str]:
    with running_console(db_url) as url:
        yield url


@pytest.fixture
def clean(db_url: str) -> Iterator[None]:
    clean_database(db_url)
    add_agent(db_url, "anna", "Anna")
    yield
    clean_database(db_url)


def offer(console: str, path: str) -> dict[str, dict]:
    response = login(console, "anna").get(path)
    assert response.status_code == 200, response.text
    return {reply["title"]: reply for reply in response.json()["replies"]}


def served(test):
    """A test against the running console (database, logged-in agent)."""
    return pytest.mark.db(pytest.mark.usefixtures("cheap_password_hashing", "clean")(test))


@served
def test_a_handoffs_replies_are_filled_from_its_program_and_customer(console, db_url):
    add_program(db_url, "autosicher", "AutoSicher Versicherung", **AUTOSICHER)
    handoff_id = add_handoff(db_url, "a" * 32, program="autosicher", referrer_code="ASV-ABC234")
    replies = offer(console, f"/console/api/handoffs/{handoff_id}/saved-replies")

    greeting = replies["Begrüßung"]
    assert greeting["text"].startswith(
        "Guten Tag Frau Muster, hier ist Anna vom Service-Team des Empfehlungsprogramms "
        "von AutoSicher Versicherung."
    )
    steps = replies["Ablauf bis zur Prämie"]["text"]
    assert "die Widerrufsfrist von 14 Tagen und die Wartezeit von 60 Tagen" in steps
    assert "erhalten Sie eine Geldprämie von 50 € innerhalb von 30 Tagen" in steps
    assert steps.endswith("Teilnahmebedingungen: " + AUTOSICHER["terms_url"])
    friend = replies["Gutschrift für die geworbene Person"]["text"]
    assert AUTOSICHER["friend_reward"] in friend
    assert "empfehlung@autosicher.example" in replies["Rückmeldung per E-Mail zusagen"]["text"]
    for reply in replies.values():
        assert "{" not in reply["text"] and "[" not in reply["text"], reply
        assert reply["missing"] == []


@served
def test_other_programs_replies_are_not_offered(console, db_url):
    for slug, brand in (("autosicher", "AutoSicher Versicherung"), ("sonnenstrom", "SonnenStrom")):
        add_program(db_url, slug, brand)
    handoff_id = add_handoff(db_url, "a" * 32, program="sonnenstrom")
    ids = [r.id for r in saved_replies.load()]
    offered = offer(console, f"/console/api/handoffs/{handoff_id}/saved-replies")
    served_ids = {reply["id"] for reply in offered.values()}
    assert "Gutschein einlösen" in offered and "Zählerstand und Abschlag" in offered
    assert not {i for i in served_ids if i.startswith(("autosicher-", "funknetz-"))}
    assert {i for i in ids if i.startswith("all-")} - served_ids <= {
        r.id for r in saved_replies.load() if "chat" not in r.channels
    }
    # Without a program: the general replies only, program values as markers.
    bare = add_handoff(db_url, "b" * 32)
    general = offer(console, f"/console/api/handoffs/{bare}/saved-replies")
    assert all(reply["id"].startswith("all-") for reply in general.values())
    steps = general["Ablauf bis zur Prämie"]
    assert "die Wartezeit von [Tage der Wartezeit] Tagen" in steps["text"]
    assert "[Tage der Wartezeit]" in steps["missing"]


@served
def test_an_unverified_customer_is_not_named(console, db_url):
    add_program(db_url, "autosicher", "AutoSicher Versicherung", **AUTOSICHER)
    handoff_id = add_handoff(db_url, "a" * 32, program="autosicher")
    replies = offer(console, f"/console/api/handoffs/{handoff_id}/saved-replies")
    assert replies["Begrüßung"]["text"].startswith("Guten Tag, hier ist Anna ")
    assert replies["Begrüßung"]["missing"] == []


@served
def test_a_tickets_replies_are_those_for_the_mail(console, db_url):
    add_program(db_url, "autosicher", "AutoSicher Versicherung", **AUTOSICHER)
    ticket_id = add_ticket(db_url, "a" * 32, program="autosicher", contact_email="kim@example.org")
    replies = offer(console, f"/console/api/tickets/{ticket_id}/saved-replies")
    assert "Begrüßung" not in replies  # chat only: the mail starts with its own greeting
    assert "Ablauf bis zur Prämie" in replies and "Schaden melden" in replies
    assert all(reply["id"].startswith(("all-", "autosicher-")) for reply in replies.values())


@served
@pytest.mark.parametrize(
    "path",
    ["/console/api/handoffs/{id}/saved-replies", "/console/api/tickets/{id}/saved-replies"],
)
def test_saved_replies_need_a_login_and_a_known_id(console, db_url, path):
    handoff_id = add_handoff(db_url, "a" * 32)
    ticket_id = add_ticket(db_url, "b" * 32)
    item_id = handoff_id if "handoffs" in path else ticket_id
    stranger = requests.get(console + path.format(id=item_id), timeout=10)
    assert stranger.status_code == 401
    assert stranger.json() == {"error": "Bitte melden Sie sich an."}
    anna = login(console, "anna")
    for unknown in ("999999", "abc", "9" * 40):
        response = anna.get(path.format(id=unknown))
        assert response.status_code == 404
        assert response.json()["error"] in (
            "Dieses Gespräch gibt es nicht.",
            "Dieses Ticket gibt es nicht.",
        )
