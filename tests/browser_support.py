"""What the browser tests share (tests/server/test_widget_browser.py,
tests/test_console_browser.py): Debian's headless Chromium, driven by
Playwright's Python package (never `playwright install`: `make browser-deps`
installs Debian's chromium), and where screenshots go.

Import ``chromium_browser`` into a test module to have the fixture
``chromium`` there (named apart, so that a test's ``chromium`` argument does
not shadow the import).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "reports" / "screenshots"  # gitignored
CHROMIUM = Path("/usr/bin/chromium")
# The console's browser tests: a desktop and a phone screen.
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# Flags for this machine's closed network (see the environment notes).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module", name="chromium")
def chromium_browser() -> Iterator[Any]:
    """One browser per test module. Module scope on purpose: Playwright's sync
    API keeps an event loop running in the main thread while it is open, and
    later tests that call asyncio.run() would fail."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (as root) first")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
