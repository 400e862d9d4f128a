"""The chat widget in a real browser: Debian's headless Chromium, driven by
Playwright's Python package (never `playwright install`: `make browser-deps`
installs Debian's chromium), against the demo page of the web app and the
session's real Rasa server.

Screenshots of the key states go to reports/screenshots/ (gitignored).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlalchemy import select

from bot.agents import create_agent
from bot.db import session_scope
from bot.models import Agent, Handoff, Program
from tests.browser_support import SCREENSHOTS, chromium_browser  # noqa: F401 (fixture chromium)
from tools.servers import running_web_app

pytestmark = [pytest.mark.server, pytest.mark.browser]

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 375, "height": 740},
}
REPLY_MS = 60_000
# A showcase referrer of bot/demo_data.py (waiting period, reward not due yet).
SHOWCASE_CODE = "ASV-WAI456"
AGENT_PASSWORD = "browser-test-passwort"


@pytest.fixture(scope="module")
def web_url(bot, demo_db_url, web_port) -> Iterator[str]:
    """The web app with demo pages and the agent console, on the test run's
    database and Rasa server, with its background sweep; on the port whose
    pages the Rasa server lets open the chat."""
    with running_web_app(
        bot.url,
        web_port,
        lifespan=True,
        database_url=demo_db_url,
        rasa_url=bot.url,
        rasa_token=bot.token,
    ) as url:
        yield url


@pytest.fixture(params=list(VIEWPORTS))
def page(request, chromium):
    context = chromium.new_context(viewport=VIEWPORTS[request.param], locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = request.param
    yield page
    context.close()
    assert not errors, errors


def shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{page.viewport_name}-{name}.png"))


def full_transcript_shot(page, name: str) -> None:
    """The whole conversation in one picture: the panel grows to its content."""
    height = page.evaluate(
        """() => {
            const panel = document.querySelector('.ec-panel');
            panel.style.height = 'auto';
            document.querySelector('.ec-log').style.overflow = 'visible';
            return panel.getBoundingClientRect().height;
        }"""
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": int(height) + 60})
    shot(page, name)
    page.set_viewport_size(size)


def bot_messages(page):
    return page.locator(".ec-from-bot, .ec-from-agent")


def open_chat(page, web_url: str, slug: str = "autosicher") -> None:
    page.goto(f"{web_url}/demo/{slug}")
    page.get_by_role("button", name="Chat öffnen").click()
    page.locator(".ec-from-bot .ec-button").first.wait_for(timeout=REPLY_MS)
    settle(page, 500)


def settle(page, quiet_ms: int = 1500) -> None:
    """Waits until the bot has sent every message of its turn."""
    count = -1
    while count != bot_messages(page).count():
        count = bot_messages(page).count()
        page.wait_for_timeout(quiet_ms)


def send(page, text: str) -> None:
    """Types a message and waits for the bot's whole answer."""
    before = bot_messages(page).count()
    page.get_by_role("textbox", name="Ihre Nachricht").fill(text)
    page.get_by_role("button", name="Nachricht senden").click()
    bot_messages(page).nth(before).wait_for(timeout=REPLY_MS)
    settle(page)


def session_id(page, slug: str = "autosicher") -> str:
    return page.evaluate(f"localStorage.getItem('empfehlungsbot:{slug}:session')")


def transcript(page) -> list[str]:
    return page.locator(".ec-msg").evaluate_all(
        "nodes => nodes.map(n => n.querySelector('.ec-sender').textContent + ': ' +"
        " (n.querySelector('.ec-bubble') || {textContent: ''}).textContent)"
    )


def post_events(bot, sender: str, events: list[dict]) -> None:
    response = requests.post(
        f"{bot.url}/conversations/{sender}/tracker/events",
        params={"token": bot.token, "output_channel": "socketio", "execute_side_effects": "true"},
        json=events,
        timeout=30,
    )
    assert response.status_code == 200, response.text


