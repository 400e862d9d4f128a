"""The metrics report's figures, from conversations stored by Rasa's real SQL
tracker store and handoffs, tickets and ratings in the project's tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot import migrate
from bot.db import session_scope
from bot.handoff import open_handoff
from bot.metrics import NO_PROGRAM, compute
from bot.models import HandoffReason, Rating, Ticket, TicketKind
from tests.factories import make_program
from tests.stored_conversations import save_conversations, session_events
from web import metrics_view
from web.report import main as report_main
from web.report import render

NOW = datetime(2026, 6, 1, 12, 0)  # naive UTC, as the database stores it


def _at(days_ago: float) -> datetime:
    return (NOW - timedelta(days=days_ago)).replace(tzinfo=UTC)


def _naive(days_ago: float) -> datetime:
    return NOW - timedelta(days=days_ago)


@pytest.fixture
def filled(fresh_url: str) -> str:
    migrate.upgrade(fresh_url)
    save_conversations(
        fresh_url,
        {
            "c1": session_events(
                _at(2),
                ("Wo bleibt meine Prämie?", "ask_reward_status"),
                ("ASV-7K2M9P", "inform"),
                program="autosicher",
            ),
            "c2": session_events(
                _at(3),
                ("asdfgh", "nlu_fallback"),
                ("Mitarbeiter bitte", "request_human"),
                program="autosicher",
            ),
            "c3": session_events(
                _at(4), ("Wie funktioniert das?", "ask_how_referral_works"), program="sonnenstrom"
            ),
            "c4": session_events(
                _at(5), ("Hallo", "greet"), ("Ich will mich beschweren", "complaint")
            ),
            "c5": session_events(
                _at(6), ("Die Mail kam nie an", "reward_mail_missing"), program="sonnenstrom"
            ),
            # Opened the widget, typed nothing: no conversation.
            "silent": session_events(_at(1), program="autosicher"),
            # Before the period.
            "old": session_events(_at(40), ("Hallo", "greet"), program="autosicher"),
        },
    )
    with session_scope(fresh_url) as session:
        autosicher = make_program(session, "autosicher", brand="AutoSicher")
        make_program(session, "sonnenstrom", brand="SonnenStrom")
        answered = open_handoff(
            session,
            conversation_id="c2",
            reason=HandoffReason.CUSTOMER_REQUEST,
            summary="Kunde möchte einen Menschen.",
            program=autosicher,
            now=_naive(3),
        )
        answered.first_response_at = answered.created_at + timedelta(seconds=90)
        unanswered = open_handoff(
            session,
            conversation_id="c4",
            reason=HandoffReason.COMPLAINT,
            summary="Beschwerde.",
            now=_naive(5),
        )
        open_handoff(
            session,
            conversation_id="old",
            reason=HandoffReason.ACTION_ERROR,
            summary="Alt.",
            now=_naive(40),
        )
        session.add_all(
            [
                Ticket(
                    kind=TicketKind.CALLBACK,
                    conversation_id="c5",
                    details="Antwort per E-Mail",
                    due_on=date(2026, 5, 28),
                    created_at=_naive(6),
                ),
                Rating(conversation_id="c2", handoff_id=answered.id, score=5, created_at=_naive(3)),
                Rating(
                    conversation_id="c4", handoff_id=unanswered.id, score=2, created_at=_naive(5)
                ),
                Rating(conversation_id="old", score=1, created_at=_naive(40)),
            ]
        )
    return fresh_url


def test_figures_of_the_last_30_days(filled: str) -> None:
    with session_scope(filled) as session:
        figures = compute(session, days=30, now=NOW)

    assert figures.conversations == 5
    assert figures.contained == 2  # c1 and c3; c2 and c4 had a handoff, c5 a ticket
    assert figures.containment_rate == pytest.approx(0.4)
    assert figures.customer_messages == 8
    assert figures.fallback_messages == 1
    assert figures.fallback_rate == pytest.approx(1 / 8)
    assert figures.handoffs == 2
    assert dict(figures.handoff_reasons) == {"customer_request": 1, "complaint": 1}
    assert (figures.first_response.count, figures.first_response.median) == (1, 90)
    assert figures.csat.count == 2
    assert figures.csat.mean == pytest.approx(3.5)
    assert figures.csat.satisfied_share == pytest.approx(0.5)
    assert figures.csat.scores == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert figures.top_intents == {
        "AutoSicher": [
            ("ask_reward_status", 1),
            ("inform", 1),
            ("nlu_fallback", 1),
            ("request_human", 1),
        ],
        "SonnenStrom": [("ask_how_referral_works", 1), ("reward_mail_missing", 1)],
        NO_PROGRAM: [("greet", 1), ("complaint", 1)],
    }


def test_a_longer_period_includes_the_old_conversation(filled: str) -> None:
    with session_scope(filled) as session:
        figures = compute(session, days=60, now=NOW)
    assert figures.conversations == 6
    assert figures.handoffs == 3
    assert figures.csat.count == 3


def test_an_empty_database_gives_empty_figures(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)  # no events table: Rasa never ran here
    with session_scope(fresh_url) as session:
        figures = compute(session, days=30, now=NOW)
    assert figures.conversations == 0
    assert figures.containment_rate is None
    assert figures.csat.mean is None
    page = render(metrics_view.context(figures))
    assert "Keine Gespräche in diesem Zeitraum." in page
    assert "Noch keine Bewertungen" in page
    assert "(0 beantwortete Übergaben)" in page and "0 Bewertungen, davon" in page


def test_the_report_page_in_german(filled: str) -> None:
    with session_scope(filled) as session:
        context = metrics_view.context(compute(session, days=30, now=NOW))
    assert dict(context["tiles"]) == {
        "Gespräche": "5",
        "Ohne Mitarbeiter gelöst": "40,0 %",
        "Nicht verstanden (Fallback)": "12,5 %",
        "Übergaben an Mitarbeiter": "2",
        "Erste Antwort (Median)": "1 Min. 30 s",
        "Zufriedenheit (CSAT)": "3,5 von 5",
        "Weiterempfehlung (NPS)": "–",
    }
    page = render(context)
    assert "Wunsch nach einem Menschen" in page and "Beschwerde" in page
    assert "Wo bleibt meine Prämie?" in page  # intents shown by their topic title
    assert '<rect width="100.0"' in page  # the longest bar is full width
    # German singular and plural: one answered handoff, two ratings.
    assert "(1 beantwortete Übergabe)" in page
    assert "2 Bewertungen, davon" in page


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (1234, "1.234"), (1234.56, "1.234,6")])
def test_german_numbers(value: float, text: str) -> None:
    assert metrics_view.number(value, 1 if isinstance(value, float) else 0) == text


def test_report_command_writes_the_page(filled: str, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", filled)
    out = tmp_path / "metrics.html"
    assert report_main(["--days", "365", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Gespräche: " in printed and f"Report: {out}" in printed
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<style>" in page
    assert "Kennzahlen des Empfehlungsbots" in page


def test_report_command_refuses_an_unmigrated_database(fresh_url: str, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", fresh_url)
    assert report_main(["--out", "/nonexistent/x.html"]) == 2
    assert "make db" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        report_main(["--days", "0"])


def test_conversations_kept_in_a_database_of_their_own(fresh_url, tmp_path, monkeypatch):
    migrate.upgrade(fresh_url)
    trackers = f"sqlite:///{tmp_path / 'trackers.db'}"
    save_conversations(trackers, {"x": session_events(_at(1), ("Hallo", "greet"))})
    with session_scope(fresh_url) as session:
        assert compute(session, days=30, now=NOW).conversations == 0
    monkeypatch.setenv("TRACKER_DATABASE_URL", trackers)
    with session_scope(fresh_url) as session:
        assert compute(session, days=30, now=NOW).conversations == 1
