"""The NPS on the console's metrics page in a real browser (Debian's headless
Chromium through Playwright), at desktop width (1280 px) and on a phone
(390 px): the section per program with its weekly trend chart (server-side
SVG) and table, nothing wider than the phone's screen, no script errors, and
the CSV export downloaded by the agent.

Screenshots: reports/screenshots/metrics-nps-{desktop,phone}.png.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.clock import utcnow
from bot.db import session_scope
from bot.models import NpsAnswer
from tests.browser_support import (  # noqa: F401 (fixture chromium)
    SCREENSHOTS,
    VIEWPORTS,
    chromium_browser,
)
from tests.console_support import (
    PASSWORD,
    add_agent,
    add_program,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    running_console,
)

pytestmark = [
    pytest.mark.db,
    pytest.mark.browser,
    pytest.mark.usefixtures("cheap_password_hashing"),
]
# How each program's customers answer: weights of the scores 0..10.
PROGRAMS = {
    "autosicher": ("AutoSicher Versicherung", [1, 0, 1, 1, 1, 2, 2, 4, 6, 8, 9]),
    "sonnenstrom": ("SonnenStrom Energie", [2, 1, 2, 2, 3, 3, 3, 4, 4, 3, 2]),
    "funknetz": ("FunkNetz Mobilfunk", [0, 0, 0, 1, 1, 1, 2, 3, 5, 9, 12]),
}
WEEKS = 12


@pytest.fixture(scope="module")
def console_url(db_url: str) -> Iterator[str]:
    with running_console(db_url) as url:
        yield url


@pytest.fixture
def survey_answers(db_url: str) -> int:
    """Twelve weeks of answers for three programs (a fixed random sample)."""
    clean_database(db_url)
    add_agent(db_url, "anna", "Anna")
    sample = random.Random(15)
    now = utcnow()
    count = 0
    ids = {slug: add_program(db_url, slug, brand) for slug, (brand, _) in PROGRAMS.items()}
    with session_scope(db_url) as session:
        for slug, (_, weights) in PROGRAMS.items():
            program_id = ids[slug]
            for week in range(WEEKS):
                for _ in range(sample.randint(2, 9)):
                    count += 1
                    session.add(
                        NpsAnswer(
                            conversation_id=f"umfrage-{count}",
                            program_id=program_id,
                            score=sample.choices(range(11), weights)[0],
                            comment=None,
                            created_at=now - timedelta(days=7 * week + sample.uniform(0.1, 6.5)),
                        )
                    )
    return count


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_metrics_page_shows_the_nps_trend_per_program(
    chromium, console_url: str, db_url: str, survey_answers: int, viewport: str
) -> None:
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], locale="de-DE", accept_downloads=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{console_url}/console/metrics?days=90")
        page.get_by_label("Benutzername").fill("anna")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{console_url}/console/metrics?days=90")

        section = page.locator("#nps")
        assert section.get_by_role(
            "heading", name="Weiterempfehlung (NPS) je Programm"
        ).is_visible()
        charts = section.locator("svg.m-trend")
        assert charts.count() == len(PROGRAMS)
        for index in range(len(PROGRAMS)):
            chart = charts.nth(index)
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box is not None and box["height"] > 80 and box["width"] > 300
            # A point per week with answers, a line between neighbouring weeks.
            assert chart.locator("circle").count() >= WEEKS - 1
            assert chart.locator("line").count() >= 5 + WEEKS - 2
        for brand, _ in PROGRAMS.values():
            assert section.get_by_role("heading", name=f"{brand}: NPS").is_visible()
        assert section.locator("table.m-nps-weeks tbody tr").count() >= 3 * (WEEKS - 1)
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]

        section.scroll_into_view_if_needed()
        section.screenshot(path=str(SCREENSHOTS / f"metrics-nps-{viewport}.png"))

        with page.expect_download() as download_info:
            page.get_by_role("link", name="NPS-Antworten (CSV)").click()
        content = download_info.value.path().read_bytes().decode("utf-8-sig")
        lines = content.strip().splitlines()
        assert lines[0].startswith("Nr.;Zeitpunkt;Kalenderwoche;Programm;Wert;Gruppe")
        assert len(lines) - 1 <= survey_answers and len(lines) > 3 * WEEKS
        assert not errors, errors
    finally:
        context.close()
