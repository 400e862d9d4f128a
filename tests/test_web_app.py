"""The web app's demo pages, without Rasa (the widget is not connected here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bot.demo_data import PROGRAMS
from tools.servers import running_web_app
from web.brands import demo_brands

ROOT = Path(__file__).resolve().parents[1]
SLUGS = ("autosicher", "sonnenstrom", "funknetz")


@pytest.fixture(scope="module")
def web_url() -> Iterator[str]:
    with running_web_app("https://bot.example.org") as url:
        yield url


def test_index_lists_every_program(web_url):
    index = requests.get(web_url, timeout=10)
    assert index.status_code == 200
    assert 'lang="de"' in index.text
    for slug in SLUGS:
        assert f'href="/demo/{slug}"' in index.text


@pytest.mark.parametrize("slug", SLUGS)
def test_demo_page_embeds_the_widget_for_its_program(web_url, slug):
    page = requests.get(f"{web_url}/demo/{slug}", timeout=10)
    assert page.status_code == 200
    brand = demo_brands()[slug]
    assert brand.brand in page.text
    assert f'data-program="{slug}"' in page.text
    assert 'data-socket-url="https://bot.example.org"' in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "connect-src 'self' https://bot.example.org wss://bot.example.org" in policy
    css = requests.get(f"{web_url}/demo/{slug}/brand.css", timeout=10)
    assert css.headers["content-type"].startswith("text/css") and brand.accent in css.text


def test_unknown_program_gets_a_german_404(web_url):
    missing = requests.get(f"{web_url}/demo/gibt<s>nicht", timeout=10)
    assert missing.status_code == 404
    assert "Diese Seite gibt es leider nicht" in missing.text
    assert "„gibt&lt;s&gt;nicht“" in missing.text  # escaped
    other = requests.get(f"{web_url}/nirgendwo", timeout=10)
    assert other.status_code == 404 and "Die Adresse ist nicht (mehr) gültig." in other.text


def test_widget_assets_are_served(web_url):
    for path in ("/static/widget/widget.js", "/static/widget/widget.css"):
        assert requests.get(web_url + path, timeout=10).status_code == 200
    vendor = requests.get(f"{web_url}/static/vendor/socket.io.min.js", timeout=10)
    assert vendor.status_code == 200, "run `make web-deps` (npm ci in web/)"


def test_the_widget_never_writes_html():
    source = (ROOT / "web" / "static" / "widget" / "widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda program: program.slug)
def test_demo_pages_show_the_data_the_bot_answers_from(web_url, program):
    """Name, reward and links of a program's pages are its definition's
    (bot/demo_data.py, the rows the bot reads), not a copy."""
    index = requests.get(web_url, timeout=10)
    assert f"Prämie: {program.reward_description}" in index.text
    page = requests.get(f"{web_url}/demo/{program.slug}", timeout=10)
    assert f'<a class="logo" href="/demo/{program.slug}">{program.brand}</a>' in page.text
    assert program.reward_description in page.text
    assert f'<a href="{program.terms_url}">Teilnahmebedingungen</a>' in page.text
    assert f'<a href="{program.privacy_url}">Datenschutz</a>' in page.text


def test_web_lock_file_pins_exact_versions_without_download_urls():
    package = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    for version in package["dependencies"].values():
        assert version[0].isdigit(), f"not an exact version: {version}"
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    assert [name for name, entry in lock["packages"].items() if "resolved" in entry] == []
    assert "://" not in (ROOT / "web" / "package-lock.json").read_text(encoding="utf-8")
