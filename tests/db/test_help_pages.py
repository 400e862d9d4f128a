"""The public help page per program: the same entries the bot answers with,
filled with that program's data, with a search that uses the bot's matcher."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import delete

from bot.db import session_scope
from bot.demo_data import PROGRAMS
from bot.knowledge.entries import knowledge_base
from bot.knowledge.facts import render
from bot.models import Program
from bot.programs import find_program
from tools.servers import running_web_app


@pytest.fixture(scope="module")
def help_url(db_url: str) -> Iterator[str]:
    with session_scope(db_url) as session:
        session.execute(delete(Program).where(Program.slug.in_([s.slug for s in PROGRAMS])))
        session.add_all(Program(**spec.columns()) for spec in PROGRAMS)
    with running_web_app("https://bot.example.org", database_url=db_url) as url:
        yield url


@pytest.mark.parametrize("spec", PROGRAMS, ids=lambda spec: spec.slug)
def test_the_help_page_shows_every_entry_for_its_program(help_url: str, spec) -> None:
    page = requests.get(f"{help_url}/hilfe/{spec.slug}", timeout=10)
    assert page.status_code == 200
    text = html.unescape(page.text)
    base = knowledge_base()
    program = Program(**spec.columns())
    for entry in base.entries:
        assert f'id="{entry.id}"' in page.text
        assert entry.title in text
        assert render(entry, base, program).text in text
    for heading in base.topics.values():
        assert heading in text


def test_a_change_of_the_program_data_shows_on_the_page(help_url: str, db_url: str) -> None:
    """One source: the page renders the entries with the row as it is now."""

    def set_validity(days: int) -> None:
        with session_scope(db_url) as session:
            find_program(session, "funknetz").recommendation_valid_days = days

    set_validity(45)
    try:
        page = html.unescape(requests.get(f"{help_url}/hilfe/funknetz", timeout=10).text)
        assert "45 Tage" in page
    finally:
        set_validity(30)


@pytest.mark.slow
def test_the_search_finds_the_entry_asked_for(help_url: str) -> None:
    page = requests.get(
        f"{help_url}/hilfe/sonnenstrom", params={"q": "Muss ich die Prämie versteuern?"}, timeout=10
    )
    results = page.text.split('class="help-results"')[1].split("</section>")[0]
    assert 'href="#taxes"' in results


def test_the_search_escapes_what_was_typed(help_url: str) -> None:
    page = requests.get(
        f"{help_url}/hilfe/autosicher", params={"q": "<script>x</script>"}, timeout=10
    )
    assert page.status_code == 200
    assert "<script>x</script>" not in page.text
    assert "&lt;script&gt;" in page.text


def test_an_unknown_program_has_no_help_page(help_url: str) -> None:
    page = requests.get(f"{help_url}/hilfe/gibt-es-nicht", timeout=10)
    assert page.status_code == 404
    assert "gibt-es-nicht" in html.unescape(page.text)
