"""The settings table (bot/settings.py) is the one reader of the environment
and docs/configuration.md shows exactly that table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import settings

ROOT = Path(__file__).resolve().parents[1]
# The project's own code; packages/de_referral_nlp is a spaCy package of its
# own (installable without the project), tools/ and tests/ start servers with
# environments they build.
CODE_DIRS = ("bot", "actions", "channels", "web", "nlu_components")
READS_ENVIRONMENT = re.compile(r"os\.environ(?!\s*\.copy\(\))|os\.getenv|getenv\(")


def test_no_module_but_the_settings_reads_the_environment() -> None:
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in CODE_DIRS
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / "bot" / "settings.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if READS_ENVIRONMENT.search(line)
    ]
    assert readers == []


def test_the_configuration_page_shows_the_settings_table() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert settings.markdown() in page


def test_every_variable_named_in_the_code_is_in_the_table() -> None:
    """A name passed to the readers must be in the table, or it raises."""
    used = set()
    for folder in (*CODE_DIRS, "tools"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            used |= set(re.findall(r"settings\.(?:raw|text|number|flag)\(\s*\"([A-Z_]+)\"", text))
    assert used, "no reader found: the pattern is out of date"
    assert used <= set(settings.BY_NAME)


def test_numbers_fall_back_to_their_default_and_respect_the_minimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VERIFICATION_TTL_MINUTES", "zwei Stunden")
    assert settings.number("VERIFICATION_TTL_MINUTES") == 120
    monkeypatch.setenv("VERIFICATION_TTL_MINUTES", "-5")
    assert settings.number("VERIFICATION_TTL_MINUTES") == 1
    monkeypatch.setenv("VERIFICATION_TTL_MINUTES", " 30 ")
    assert settings.number("VERIFICATION_TTL_MINUTES") == 30
    monkeypatch.setenv("RETENTION_SWEEP_HOURS", "0.5")
    assert settings.number("RETENTION_SWEEP_HOURS") == 0.5


def test_an_unknown_setting_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        settings.raw("NOT_A_SETTING")
    with pytest.raises(TypeError):
        settings.number("DATABASE_URL")


def test_unset_or_blank_values_give_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEB_HOST", raising=False)
    assert settings.text("WEB_HOST") == "127.0.0.1"
    monkeypatch.setenv("WEB_HOST", "   ")
    assert settings.text("WEB_HOST") == "127.0.0.1"
    monkeypatch.setenv("CONSOLE_SECURE_COOKIES", "1")
    assert settings.flag("CONSOLE_SECURE_COOKIES")
    monkeypatch.setenv("CONSOLE_SECURE_COOKIES", "yes")
    assert not settings.flag("CONSOLE_SECURE_COOKIES")
