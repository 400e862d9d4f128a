"""Response-time targets per program and channel (``bot/targets.py``): the
deadlines, the queue sorted by the time left with requests close to or past
their target marked, the alert counts behind the tab title, counters that
stop once a handoff is answered or over, and the share answered within target
per program on the metrics page and in ``make report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import migrate
from bot.clock import TIMEZONE, utcnow
from bot.db import session_scope
from bot.handoff import open_handoff
from bot.metrics import compute
from bot.models import (
    Handoff,
    HandoffReason,
    HandoffStatus,
    Program,
    Ticket,
    TicketKind,
)
from bot.targets import Standing, Target, after_service_days, chat_target
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
from tests.db.conftest import fresh_url  # noqa: F401 (fixture)
from tests.factories import make_program
from web import metrics_view
from web.console_data import handoff_row
from web.report import main as report_main
from web.report import render

NOW = datetime(2026, 6, 1, 12, 0)  # naive UTC: Monday, 14:00 in Berlin


def berlin(*args: int) -> datetime:
    """A local time in Berlin as the naive UTC the database stores."""
    return datetime(*args, tzinfo=TIMEZONE).astimezone(UTC).replace(tzinfo=None)


def program(**overrides) -> Program:
    values = dict(
        hours_weekdays="12345",
        hours_open=time(8, 0),
        hours_close=time(18, 0),
        chat_target_seconds=120,
        callback_target_days=1,
    )
    return Program(**{**values, **overrides})


# ---- deadlines and standings (no database) ------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (berlin(2026, 6, 5, 10, 0), berlin(2026, 6, 8, 10, 0)),  # Friday -> Monday
        (berlin(2026, 6, 1, 10, 0), berlin(2026, 6, 2, 10, 0)),  # Monday -> Tuesday
        (berlin(2026, 6, 5, 19, 0), berlin(2026, 6, 9, 8, 0)),  # after closing: from Monday 8:00
        (berlin(2026, 6, 6, 11, 0), berlin(2026, 6, 9, 8, 0)),  # Saturday: from Monday 8:00
        (berlin(2026, 6, 1, 6, 30), berlin(2026, 6, 2, 8, 0)),  # before opening: from 8:00
    ],
)
def test_a_callback_is_due_one_service_day_later(start, expected):
    assert after_service_days(program(), start, 1) == expected


def test_service_days_follow_the_programs_week_and_local_time():
    saturday_team = program(hours_weekdays="123456")
    assert after_service_days(saturday_team, berlin(2026, 6, 5, 10, 0), 1) == berlin(
        2026, 6, 6, 10, 0
    )
    around_the_clock = program(hours_weekdays="1234567", hours_open=time(0), hours_close=time(0))
    # Across the change to summer time: the same local time, 23 hours later.
    start = berlin(2026, 3, 28, 10, 0)
    assert after_service_days(around_the_clock, start, 1) == berlin(2026, 3, 29, 10, 0)
    assert after_service_days(around_the_clock, start, 1) - start == timedelta(hours=23)
    assert after_service_days(None, berlin(2026, 6, 5, 10, 0), 2) == berlin(2026, 6, 9, 10, 0)


def test_standing_of_a_running_and_a_stopped_target():
    start = NOW
    target = Target(start, start + timedelta(seconds=120))
    assert target.standing(start + timedelta(seconds=79)) is Standing.ON_TRACK
    assert target.standing(start + timedelta(seconds=81)) is Standing.CLOSE  # < 1/3 left
    assert target.seconds_left(start + timedelta(seconds=81)) == 39
    assert target.standing(start + timedelta(seconds=121)) is Standing.OVERDUE
    assert target.seconds_left(start + timedelta(seconds=150)) == -30
    assert target.met(start + timedelta(seconds=10)) is None  # still in time: not counted
    assert target.met(start + timedelta(seconds=121)) is False  # overdue: counts as missed

    answered = Target(
        start, start + timedelta(seconds=120), answered_at=start + timedelta(seconds=60)
    )
    later = start + timedelta(days=3)
    assert (answered.standing(later), answered.seconds_left(later), answered.met(later)) == (
        Standing.MET,
        None,
        True,
    )
    late = Target(start, start + timedelta(seconds=120), answered_at=start + timedelta(minutes=5))
    assert (late.standing(later), late.met(later)) == (Standing.MISSED, False)
    left_early = Target(
        start, start + timedelta(seconds=120), ended_at=start + timedelta(seconds=30)
    )
    assert (left_early.standing(later), left_early.met(later)) == (Standing.ENDED, None)
    left_late = Target(
        start, start + timedelta(seconds=120), ended_at=start + timedelta(seconds=600)
    )
    assert (left_late.standing(later), left_late.met(later)) == (Standing.MISSED, False)


def test_the_counter_of_a_resolved_handoff_stops():
    """Measured before: "Wartet seit … (seit 6 Min.)" kept counting after the end."""
    handoff = Handoff(
        id=7,
        conversation_id="x",
        reason=HandoffReason.CUSTOMER_REQUEST,
        summary="",
        status=HandoffStatus.RESOLVED,
        created_at=NOW,
        queued_at=NOW,
        first_response_at=NOW + timedelta(seconds=75),
        ended_at=NOW + timedelta(minutes=6),
    )
    handoff.program = program()
    at_end = handoff_row(handoff, None, NOW + timedelta(minutes=6))
    hours_later = handoff_row(handoff, None, NOW + timedelta(hours=5))
    assert at_end["waiting"] == hours_later["waiting"] == "beendet nach 6 Min."
    assert at_end["time_label"] == "Angefragt am"
    assert hours_later["target"] == "met" and hours_later["seconds_left"] is None
    assert hours_later["target_label"] == "beantwortet nach 1 Min. 15 s (im Ziel)"
    assert hours_later["target_goal"] == "Erste Antwort im Chat in 2 Min."
    # Unanswered and over before the target: no verdict, no running clock.
    handoff.first_response_at = None
    handoff.ended_at = NOW + timedelta(seconds=30)
    row = handoff_row(handoff, None, NOW + timedelta(hours=5))
    assert (row["target"], row["target_label"]) == ("ended", "ohne Antwort beendet")
    assert chat_target(handoff).seconds_left(NOW + timedelta(hours=5)) is None


# ---- the queue, through the console's API ------------------------------------------


@pytest.fixture(scope="module")
def console(db_url: str) -> Iterator[str]:
    with running_console(db_url) as url:  # GETs only: Rasa is not asked
        yield url


@pytest.fixture
def clean(db_url: str) -> Iterator[None]:
    clean_database(db_url)
    yield
    clean_database(db_url)


def _answered(db_url: str, handoff_id: int, after: timedelta, end: bool = False) -> None:
    with session_scope(db_url) as session:
        handoff = session.get(Handoff, handoff_id)
        handoff.first_response_at = handoff.created_at + after
        if end:
            handoff.status = HandoffStatus.RESOLVED
            handoff.ended_at = handoff.created_at + after + timedelta(minutes=2)


@pytest.mark.db
@pytest.mark.usefixtures("clean", "cheap_password_hashing")
def test_the_queue_sorts_by_time_left_and_marks_close_and_overdue(console, db_url):
    add_agent(db_url, "anna", "Anna")
    add_program(db_url, "schnell", "Schnell AG", chat_target_seconds=60)
    add_program(db_url, "geduldig", "Geduldig GmbH", chat_target_seconds=600)
    answered = add_handoff(
        db_url, "a" * 32, program="geduldig", age=timedelta(seconds=700), claimed_by="anna"
    )
    _answered(db_url, answered, timedelta(seconds=30))
    close = add_handoff(db_url, "b" * 32, program="geduldig", age=timedelta(seconds=450))
    overdue = add_handoff(db_url, "c" * 32, program="schnell", age=timedelta(seconds=90))
    no_program = add_handoff(db_url, "d" * 32, age=timedelta(seconds=30))  # 2 minutes
    fresh = add_handoff(db_url, "e" * 32, program="schnell", age=timedelta(seconds=10))

    anna = login(console, "anna")
    data = anna.get("/console/api/queue").json()
    rows = {row["id"]: row for row in data["handoffs"]}
    # The oldest first would be answered, close, overdue, …: the time left decides.
    assert [row["id"] for row in data["handoffs"]] == [overdue, fresh, no_program, close, answered]
    assert [rows[i]["target"] for i in (overdue, fresh, no_program, close, answered)] == [
        "overdue",
        "on_track",
        "on_track",
        "close",
        "met",
    ]
    assert re.fullmatch(r"Ziel seit 3\d s überschritten", rows[overdue]["target_label"])
    assert re.fullmatch(r"nur noch 2 Min\. [0-9]{1,2} s", rows[close]["target_label"])
    assert rows[answered]["target_label"] == "beantwortet nach 30 s (im Ziel)"
    assert rows[fresh]["target_goal"] == "Erste Antwort im Chat in 1 Min."
    assert data["alerts"] == {"waiting": 4, "close": 1, "overdue": 1}

    page = anna.get("/console").text
    assert "<title>(4) Warteschlange – Agenten-Konsole</title>" in page
    assert "c-target-overdue" in page and "c-target-close" in page
    assert page.index(f"/console/handoffs/{overdue}") < page.index(f"/console/handoffs/{close}")


@pytest.mark.db
@pytest.mark.usefixtures("clean", "cheap_password_hashing")
def test_tickets_sort_by_time_left_too(console, db_url):
    add_agent(db_url, "anna", "Anna")
    add_program(db_url, "schnell", "Schnell AG")
    fresh_callback = add_ticket(db_url, "a" * 32, program="schnell", contact_email="a@b.example")
    late = add_ticket(
        db_url, "b" * 32, program="schnell", contact_email="c@d.example", age=timedelta(days=6)
    )
    with session_scope(db_url) as session:
        for days, conversation in ((0, "c"), (30, "d")):
            session.add(
                Ticket(
                    kind=TicketKind.DATA_RIGHTS,
                    conversation_id=conversation * 32,
                    details="Auskunft",
                    due_on=(utcnow() + timedelta(days=days))
                    .replace(tzinfo=UTC)
                    .astimezone(TIMEZONE)
                    .date(),
                    created_at=utcnow() - timedelta(days=1),
                )
            )
        session.flush()
        today, month = session.scalars(
            select(Ticket.id).where(Ticket.kind == TicketKind.DATA_RIGHTS).order_by(Ticket.due_on)
        ).all()

    tickets = login(console, "anna").get("/console/api/queue").json()["tickets"]
    assert [t["id"] for t in tickets] == [late, today, fresh_callback, month]
    assert tickets[0]["target"] == "overdue"
    assert tickets[0]["target_goal"] == "Antwort per E-Mail in 1 Werktag"
    assert tickets[1]["target_goal"].startswith("Erledigt bis ")


@pytest.mark.db
@pytest.mark.usefixtures("clean", "cheap_password_hashing")
def test_a_resolved_handoff_shows_its_end_not_a_running_wait(console, db_url):
    add_agent(db_url, "anna", "Anna")
    add_program(db_url, "schnell", "Schnell AG")
    handoff_id = add_handoff(
        db_url, "f" * 32, program="schnell", age=timedelta(minutes=6), claimed_by="anna"
    )
    _answered(db_url, handoff_id, timedelta(minutes=1), end=True)
    anna = login(console, "anna")
    state = anna.get(f"/console/api/handoffs/{handoff_id}").json()["handoff"]
    assert (state["time_label"], state["waiting"]) == ("Angefragt am", "beendet nach 3 Min.")
    assert state["target_label"] == "beantwortet nach 1 Min. (im Ziel)"
    page = anna.get(f"/console/handoffs/{handoff_id}").text
    assert "Wartet seit" not in page and "beendet nach 3 Min." in page


# ---- the share within target on the metrics page and in the report ------------------


@pytest.fixture
def measured(request: pytest.FixtureRequest) -> str:
    url = request.getfixturevalue("fresh_url")  # tests/db/conftest.py
    migrate.upgrade(url)
    with session_scope(url) as session:
        auto = make_program(session, "auto", brand="AutoSicher Versicherung")
        funk = make_program(session, "funk", brand="FunkNetz Mobilfunk", chat_target_seconds=60)

        def handoff(name: str, program_row, age_s: int, answer_s=None, end_s=None) -> None:
            row = open_handoff(
                session,
                conversation_id=name,
                reason=HandoffReason.CUSTOMER_REQUEST,
                summary="",
                program=program_row,
                now=NOW - timedelta(seconds=age_s),
            )
            if answer_s is not None:
                row.first_response_at = row.created_at + timedelta(seconds=answer_s)
            if end_s is not None:
                row.status = HandoffStatus.CANCELLED
                row.ended_at = row.created_at + timedelta(seconds=end_s)

        handoff("a-met", auto, 3600, answer_s=60)
        handoff("a-late", auto, 3000, answer_s=200)
        handoff("a-overdue", auto, 900)  # still waiting, past its 2 minutes
        handoff("a-left", auto, 800, end_s=30)  # gone before the target: not counted
        handoff("a-fresh", auto, 10)  # still in time: not counted
        handoff("f-met", funk, 500, answer_s=30)
        handoff("n-met", None, 400, answer_s=100)  # no program: 2 minutes

        def callback(name: str, created: datetime, answered: datetime | None) -> None:
            session.add(
                Ticket(
                    kind=TicketKind.CALLBACK,
                    conversation_id=name,
                    program_id=auto.id,
                    details="Rückruf",
                    due_on=created.date() + timedelta(days=2),
                    created_at=created,
                    answered_at=answered,
                )
            )

        callback("t-met", NOW - timedelta(hours=2), NOW)
        callback("t-overdue", NOW - timedelta(days=10), None)
    return url


@pytest.mark.db
def test_the_share_answered_within_target_per_program(measured: str) -> None:
    with session_scope(measured) as session:
        figures = compute(session, days=30, now=NOW)
    shares = {
        t.name: (t.chat.within, t.chat.counted, t.callback.within, t.callback.counted)
        for t in figures.targets
    }
    assert shares == {
        "AutoSicher Versicherung": (1, 3, 1, 2),
        "FunkNetz Mobilfunk": (1, 1, 0, 0),
        "ohne Programm": (1, 1, 0, 0),
    }
    context = metrics_view.context(figures)
    assert context["targets"][0] == {
        "name": "AutoSicher Versicherung",
        "chat_goal": "2 Min.",
        "chat": "33,3 % (1 von 3)",
        "callback_goal": "1 Werktag",
        "callback": "50,0 % (1 von 2)",
    }
    assert (
        context["targets"][1]["chat_goal"] == "1 Min." and context["targets"][1]["callback"] == "–"
    )
    page = render(context)
    assert "Antwortziele je Programm" in page and "33,3 % (1 von 3)" in page


@pytest.mark.db
def test_make_report_prints_the_share_within_target(measured, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", measured)
    monkeypatch.setattr("bot.metrics.utcnow", lambda: NOW)
    out = tmp_path / "metrics.html"
    assert report_main(["--days", "30", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert (
        "Im Antwortziel, AutoSicher Versicherung: Live-Chat 33,3 % (1 von 3), "
        "Rückruf per E-Mail 50,0 % (1 von 2)"
    ) in printed
    assert "50,0 % (1 von 2)" in out.read_text(encoding="utf-8")


@pytest.mark.db
@pytest.mark.usefixtures("clean", "cheap_password_hashing")
def test_the_metrics_page_shows_the_targets(console, db_url):
    add_agent(db_url, "anna", "Anna")
    add_program(db_url, "schnell", "Schnell AG", chat_target_seconds=60)
    handoff_id = add_handoff(db_url, "9" * 32, program="schnell", age=timedelta(minutes=3))
    _answered(db_url, handoff_id, timedelta(seconds=40))
    page = login(console, "anna").get("/console/metrics").text
    assert "Antwortziele je Programm" in page
    assert '<th scope="row">Schnell AG</th><td>1 Min.</td><td>100,0 % (1 von 1)</td>' in page