def test_greeting_buttons_answer_umlauts_and_reload(page, web_url, bot):
    open_chat(page, web_url)
    greeting = bot_messages(page).first
    assert greeting.locator(".ec-sender").text_content() == "Digitaler Assistent"
    buttons = greeting.locator(".ec-button").all_text_contents()
    assert "Wie funktioniert das Programm?" in buttons
    shot(page, "1-greeting")

    page.get_by_role("button", name="Wie funktioniert das Programm?").click()
    bot_messages(page).nth(1).wait_for(timeout=REPLY_MS)
    settle(page)
    assert page.locator(".ec-from-user .ec-bubble").last.text_content() == (
        "Wie funktioniert das Programm?"
    )

    send(page, "Wo bleibt meine Prämie?")
    assert "Wo bleibt meine Prämie?" in page.locator(".ec-from-user .ec-bubble").all_text_contents()
    assert bot_messages(page).count() >= 3
    shot(page, "2-answers")

    send(page, "Test <b>HTML</b> & <script>alert(1)</script>")
    last_user = page.locator(".ec-from-user .ec-bubble").last
    assert last_user.text_content() == "Test <b>HTML</b> & <script>alert(1)</script>"
    assert page.locator(".ec-log b, .ec-log script").count() == 0

    before = transcript(page)
    page.reload()
    page.locator(".ec-msg").nth(len(before) - 1).wait_for(timeout=REPLY_MS)
    assert transcript(page) == before
    shot(page, "3-after-reload")

    state = bot.tracker(session_id(page))
    assert state["latest_message"]["metadata"]["program"] == "autosicher"
    assert state["slots"]["program"] == "autosicher"

    if page.viewport_name == "mobile":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"horizontal scrolling on a phone: {width}px"
        box = page.locator(".ec-panel").bounding_box()
        assert box["width"] == 375


def test_the_widget_links_to_the_programs_help_page(page, web_url):
    """The help page shows the same entries the bot answers with."""
    open_chat(page, web_url)
    link = page.locator(".ec-help")
    assert link.get_attribute("href") == f"{web_url}/hilfe/autosicher"
    page.goto(f"{web_url}/hilfe/autosicher?q=Wie+lange+gilt+eine+Empfehlung")
    assert page.locator("h1").text_content() == "Hilfe zum Empfehlungsprogramm"
    first_result = page.locator(".help-results .help-entry").first
    assert "90 Tage" in (first_result.text_content() or "")
    shot(page, "6-help-page")


def test_a_knowledge_base_answer_links_to_its_entry_on_the_help_page(page, web_url):
    open_chat(page, web_url)
    send(page, "Wie lange ist meine Empfehlung eigentlich gültig?")
    link = bot_messages(page).last.locator(".ec-help-entry")
    assert link.text_content() == "Mehr dazu im Hilfebereich"
    href = link.get_attribute("href")
    assert href == f"{web_url}/hilfe/autosicher#validity"
    page.goto(href)
    entry = page.locator("article#validity")
    assert "90 Tage" in (entry.text_content() or "")


def test_full_reward_conversation(page, web_url):
    """Greeting, the reward question, verification if the bot asks, the answer."""
    from bot.demo_data import SHOWCASES

    showcase = next(s for s in SHOWCASES if s.code == SHOWCASE_CODE)
    open_chat(page, web_url)
    send(page, "Wo bleibt meine Prämie?")
    for _ in range(3):  # the verification form asks for the code, then the e-mail
        asked = bot_messages(page).last.text_content() or ""
        if re.search(r"Empfehlungscode\?", asked):
            send(page, showcase.code)
        elif re.search(r"E-Mail-Adresse", asked) and "?" in asked:
            send(page, showcase.email)
        else:
            break
    full_transcript_shot(page, "4-full-conversation")
    assert bot_messages(page).count() >= 2


