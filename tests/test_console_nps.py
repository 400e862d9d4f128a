"""The NPS on the console's metrics page and its CSV exports, through the
real web app on the test database: the section with trend chart and weekly
table, both CSV files (German spreadsheet format, no formula injection, no
conversation ids), bad periods, and nothing for anyone not logged in."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests

from bot.clock import utcnow
from bot.db import session_scope
from bot.models import NpsAnswer
from tests.console_support import (
    add_agent,
    add_program,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    login,
    running_console,
)

pytestmark = [pytest.mark.db, pytest.mark.usefixtures("cheap_password_hashing")]
SECRET_ID = "5e55i0n5ecret5e55i0n5ecret000001"


@pytest.fixture(scope="module")
def base(db_url: str) -> Iterator[str]:
    with running_console(db_url) as url:
        yield url


@pytest.fixture
def answers(db_url: str) -> None:
    clean_database(db_url)
    add_agent(db_url, "anna", "Anna")
    auto = add_program(db_url, "autosicher", brand="AutoSicher")
    add_program(db_url, "funknetz", brand="FunkNetz")
    now = utcnow()
    rows = [
        (auto, 10, 0.1, "Sehr schnelle Hilfe, danke!"),
        (auto, 9, 0.2, None),
        (auto, 4, 0.3, '=HYPERLINK("http://boese.example")'),
        (auto, 8, 7.5, None),
        (auto, 2, 8.0, "Hat zu lange gedauert; ich bin enttäuscht"),
        (auto, 0, 40.0, "Zu alt für 30 Tage"),
    ]
    with session_scope(db_url) as session:
        session.add_all(
            NpsAnswer(
                conversation_id=SECRET_ID if index == 0 else f"{SECRET_ID[:-2]}{index:02d}",
                program_id=program,
                score=score,
                comment=comment,
                created_at=now - timedelta(days=days),
            )
            for index, (program, score, days, comment) in enumerate(rows)
        )


def _csv(response: requests.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.content.startswith("\ufeff".encode())  # Excel reads the umlauts
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_metrics_page_shows_nps_per_program_with_trend_chart(base, answers) -> None:
    page = login(base, "anna").get("/console/metrics?days=30")
    assert page.status_code == 200
    html = page.text
    assert "Weiterempfehlung (NPS) je Programm" in html
    # 10, 9, 4, 8, 2: two promoters, two detractors -> 0.
    assert "AutoSicher: NPS 0 " in html and "(5 Antworten)" in html
    assert "Promotoren 2 (40,0 %), Passive 1 (20,0 %), Kritiker 2 (40,0 %)" in html
    assert '<svg class="m-trend"' in html and "<circle" in html
    assert "FunkNetz: NPS – " in html and "Noch keine Antworten in diesem Zeitraum." in html
    assert 'href="/console/metrics/nps.csv?days=30"' in html
    assert 'href="/console/metrics/nps-weeks.csv?days=30"' in html
    # No inline style: the console's CSP (style-src 'self') would block it.
    assert "style=" not in html
    assert "style-src 'self'" in page.headers["content-security-policy"]


def test_csv_of_the_answers_for_spreadsheets(base, answers) -> None:
    rows = _csv(login(base, "anna").get("/console/metrics/nps.csv?days=30"))
    header, body = rows[0], rows[1:]
    assert header == [
        "Nr.",
        "Zeitpunkt",
        "Kalenderwoche",
        "Programm",
        "Wert",
        "Gruppe",
        "Kommentar",
    ]
    assert len(body) == 5  # the answer of 40 days ago is outside the period
    assert [row[4] for row in body] == ["2", "8", "4", "9", "10"]  # oldest first
    assert [row[5] for row in body] == ["Kritiker", "Passiv", "Kritiker", "Promotor", "Promotor"]
    assert body[0][6] == "Hat zu lange gedauert; ich bin enttäuscht"  # the ";" stays in its cell
    assert body[2][6] == '\'=HYPERLINK("http://boese.example")'  # never a formula
    assert all(row[3] == "AutoSicher" for row in body)
    assert all(len(row[2]) == 8 and "-W" in row[2] for row in body)
    # A widget's session id is a secret: no conversation ids in the export.
    assert SECRET_ID[:20] not in "\n".join(";".join(row) for row in rows)


def test_csv_of_the_weekly_figures_per_program(base, answers) -> None:
    rows = _csv(login(base, "anna").get("/console/metrics/nps-weeks.csv?days=90"))
    header, body = rows[0], rows[1:]
    assert header[0:2] == ["Programm", "Kalenderwoche"] and header[-1] == "NPS"
    programs = {row[0] for row in body}
    assert programs == {"AutoSicher", "FunkNetz"}
    auto = [row for row in body if row[0] == "AutoSicher" and row[3] != "0"]
    assert sum(int(row[3]) for row in auto) == 6
    weeks = [row[1] for row in body if row[0] == "AutoSicher"]
    assert weeks == sorted(weeks) and len(weeks) >= 13  # every week of 90 days
    # NPS with a decimal comma; empty for weeks without answers.
    assert all("," in row[7] for row in auto)
    assert all(row[7] == "" for row in body if row[3] == "0")


@pytest.mark.parametrize("path", ["/console/metrics/nps.csv", "/console/metrics/nps-weeks.csv"])
def test_csv_needs_a_login(base, answers, path) -> None:
    response = requests.get(f"{base}{path}?days=30", allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=")
    assert "Kritiker" not in response.text and "HYPERLINK" not in response.text


@pytest.mark.parametrize("days", ["0", "366", "abc", "-5", "1e3", "９"])
def test_csv_refuses_a_bad_period_with_a_clear_message(base, answers, days) -> None:
    response = login(base, "anna").get("/console/metrics/nps.csv", params={"days": days})
    assert response.status_code == 400
    assert response.text == "Der Zeitraum muss zwischen 1 und 365 Tagen liegen."
