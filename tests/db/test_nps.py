"""The recommendation question (NPS): seed 003's arithmetic, who is asked,
typed answers, stored comments, and the figures per program and ISO week in
the metrics report."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from sqlalchemy import select

from bot import migrate, nps
from bot.db import session_scope
from bot.metrics import NO_PROGRAM, compute, weeks_between
from bot.models import NpsAnswer
from bot.nps import NpsGroup, NpsTally
from tests.factories import make_program
from web import metrics_view
from web.report import main as report_main
from web.report import render

# Monday 1 June 2026, noon UTC: ISO week 2026-W23.
NOW = datetime(2026, 6, 1, 12, 0)


# ---- arithmetic (seed 003) -------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, NpsGroup.DETRACTOR),
        (6, NpsGroup.DETRACTOR),
        (7, NpsGroup.PASSIVE),
        (8, NpsGroup.PASSIVE),
        (9, NpsGroup.PROMOTER),
        (10, NpsGroup.PROMOTER),
    ],
)
def test_groups_follow_seed_003(score: int, expected: NpsGroup) -> None:
    assert nps.group(score) is expected


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([10, 9, 8, 7, 6, 0], 0.0),  # 2 promoters, 2 passives, 2 detractors
        ([10, 10, 9, 5], 50.0),  # 75 % - 25 %
        ([8, 7], 0.0),  # passives only count in the total
        ([3], -100.0),
        ([9, 9, 9], 100.0),
        ([10, 8, 0], 0.0),
        ([10, 10, 7], pytest.approx(200 / 3)),
    ],
)
def test_nps_is_share_of_promoters_minus_share_of_detractors(scores, expected) -> None:
    assert NpsTally.of(scores).score == expected


def test_no_answers_no_nps() -> None:
    tally = NpsTally.of([])
    assert tally.count == 0 and tally.score is None


# ---- who is asked ------------------------------------------------------------------


def test_share_zero_asks_nobody_and_share_one_everybody() -> None:
    ids = [uuid.uuid4().hex for _ in range(2000)]
    assert not any(nps.in_share(conversation, 0.0) for conversation in ids)
    assert all(nps.in_share(conversation, 1.0) for conversation in ids)


def test_a_share_asks_about_that_many_always_the_same_conversations() -> None:
    ids = [f"kunde-{i}" for i in range(4000)]
    asked = [conversation for conversation in ids if nps.in_share(conversation, 0.3)]
    assert 0.27 < len(asked) / len(ids) < 0.33
    assert asked == [conversation for conversation in ids if nps.in_share(conversation, 0.3)]


def test_share_setting_is_clamped_to_0_and_1(monkeypatch) -> None:
    monkeypatch.setenv("NPS_SHARE", "7")
    assert nps.configured_share() == 1.0
    monkeypatch.setenv("NPS_SHARE", "-1")
    assert nps.configured_share() == 0.0
    monkeypatch.setenv("NPS_SHARE", "viel")
    assert nps.configured_share() == 1.0
    monkeypatch.setenv("NPS_SHARE", "0.25")
    assert nps.configured_share() == 0.25


def test_a_conversation_that_answered_is_not_asked_again(session) -> None:
    assert nps.should_ask(session, "k-einmal", share=1.0)
    nps.record_answer(session, conversation_id="k-einmal", score=8)
    assert not nps.should_ask(session, "k-einmal", share=1.0)
    assert not nps.should_ask(session, "k-anderer", share=0.0)


# ---- typed answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("9", 9),
        ("neun", 9),
        ("Neun!", 9),
        ("10 von 10", 10),
        ("zehn von zehn", 10),
        ("9/10", 9),
        ("0", 0),
        ("null", 0),
        ("Ich gebe eine 8", 8),
        ("ich würde 7 sagen", 7),
        ("eine glatte Zehn", 10),
        ("8 Punkte", 8),
        ("fünf", 5),
        ("11", 11),  # a number, but outside the scale: validation says so
    ],
)
def test_typed_answers_are_read(text: str, score: int) -> None:
    assert nps.read_score(text) == score


@pytest.mark.parametrize(
    "text",
    [
        "Wo bleibt meine Prämie?",
        "Ich habe 2 Freunde empfohlen",
        "Hallo",
        "nein",
        "7 oder 8",
        "Wie lange dauert das noch, 10 Tage?",
        "",
    ],
)
def test_other_messages_are_no_answer(text: str) -> None:
    assert nps.read_score(text) is None


# ---- storing ------------------------------------------------------------------------


def test_scores_outside_0_to_10_are_not_stored(session) -> None:
    assert nps.record_answer(session, conversation_id="k-x", score=11) is None
    assert nps.record_answer(session, conversation_id="k-x", score=-1) is None
    assert nps.latest_answer(session, "k-x") is None


def test_the_comment_is_stored_with_personal_data_masked(session) -> None:
    program = make_program(session, "nps-maske", brand="Maske AG")
    nps.record_answer(session, conversation_id="k-m", score=6, program_id=program.id)
    comment = (
        "Schreiben Sie an lena.hoffmann@example.de oder 0170 1234567, "
        "Code ASV-7K2M9P, IBAN DE89 3704 0044 0532 0130 00. Es dauerte zu lange."
    )
    answer = nps.add_comment(session, "k-m", comment)
    stored = session.scalars(select(NpsAnswer).where(NpsAnswer.conversation_id == "k-m")).one()
    assert stored is answer and stored.score == 6 and stored.program_id == program.id
    assert "le***@example.de" in stored.comment and "***67" in stored.comment
    assert "DE89 **** 00" in stored.comment and "Es dauerte zu lange." in stored.comment
    for secret in ("lena.hoffmann", "1234567", "7K2M9P", "3704 0044"):
        assert secret not in stored.comment


def test_a_long_comment_is_cut_and_an_empty_one_not_stored(session) -> None:
    nps.record_answer(session, conversation_id="k-lang", score=9)
    assert nps.add_comment(session, "k-lang", "   ") is None
    answer = nps.add_comment(session, "k-lang", "Sehr gut. " * 500)
    assert len(answer.comment) <= nps.MAX_COMMENT


# ---- figures per program and week ---------------------------------------------------


@pytest.fixture
def answers(fresh_url: str) -> str:
    migrate.upgrade(fresh_url)
    with session_scope(fresh_url) as session:
        auto = make_program(session, "autosicher", brand="AutoSicher")
        sonne = make_program(session, "sonnenstrom", brand="SonnenStrom")
        make_program(session, "funknetz", brand="FunkNetz")

        def add(program, score: int, at: datetime, comment: str | None = None) -> None:
            session.add(
                NpsAnswer(
                    conversation_id=uuid.uuid4().hex,
                    program_id=program.id if program else None,
                    score=score,
                    comment=comment,
                    created_at=at,
                )
            )

        # Week 2026-W23 (from Monday 1 June, German time).
        add(auto, 10, datetime(2026, 6, 1, 8, 0))
        add(auto, 9, datetime(2026, 6, 1, 9, 0), "Schnelle Hilfe")
        add(auto, 3, datetime(2026, 6, 1, 10, 0))
        # Sunday 31 May, 22:30 UTC is Monday 00:30 in Germany: still W23.
        add(auto, 7, datetime(2026, 5, 31, 22, 30))
        # Week 2026-W22.
        add(auto, 2, datetime(2026, 5, 27, 12, 0))
        add(auto, 6, datetime(2026, 5, 26, 12, 0))
        # Sunday 31 May, 21:30 UTC is 23:30 in Germany: W22.
        add(auto, 10, datetime(2026, 5, 31, 21, 30))
        # Week 2026-W20 (W21 without answers).
        add(sonne, 8, datetime(2026, 5, 12, 12, 0))
        add(None, 9, datetime(2026, 5, 13, 12, 0))
        # Before the period of 30 days.
        add(auto, 0, datetime(2026, 4, 20, 12, 0))
    return fresh_url


def test_nps_per_program_and_iso_week(answers: str) -> None:
    with session_scope(answers) as session:
        figures = compute(session, days=30, now=NOW)

    assert figures.nps.count == 9
    # promoters 10, 9, 10, 9; detractors 3, 2, 6: (4 - 3) / 9
    assert figures.nps.score == pytest.approx(100 / 9)
    by_name = {program.name: program for program in figures.nps_programs}
    assert list(by_name) == ["AutoSicher", "FunkNetz", "SonnenStrom", NO_PROGRAM]

    auto = by_name["AutoSicher"]
    assert (auto.tally.promoters, auto.tally.passives, auto.tally.detractors) == (3, 1, 3)
    weeks = {week.label: week.tally for week in auto.weeks}
    assert [auto.weeks[0].label, auto.weeks[-1].label] == ["2026-W18", "2026-W23"]
    assert weeks["2026-W23"] == NpsTally(promoters=2, passives=1, detractors=1)
    assert weeks["2026-W23"].score == 25.0
    assert weeks["2026-W22"] == NpsTally(promoters=1, passives=0, detractors=2)
    assert weeks["2026-W22"].score == pytest.approx(-100 / 3)
    assert weeks["2026-W21"].count == 0 and weeks["2026-W21"].score is None

    assert by_name["FunkNetz"].tally.count == 0
    assert {w.label: w.tally.count for w in by_name["SonnenStrom"].weeks}["2026-W20"] == 1
    assert by_name[NO_PROGRAM].tally.promoters == 1


def test_the_period_covers_every_calendar_week_it_touches() -> None:
    mondays = weeks_between(datetime(2026, 5, 25, 12, 0), datetime(2026, 6, 1, 12, 0))
    assert mondays == [date(2026, 5, 25), date(2026, 6, 1)]
    # Across the turn of the year: 2026-12-28 is in 2026-W53.
    mondays = weeks_between(datetime(2026, 12, 30), datetime(2027, 1, 5))
    assert mondays == [date(2026, 12, 28), date(2027, 1, 4)]


def test_the_report_shows_nps_trend_and_weeks_in_german(answers: str) -> None:
    with session_scope(answers) as session:
        context = metrics_view.context(compute(session, days=30, now=NOW))
    assert dict(context["tiles"])["Weiterempfehlung (NPS)"] == "+11"
    auto = next(p for p in context["nps"]["programs"] if p["name"] == "AutoSicher")
    assert auto["score"] == "0" and auto["answers"] == "7 Antworten"
    assert [w["label"] for w in auto["weeks"]] == [
        "KW 23/2026 (ab 01.06.2026)",
        "KW 22/2026 (ab 25.05.2026)",
    ]
    assert [w["score"] for w in auto["weeks"]] == ["+25", "\u221233"]
    # Two weeks with answers next to each other: two points, one line.
    chart = auto["chart"]
    assert len(chart["points"]) == 2 and len(chart["segments"]) == 1
    assert chart["points"][0]["y"] > chart["points"][1]["y"]  # -33 lies below +25
    sonne = next(p for p in context["nps"]["programs"] if p["name"] == "SonnenStrom")
    assert sonne["answers"] == "1 Antwort"  # singular

    page = render(context)
    assert "Weiterempfehlung (NPS) je Programm" in page
    assert '<svg class="m-trend"' in page and "<circle" in page
    assert "KW 23: NPS +25 (4 Antworten)" in page
    assert "FunkNetz: NPS – " in page and "Noch keine Antworten in diesem Zeitraum." in page
    assert "style=" not in page.split("<body", 1)[1]  # the console's CSP allows no inline style


def test_report_command_prints_nps_per_program(answers, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", answers)
    out = tmp_path / "metrics.html"
    assert report_main(["--days", "365", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "NPS, AutoSicher: " in printed and "(8 Antworten)" in printed
    # The period of a year reaches back to the April answer.
    assert "Weiterempfehlung (NPS)" in out.read_text(encoding="utf-8")