def test_agent_reply_with_first_name_notice_links_and_reconnect(page, web_url, bot):
    """An agent's message sent through Rasa's HTTP API, as the agent console
    sends it: shown like a bot message with the agent's first
    name, the handoff notice, a clickable link; and after a reconnect, the
    message sent while the widget was disconnected."""
    open_chat(page, web_url, "funknetz")
    sender = session_id(page, "funknetz")
    notice = page.get_by_text("Sie sind mit unserem Service-Team verbunden.")
    assert notice.is_hidden()

    post_events(
        bot,
        sender,
        [
            {"event": "pause"},
            {
                "event": "bot",
                "text": (
                    "Guten Tag, hier ist Anna vom Service-Team. Die Bedingungen finden Sie "
                    "unter https://www.funknetz.example/kunden-werben-kunden/teilnahmebedingungen."
                ),
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
            },
        ],
    )
    agent = page.locator(".ec-from-agent").last
    agent.wait_for(timeout=REPLY_MS)
    assert agent.locator(".ec-sender").text_content() == "Anna (Service-Team)"
    notice.wait_for(timeout=REPLY_MS)
    link = agent.get_by_role("link")
    assert link.get_attribute("href") == (
        "https://www.funknetz.example/kunden-werben-kunden/teilnahmebedingungen"
    )
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    shot(page, "5-agent-connected")

    # While paused the bot stays silent; the customer's message is shown and stored.
    page.get_by_role("textbox", name="Ihre Nachricht").fill("Danke, Anna!")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    assert page.locator(".ec-typing").is_hidden()

    page.evaluate("window.EmpfehlungsChat.disconnect()")
    post_events(
        bot,
        sender,
        [
            {
                "event": "bot",
                "text": "Ich gebe Sie jetzt wieder an unseren digitalen Assistenten ab.",
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "ended"}},
            },
            {"event": "resume"},
        ],
    )
    page.evaluate("window.EmpfehlungsChat.connect()")
    page.get_by_text("Ich gebe Sie jetzt wieder an unseren digitalen Assistenten ab.").wait_for(
        timeout=REPLY_MS
    )
    notice.wait_for(state="hidden", timeout=REPLY_MS)
    assert "Sie: Danke, Anna!" in transcript(page)
    shot(page, "6-agent-left-after-reconnect")


@pytest.fixture
def open_around_the_clock(demo_db_url: str) -> Iterator[str]:
    """The demo program "autosicher" with its service team always there, so
    the handoff does not depend on when the tests run; restored afterwards."""
    with session_scope(demo_db_url) as session:
        program = session.scalars(select(Program).where(Program.slug == "autosicher")).one()
        saved = (program.hours_weekdays, program.hours_open, program.hours_close)
        program.hours_weekdays, program.hours_open, program.hours_close = (
            "1234567",
            clock_time(0, 0),
            clock_time(0, 0),
        )
    yield "autosicher"
    with session_scope(demo_db_url) as session:
        program = session.scalars(select(Program).where(Program.slug == "autosicher")).one()
        program.hours_weekdays, program.hours_open, program.hours_close = saved


