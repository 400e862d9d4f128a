"""rasa-webchat 1.0.1 (from npm, web/node_modules) on the demo page
``/demo/<slug>/rasa-webchat`` in Debian's headless Chromium, against the
session's real Rasa server: a brand that already embeds rasa-webchat sees the
bot's replies and buttons, an agent's messages and the handoff notices
(docs/widget.md, "rasa-webchat").

rasa-webchat renders a ``bot_uttered`` only when its keys are exactly
``text`` (and ``quick_replies``); before the channel sent it frames of that
shape on its namespace, it showed no agent message at all.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from bot.chat_contract import STARTED
from tests.browser_support import SCREENSHOTS, chromium_browser  # noqa: F401 (fixture chromium)
from tests.server import test_widget_browser as widget_browser
from web.console import agent_message, claim_message
from web.sweeper import released_message

pytestmark = [pytest.mark.server, pytest.mark.browser]

# The web app (fixture) and helpers of the widget's browser tests.
web_url = widget_browser.web_url
post_events = widget_browser.post_events
REPLY_MS = widget_browser.REPLY_MS

SLUG = "autosicher"
# rasa-webchat's CSS imports the font Inter from Google Fonts; the demo page's
# CSP refuses that on purpose (no visitor's address goes to Google), and
# Chromium says so in its console. The only console error that may appear.
REFUSED_GOOGLE_FONTS = re.compile(
    r"^error: Loading the stylesheet 'https://fonts\.googleapis\.com/[^']*' violates the "
    r"following Content Security Policy directive: \"style-src 'self' 'unsafe-inline'\"\."
)
# Idle, a socket.io client on WebSocket sends a ping every 25 s at most; a
# polling loop (issue 14: thousands of requests) is far above this.
MAX_IDLE_REQUESTS = 3


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.problems = []  # page errors and console errors
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda m: page.problems.append(f"{m.type}: {m.text}") if m.type == "error" else None,
    )
    page.socketio_requests = []
    page.on(
        "request",
        lambda r: page.socketio_requests.append(r.url) if "/socket.io/" in r.url else None,
    )
    yield page
    context.close()


def bot_texts(page) -> list[str]:
    return page.locator(".rw-response").evaluate_all("nodes => nodes.map(n => n.innerText.trim())")


def wait_for_bot_text(page, part: str) -> None:
    page.locator(".rw-response", has_text=part).last.wait_for(timeout=REPLY_MS)


def webchat_session_id(page) -> str:
    stored = page.evaluate("localStorage.getItem('chat_session')")
    return json.loads(stored)["session_id"]


def execute(bot, sender: str, action: str) -> None:
    """Runs an action the way the agent console does (``/execute``)."""
    response = requests.post(
        f"{bot.url}/conversations/{sender}/execute",
        params={"token": bot.token, "output_channel": "socketio"},
        json={"name": action},
        timeout=60,
    )
    assert response.status_code == 200, response.text


def test_rasa_webchat_shows_replies_buttons_agent_messages_and_handoff_notices(page, web_url, bot):
    page.goto(f"{web_url}/demo/{SLUG}/rasa-webchat")
    page.locator(".rw-launcher").click()

    # The greeting (the init payload /greet) with its buttons.
    greeting_button = page.locator(".rw-reply", has_text="Wie funktioniert")
    greeting_button.first.wait_for(timeout=REPLY_MS)
    assert page.locator(".rw-response").count() >= 1

    # A button click reaches the bot; its title is the customer's message.
    answers = page.locator(".rw-response").count()
    greeting_button.first.click()
    page.locator(".rw-client", has_text="Wie funktioniert").wait_for(timeout=REPLY_MS)
    page.locator(".rw-response").nth(answers).wait_for(timeout=REPLY_MS)

    # A typed message gets the bot's answer.
    answers = page.locator(".rw-response").count()
    page.locator(".rw-new-message").fill("Wo bleibt meine Prämie?")
    page.locator(".rw-send").click()
    page.locator(".rw-response").nth(answers).wait_for(timeout=REPLY_MS)

    # The handoff as the agent console and its sweep write it.
    sender = webchat_session_id(page)
    post_events(
        bot,
        sender,
        [{"event": "pause"}, agent_message(claim_message("Anna"), "Anna", STARTED)],
    )
    wait_for_bot_text(page, "Anna aus dem Service-Team ist jetzt für Sie da")
    post_events(bot, sender, [agent_message("Guten Tag, hier ist Anna. Ich sehe nach.", "Anna")])
    wait_for_bot_text(page, "Guten Tag, hier ist Anna. Ich sehe nach.")
    assert any(
        text.startswith("Anna (Service-Team):") and "Ich sehe nach." in text
        for text in bot_texts(page)
    ), bot_texts(page)
    post_events(bot, sender, [released_message()])
    wait_for_bot_text(page, "wieder in der Warteschlange")
    page.wait_for_timeout(1500)  # rasa-webchat shows each message after a short delay
    page.screenshot(path=str(SCREENSHOTS / "rasa-webchat-desktop.png"))

    # The agent hands back: the bot says so and asks for a rating, with buttons.
    execute(bot, sender, "action_handoff_back")
    page.locator(".rw-reply", has_text="sehr zufrieden").wait_for(timeout=REPLY_MS)

    # No request loop: idle, socket.io hardly sends a request.
    before = len(page.socketio_requests)
    page.wait_for_timeout(10_000)
    assert len(page.socketio_requests) - before <= MAX_IDLE_REQUESTS, page.socketio_requests[
        before:
    ]
    post_events(bot, sender, [{"event": "resume"}])
    problems = {p for p in page.problems if not REFUSED_GOOGLE_FONTS.match(p)}
    assert problems == set(), sorted(set(page.problems))