def test_handoff_through_the_agent_console(
    page, chromium, web_url, demo_db_url, open_around_the_clock
):
    """The customer asks for a person in the widget; an agent logs into the
    console in a second browser, sees the conversation appear, claims it and
    replies; the reply appears in the widget; the agent hands back and the
    widget shows the rating buttons."""
    username = f"agent-{page.viewport_name}"
    with session_scope(demo_db_url) as session:
        if session.scalars(select(Agent).where(Agent.username == username)).first() is None:
            create_agent(session, username, "Bea", AGENT_PASSWORD)

    console = chromium.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE")
    desk = console.new_page()
    errors: list[str] = []
    desk.on("pageerror", lambda error: errors.append(str(error)))
    desk.goto(f"{web_url}/console")  # redirects to the login form
    desk.get_by_label("Benutzername").fill(username)
    desk.get_by_label("Passwort").fill(AGENT_PASSWORD)
    desk.get_by_role("button", name="Anmelden").click()
    desk.wait_for_url(f"{web_url}/console")

    open_chat(page, web_url, "autosicher")
    send(page, "Ich möchte mit einem Mitarbeiter sprechen")
    page.get_by_text("Sie warten auf unser Service-Team.", exact=False).wait_for(timeout=REPLY_MS)
    assert page.get_by_role("button", name="Nicht mehr warten").is_visible()
    shot(page, "7-waiting-for-an-agent")

    # The queue updates itself: the new conversation appears without a reload.
    with session_scope(demo_db_url) as session:
        handoff_id = session.scalars(
            select(Handoff.id).where(Handoff.conversation_id == session_id(page, "autosicher"))
        ).one()
    link = desk.locator(f'#handoffs a[href="/console/handoffs/{handoff_id}"]')
    link.wait_for(timeout=5000)
    desk.screenshot(path=str(SCREENSHOTS / f"console-queue-{page.viewport_name}.png"))
    link.click()
    desk.get_by_role("button", name="Übernehmen").click()
    page.locator(".ec-from-agent").first.wait_for(timeout=REPLY_MS)
    assert page.get_by_role("button", name="Nicht mehr warten").is_hidden()
    page.get_by_text("Sie sind mit unserem Service-Team verbunden.").wait_for(timeout=REPLY_MS)

    desk.get_by_label("Ihre Antwort an die Kundin oder den Kunden").fill(
        "Guten Tag, hier ist Bea. Wie kann ich Ihnen helfen?"
    )
    desk.locator("#reply-form").get_by_role("button", name="Senden").click()
    reply = page.locator(".ec-from-agent", has_text="hier ist Bea")
    reply.wait_for(timeout=5000)
    assert reply.locator(".ec-sender").text_content() == "Bea (Service-Team)"

    # The customer's answer shows up in the console's transcript.
    page.get_by_role("textbox", name="Ihre Nachricht").fill("Meine Prämie <b>fehlt</b> noch.")
    page.keyboard.press("Enter")
    desk.locator("#transcript", has_text="Meine Prämie <b>fehlt</b> noch.").wait_for(timeout=5000)
    desk.screenshot(path=str(SCREENSHOTS / f"console-conversation-{page.viewport_name}.png"))
    shot(page, "8-agent-replied")

    desk.once("dialog", lambda dialog: dialog.accept())  # "Really hand back?"
    desk.get_by_role("button", name="Zurück an den Bot").click()
    page.get_by_role("button", name="5 – sehr zufrieden").wait_for(timeout=REPLY_MS)
    page.get_by_text("Sie sind mit unserem Service-Team verbunden.").wait_for(
        state="hidden", timeout=REPLY_MS
    )
    page.get_by_role("button", name="5 – sehr zufrieden").click()
    page.get_by_text("Bewertung", exact=False).last.wait_for(timeout=REPLY_MS)
    settle(page)
    full_transcript_shot(page, "9-handoff-and-rating")

    # The metrics page counts this handoff and its rating.
    desk.get_by_role("link", name="Kennzahlen").click()
    desk.get_by_role("heading", name="Kennzahlen").wait_for(timeout=5000)
    reasons = desk.locator("section", has=desk.get_by_role("heading", name="Gründe für Übergaben"))
    assert "Wunsch nach einem Menschen" in reasons.text_content()
    ratings = desk.locator(
        "section", has=desk.get_by_role("heading", name="Zufriedenheit nach Übergaben")
    )
    assert "5 ★" in ratings.text_content()
    desk.screenshot(
        path=str(SCREENSHOTS / f"console-metrics-{page.viewport_name}.png"), full_page=True
    )
    console.close()
    assert not errors, errors


# ---------------------------------------------------------------------------
# Focus, keyboard, screen readers, times and wording

BOT_SUBTITLE = "Digitaler Assistent · antwortet sofort"
TIME_ZONE = "Asia/Kolkata"  # UTC+5:30: a local time no server clock shows by chance


def focused(page) -> str:
    """Class and text of the focused element, for messages."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim(); }"
    )


def focus_in_panel(page) -> bool:
    return page.evaluate("document.querySelector('.ec-panel').contains(document.activeElement)")


def test_a_quick_reply_keeps_focus_in_the_chat_and_escape_closes_it(page, web_url):
    open_chat(page, web_url)
    before = bot_messages(page).count()
    page.get_by_role("button", name="Wie funktioniert das Programm?").focus()
    page.keyboard.press("Enter")
    bot_messages(page).nth(before).wait_for(timeout=REPLY_MS)
    settle(page)
    # The buttons are gone; the customer types on without reaching for the mouse.
    assert page.evaluate("document.activeElement.classList.contains('ec-input')"), focused(page)
    page.keyboard.type("Danke")
    assert page.get_by_role("textbox", name="Ihre Nachricht").input_value() == "Danke"
    shot(page, "10-focus-after-quick-reply")

    page.keyboard.press("Escape")
    assert page.locator(".ec-panel").is_hidden()
    launcher = page.get_by_role("button", name="Chat öffnen")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('ec-launcher')"), focused(page)


def test_the_full_screen_chat_on_a_phone_keeps_tab_focus_inside(page, web_url):
    if page.viewport_name != "mobile":
        pytest.skip("full screen only on a phone; on a desktop the page stays usable")
    open_chat(page, web_url)
    seen = set()
    for key in ["Tab"] * 20 + ["Shift+Tab"] * 20:
        page.keyboard.press(key)
        assert focus_in_panel(page), f"{key} left the chat for {focused(page)}"
        seen.add(focused(page))
    # Both ends of the cycle were reached: the close button and the send button.
    assert any("ec-close" in name for name in seen) and any("ec-send" in name for name in seen)
    assert page.locator(".ec-panel").get_attribute("aria-modal") == "true"
    shot(page, "11-phone-focus-trapped")


def test_the_header_names_the_agent_while_one_chats_also_after_a_reload(page, web_url, bot):
    open_chat(page, web_url, "funknetz")
    subtitle = page.locator(".ec-subtitle")
    assert subtitle.text_content() == BOT_SUBTITLE
    sender = session_id(page, "funknetz")
    post_events(
        bot,
        sender,
        [
            {"event": "pause"},
            {
                "event": "bot",
                "text": "Guten Tag, hier ist Anna vom Service-Team.",
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
            },
        ],
    )
    page.locator(".ec-from-agent").first.wait_for(timeout=REPLY_MS)
    assert subtitle.text_content() == "Anna · Service-Team"
    shot(page, "12-header-names-the-agent")
    page.reload()
    page.locator(".ec-from-agent").first.wait_for(timeout=REPLY_MS)
    assert subtitle.text_content() == "Anna · Service-Team"

    post_events(
        bot,
        sender,
        [
            {
                "event": "bot",
                "text": "Ich gebe Sie wieder an unseren digitalen Assistenten ab.",
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "ended"}},
            },
            {"event": "resume"},
        ],
    )
    page.get_by_text("Ich gebe Sie wieder an unseren digitalen Assistenten ab.").wait_for(
        timeout=REPLY_MS
    )
    assert subtitle.text_content() == BOT_SUBTITLE
    page.reload()
    page.get_by_text("Ich gebe Sie wieder an unseren digitalen Assistenten ab.").wait_for(
        timeout=REPLY_MS
    )
    assert subtitle.text_content() == BOT_SUBTITLE


def _times(page) -> list[tuple[str, str]]:
    """(shown HH:MM, datetime attribute) of every message."""
    return page.locator(".ec-msg").evaluate_all(
        "nodes => nodes.map(n => { const t = n.querySelector('time.ec-time');"
        " return t ? [t.textContent, t.getAttribute('datetime')] : [null, null]; })"
    )


def test_each_message_shows_its_time_in_the_customers_local_time(page, web_url):
    devtools = page.context.new_cdp_session(page)
    devtools.send("Emulation.setTimezoneOverride", {"timezoneId": TIME_ZONE})
    open_chat(page, web_url)
    send(page, "Wo bleibt meine Prämie?")
    live = _times(page)
    page.reload()
    page.locator(".ec-msg").nth(len(live) - 1).wait_for(timeout=REPLY_MS)
    history = _times(page)
    assert len(history) == len(live) >= 3

    now = datetime.now(UTC)
    for shown, sent in history:
        assert shown and sent, "a message without its time"
        moment = datetime.fromisoformat(sent)
        assert abs(now - moment) < timedelta(minutes=5)
        assert shown == moment.astimezone(ZoneInfo(TIME_ZONE)).strftime("%H:%M")
    # The bot's messages carry the server's time, live and in the history alike.
    bot_rows = page.locator(".ec-msg").evaluate_all(
        "nodes => nodes.map(n => !n.classList.contains('ec-from-user'))"
    )
    assert [t for t, is_bot in zip(live, bot_rows, strict=True) if is_bot] == [
        t for t, is_bot in zip(history, bot_rows, strict=True) if is_bot
    ]
    shot(page, "13-message-times")


def test_the_typing_indicator_is_announced_once_and_messages_are_not_repeated(page, web_url):
    open_chat(page, web_url)
    # Records every text the page's live regions other than the log announce.
    page.evaluate(
        """() => {
            window.announced = [];
            const regions = [...document.querySelectorAll('[aria-live], [role=status]')]
                .filter(node => !node.classList.contains('ec-log'));
            const observer = new MutationObserver(() => regions.forEach(node => {
                const text = node.textContent.trim();
                if (text && !node.hidden) { window.announced.push(text); }
            }));
            regions.forEach(node => observer.observe(
                node, {childList: true, characterData: true, subtree: true, attributes: true}));
        }"""
    )
    send(page, "Wo bleibt meine Prämie?")
    announced = page.evaluate("window.announced")
    assert "Der Assistent schreibt …" in announced
    answers = bot_messages(page).locator(".ec-bubble").all_text_contents()
    assert not [text for text in announced if any(text in a or a in text for a in answers)]
    # The visible indicator is hidden from screen readers, so it is not read twice.
    assert page.locator(".ec-typing").get_attribute("aria-hidden") == "true"
    assert page.get_by_role("status").filter(has_text="Der Assistent schreibt").count() == 0


def test_the_question_for_the_code_shows_an_example_of_the_programs_own_codes(page, web_url):
    open_chat(page, web_url, "sonnenstrom")
    send(page, "Wo bleibt meine Prämie?")
    asked = bot_messages(page).last.text_content() or ""
    assert "Empfehlungscode?" in asked
    assert "SSE-7K3M9P" in asked and "ASV-" not in asked
    shot(page, "14-example-code-sonnenstrom")
    # Nobody's code: the history keeps it readable after a reload.
    page.reload()
    page.get_by_text("SSE-7K3M9P", exact=False).wait_for(timeout=REPLY_MS)


def test_the_waiting_notice_says_minute_or_minutes_with_one_full_stop(page, web_url, bot):
    open_chat(page, web_url, "funknetz")
    sender = session_id(page, "funknetz")
    notice = page.locator(".ec-notice-text")
    for position, minutes, expected in (
        (2, 1, "Platz 2 in der Warteschlange, etwa 1 Minute."),
        (3, 5, "Platz 3 in der Warteschlange, etwa 5 Minuten."),
    ):
        post_events(
            bot,
            sender,
            [
                {"event": "pause"},
                {
                    "event": "bot",
                    "text": f"Sie sind in der Warteschlange (Platz {position}).",
                    "data": {
                        "custom": {"handoff": "waiting", "position": position, "minutes": minutes}
                    },
                },
            ],
        )
        page.get_by_text(f"Sie sind in der Warteschlange (Platz {position}).").wait_for(
            timeout=REPLY_MS
        )
        assert notice.text_content() == f"Sie warten auf unser Service-Team. {expected}"
    assert ".." not in notice.text_content()
    post_events(bot, sender, [{"event": "resume"}])


# ---------------------------------------------------------------------------
# WebSocket (channels/engineio_sanic.py, docs/widget.md "WebSocket")


def _socketio_traffic(page) -> dict:
    """Records the page's socket.io traffic: HTTP requests (long polling), the
    WebSockets, the events received over them, console errors and warnings."""
    traffic: dict = {"polls": [], "websockets": [], "events": [], "console": []}

    def on_frame(payload) -> None:
        if isinstance(payload, str) and payload.startswith("42"):
            traffic["events"].append(json.loads(payload[2:]))

    def on_websocket(ws) -> None:
        traffic["websockets"].append(ws.url)
        ws.on("framereceived", on_frame)
        ws.on("socketerror", lambda error: traffic["console"].append(f"socketerror: {error}"))

    def on_request(request) -> None:
        if "/socket.io/" in request.url:
            traffic["polls"].append(request.url)

    def on_console(message) -> None:
        if message.type in ("error", "warning"):
            traffic["console"].append(f"{message.type}: {message.text}")

    page.on("websocket", on_websocket)
    page.on("request", on_request)
    page.on("console", on_console)
    return traffic


def _over_websocket(traffic: dict, text: str) -> bool:
    """Whether a bot_uttered with ``text`` (whitespace aside) came over the WebSocket."""
    wanted = " ".join(text.split())
    return any(
        event == "bot_uttered" and " ".join((data.get("text") or "").split()) == wanted
        for event, data, *_ in traffic["events"]
    )


def wait_for_transport(page, name: str, timeout_ms: int = 10_000) -> None:
    """Waits until the widget is connected over ``name`` (no wait_for_function:
    its polling evaluates a string, which the demo page's CSP forbids)."""
    for _ in range(timeout_ms // 100):
        if page.evaluate("window.EmpfehlungsChat.transport()") == name:
            return
        page.wait_for_timeout(100)
    assert page.evaluate("window.EmpfehlungsChat.transport()") == name


def test_the_widget_chats_over_websocket_by_default(page, web_url, bot):
    """Long polling first, then the upgrade: the bot's answers and an agent's
    message arrive over the WebSocket, no request polls any more, and the
    browser reports no error (the old server broke the upgrade: "Invalid
    frame header", then endless NOOP polls)."""
    if page.viewport_name != "desktop":
        pytest.skip("the transport does not depend on the screen")
    traffic = _socketio_traffic(page)
    open_chat(page, web_url)
    wait_for_transport(page, "websocket")
    assert traffic["websockets"] == [traffic["websockets"][0]]
    assert traffic["websockets"][0].startswith(bot.url.replace("http://", "ws://", 1))
    polls_before_upgrade = len(traffic["polls"])

    send(page, "Wo bleibt meine Prämie?")
    answer = bot_messages(page).last.locator(".ec-bubble").text_content()
    assert _over_websocket(traffic, answer), traffic["events"]

    agent_text = "Guten Tag, hier ist Anna vom Service-Team."
    post_events(
        bot,
        session_id(page),
        [
            {"event": "pause"},
            {
                "event": "bot",
                "text": agent_text,
                "data": {"custom": {"agent": {"first_name": "Anna"}, "handoff": "started"}},
            },
        ],
    )
    agent = page.locator(".ec-from-agent").last
    agent.wait_for(timeout=REPLY_MS)
    assert agent.locator(".ec-sender").text_content() == "Anna (Service-Team)"
    assert _over_websocket(traffic, agent_text)
    post_events(bot, session_id(page), [{"event": "resume"}])
    shot(page, "15-websocket")

    assert page.evaluate("window.EmpfehlungsChat.transport()") == "websocket"
    assert len(traffic["polls"]) == polls_before_upgrade, traffic["polls"]
    # The server closes its side cleanly too: frames only, no HTTP after them.
    page.evaluate("window.EmpfehlungsChat.disconnect()")
    page.wait_for_timeout(1000)
    assert not traffic["console"], traffic["console"]


def test_a_failing_websocket_leaves_the_widget_on_long_polling(page, web_url):
    """A network that breaks WebSockets (here: the browser closes each one at
    once): the widget tried, and chats over long polling without polling in a loop."""
    if page.viewport_name != "desktop":
        pytest.skip("the transport does not depend on the screen")
    attempts: list[str] = []

    def broken_network(ws) -> None:
        attempts.append(ws.url)
        ws.close()

    page.route_web_socket(re.compile(r"/socket\.io/"), broken_network)
    traffic = _socketio_traffic(page)
    open_chat(page, web_url)
    send(page, "Wo bleibt meine Prämie?")
    assert attempts, "the widget never tried a WebSocket"
    assert page.evaluate("window.EmpfehlungsChat.transport()") == "polling"
    # Idle, a long poll waits for the server (25 s): no requests in a loop.
    polls = len(traffic["polls"])
    page.wait_for_timeout(3000)
    assert len(traffic["polls"]) - polls <= 2, traffic["polls"][polls:]
