"""The agent console in a real browser (Debian's headless Chromium through
Playwright, ``tests/browser_support.py``), at desktop width (1280 px) and on a
phone (390 px):

* the inbox: queue, conversation and customer side by side; another entry
  opens without a reload and the address follows (back, reload, deep link);
  on a phone one view at a time with a way back, and nothing wider than the
  screen;
* saved replies: picked from the list or with "/", inserted filled in, edited,
  and sent to the customer;
* alerts: the tab title counts the waiting customers, a tone and a browser
  notification announce a new one;
* a callback ticket worked from the queue: opened, assigned, answered by
  e-mail (into a real SMTP server, ``SmtpSink``) and closed.

Screenshots: reports/screenshots/inbox-{desktop,phone}.png,
ticket-{desktop,phone}.png and console-{desktop,phone}-*.png. No Rasa server
is needed: ``FakeRasa`` serves the transcript and records what the customer's
widget would get.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.browser_support import (  # noqa: F401 (fixture chromium)
    SCREENSHOTS,
    VIEWPORTS,
    chromium_browser,
)
from tests.console_support import (
    FakeRasa,
    SmtpSink,
    add_agent,
    add_handoff,
    add_program,
    add_ticket,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    running_console,
)

pytestmark = [
    pytest.mark.db,
    pytest.mark.browser,
    pytest.mark.usefixtures("cheap_password_hashing"),
]
EMAIL = "erika.muster@example.de"
CONV = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
WAIT_MS = 8000
# Records the console's tones and notifications: stand-ins for the Web Audio
# context (headless Chromium has no sound card) and for Notification, as if
# the agent had allowed notifications.
RECORDER = """
window.consoleTones = [];
window.consoleNotifications = [];
(() => {
  const param = () => ({ value: 0, setValueAtTime() {}, exponentialRampToValueAtTime() {} });
  const node = () => ({ connect() {}, frequency: param(), gain: param() });
  class RecordedAudio {
    constructor() { this.state = "running"; this.currentTime = 0; this.destination = node(); }
    resume() { return Promise.resolve(); }
    createGain() { return node(); }
    createOscillator() {
      const oscillator = node();
      oscillator.start = () => window.consoleTones.push(oscillator.frequency.value);
      oscillator.stop = () => {};
      return oscillator;
    }
  }
  window.AudioContext = RecordedAudio;
  class RecordedNotification {
    constructor(title, options) {
      window.consoleNotifications.push({ title, body: (options || {}).body });
    }
    static requestPermission() { return Promise.resolve("granted"); }
  }
  RecordedNotification.permission = "granted";
  window.Notification = RecordedNotification;
})();
"""


@pytest.fixture(scope="module")
def console_url(db_url: str, rasa: FakeRasa, sink: SmtpSink) -> Iterator[str]:
    with running_console(db_url, rasa.url, smtp=sink.settings()) as url:
        yield url


def _desk(request, chromium, db_url, rasa, sink, viewport: str):
    """A browser tab at ``viewport`` on an empty database; fails the test on
    any script error in the page."""
    clean_database(db_url)
    rasa.reset()
    sink.reset()
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
    context.add_init_script(RECORDER)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = viewport
    yield page
    context.close()
    clean_database(db_url)
    assert not errors, errors


@pytest.fixture(params=list(VIEWPORTS))
def desk(request, chromium, db_url, rasa, sink):
    yield from _desk(request, chromium, db_url, rasa, sink, request.param)


@pytest.fixture
def desktop(request, chromium, db_url, rasa, sink):
    yield from _desk(request, chromium, db_url, rasa, sink, "desktop")


@pytest.fixture
def phone(request, chromium, db_url, rasa, sink):
    yield from _desk(request, chromium, db_url, rasa, sink, "phone")


def until(page, expression: str, timeout_ms: int = WAIT_MS) -> None:
    """Waits until ``expression`` is true in the page. (``wait_for_function``
    evaluates a string in the page, which the console's CSP forbids.)"""
    for _ in range(timeout_ms // 100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not true within {timeout_ms} ms: {expression}")


def shot(page, name: str) -> None:
    path = SCREENSHOTS / f"console-{page.viewport_name}-{name}.png"
    page.screenshot(path=str(path), full_page=True)


def log_in(page, base: str, db_url: str) -> None:
    add_agent(db_url, "anna", "Anna")
    page.goto(f"{base}/console")
    page.get_by_label("Benutzername").fill("anna")
    page.get_by_label("Passwort").fill("richtig-geheim-1")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{base}/console")


def test_a_waiting_customer_counts_in_the_tab_title_with_a_tone_and_a_notification(
    desk, console_url, db_url
):
    add_program(db_url, "autosicher", "AutoSicher Versicherung", chat_target_seconds=60)
    # Who waits when the page opens is known; only who comes later is announced.
    with desk.expect_response(lambda response: "/console/api/queue" in response.url):
        log_in(desk, console_url, db_url)
    assert desk.title() == "Warteschlange – Agenten-Konsole"

    first = add_handoff(db_url, "a" * 32, program="autosicher")
    until(desk, "document.title === '(1) Warteschlange – Agenten-Konsole'")
    until(desk, "window.consoleTones.length >= 1")
    assert desk.evaluate("window.consoleTones[0]") == 880
    notes = desk.evaluate("window.consoleNotifications")
    assert notes[0] == {
        "title": "Eine Kundin oder ein Kunde wartet",
        "body": "AutoSicher Versicherung: Wunsch nach einem Menschen",
    }
    # A second customer, already close to the 1-minute target: marked, counted.
    add_handoff(db_url, "b" * 32, program="autosicher", age=timedelta(seconds=45))
    until(desk, "document.title === '(2) Warteschlange – Agenten-Konsole'")
    close_row = desk.locator("#handoffs li.c-target-close")
    close_row.wait_for(timeout=WAIT_MS)
    assert close_row.locator(".c-target").text_content().startswith("nur noch ")
    assert desk.locator("#handoffs li").first.get_attribute("class").count("c-target-close") == 1
    assert desk.get_by_role("status").filter(has_text="2 Kundinnen und Kunden warten").count() == 1
    shot(desk, "queue-alert")

    # Also on other console pages, and the switch in the header turns it off.
    desk.locator(f'#handoffs a[href="/console/handoffs/{first}"]').click()
    until(desk, "document.title.startsWith('(2) Gespräch')")
    toggle = desk.get_by_role("button", name="Ton und Hinweise: an")
    toggle.click()
    assert (
        desk.get_by_role("button", name="Ton und Hinweise: aus").get_attribute("aria-pressed")
        == "false"
    )


def test_a_callback_ticket_from_the_queue_to_the_answer_by_e_mail(
    desk, console_url, db_url, rasa, sink
):
    add_program(
        db_url,
        "autosicher",
        "AutoSicher Versicherung",
        program_email="empfehlung@autosicher.example",
    )
    rasa.tracker(CONV)["events"].extend(
        [
            {"event": "user", "text": "Wo bleibt meine Prämie?", "timestamp": 1764950400.0},
            {
                "event": "bot",
                "text": "Soll sich das Team per E-Mail melden?",
                "timestamp": 1764950401.0,
            },
        ]
    )
    log_in(desk, console_url, db_url)
    ticket_id = add_ticket(db_url, CONV, program="autosicher", referrer_code="ASV-ABC234")
    link = desk.locator(f'#tickets a[href="/console/tickets/{ticket_id}"]')
    link.wait_for(timeout=WAIT_MS)
    row = desk.locator("#tickets li", has=desk.locator(f'a[href="/console/tickets/{ticket_id}"]'))
    assert "er***@example.de" in row.text_content() and EMAIL not in row.text_content()
    assert "Rückruf per E-Mail" in row.text_content()
    shot(desk, "queue-ticket")

    link.click()
    desk.get_by_role("heading", name="Rückruf per E-Mail · AutoSicher Versicherung").wait_for()
    assert desk.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").is_visible()
    assert desk.locator("#t-reply-to").text_content() == "er***@example.de"
    assert desk.get_by_label("Text", exact=True).is_disabled()

    desk.get_by_role("button", name="Mir zuweisen").click()
    desk.locator("#t-reply-to", has_text=EMAIL).wait_for(timeout=WAIT_MS)  # page drawn anew
    assert desk.locator("#t-agent").text_content() == "Anna"
    text = desk.get_by_label("Text", exact=True)
    assert text.input_value().startswith("Guten Tag Frau Muster,")
    text.fill(
        "Guten Tag Frau Muster,\n\nIhre Prämie ist bestellt und kommt in den nächsten Tagen."
        "\n\nMit freundlichen Grüßen\nAnna"
    )
    shot(desk, "ticket-answer")
    desk.get_by_role("button", name="Per E-Mail senden").click()
    desk.get_by_text("Ihre Antwort wurde per E-Mail gesendet.").wait_for(timeout=WAIT_MS)
    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == [EMAIL]
    [mail] = sink.mails()
    assert mail["Subject"].strip().startswith(f"Ihre Anfrage Nr. {ticket_id} ")
    assert "kommt in den nächsten Tagen" in mail.get_content()
    desk.locator("#replies").get_by_text("Gesendet von Anna", exact=False).wait_for()
    assert "beantwortet nach" in desk.locator("#t-target").text_content()

    desk.once("dialog", lambda dialog: dialog.accept())
    desk.get_by_role("button", name="Ticket schließen").click()
    desk.locator("#t-state", has_text="Erledigt").wait_for(timeout=WAIT_MS)
    assert desk.get_by_role("button", name="Mir zuweisen").is_disabled()
    shot(desk, "ticket-closed")
    if desk.viewport_name == "phone":
        desk.get_by_role("link", name="← Warteschlange").click()
    desk.get_by_text("Keine offenen Tickets.").wait_for(timeout=WAIT_MS)


# ---- the inbox -------------------------------------------------------------------------


def box(page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def two_chats(db_url: str, rasa: FakeRasa) -> tuple[int, int]:
    """Two waiting customers of AutoSicher: Frau Muster (verified) and an
    unverified one, each with a line of chat."""
    add_program(
        db_url,
        "autosicher",
        "AutoSicher Versicherung",
        program_email="empfehlung@autosicher.example",
        reward_phrase="eine Geldprämie von 50 €",
        waiting_period_days=60,
    )
    first = add_handoff(
        db_url,
        "a" * 32,
        program="autosicher",
        summary="Wo bleibt meine Prämie?",
        referrer_code="ASV-ABC234",
        age=timedelta(seconds=30),
    )
    second = add_handoff(
        db_url, "b" * 32, program="autosicher", summary="Ich möchte meine Daten löschen lassen."
    )
    rasa.tracker("a" * 32)["events"].append(
        {"event": "user", "text": "Wo bleibt meine Prämie?", "timestamp": 1764950400.0}
    )
    rasa.tracker("b" * 32)["events"].append(
        {"event": "user", "text": "Bitte löschen Sie meine Daten.", "timestamp": 1764950500.0}
    )
    return first, second


def test_the_inbox_shows_queue_conversation_and_customer_side_by_side(
    desktop, console_url, db_url, rasa
):
    first, _second = two_chats(db_url, rasa)
    log_in(desktop, console_url, db_url)
    desktop.goto(f"{console_url}/console/handoffs/{first}")
    desktop.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").wait_for()
    queue, entry, details = (box(desktop, f"#{p}-pane") for p in ("queue", "entry", "details"))
    # Three columns next to each other, all on the screen at once.
    assert queue["x"] + queue["width"] <= entry["x"]
    assert entry["x"] + entry["width"] <= details["x"]
    assert details["x"] + details["width"] <= 1280
    assert max(queue["y"], entry["y"], details["y"]) < 150
    assert desktop.locator("#handoffs").get_by_text("Wo bleibt meine Prämie?").is_visible()
    assert desktop.get_by_role("button", name="Übernehmen").is_visible()
    assert desktop.locator("#details-pane").get_by_text("Frau Erika Muster").is_visible()
    assert desktop.get_by_role("link", name="← Warteschlange").is_hidden()  # phones only
    assert (
        desktop.locator(f'#handoffs a[href="/console/handoffs/{first}"]').get_attribute(
            "aria-current"
        )
        == "true"
    )
    assert no_horizontal_overflow(desktop)
    desktop.screenshot(path=str(SCREENSHOTS / "inbox-desktop.png"))


def test_choosing_another_entry_swaps_it_in_without_a_reload_and_the_address_follows(
    desk, console_url, db_url, rasa
):
    first, second = two_chats(db_url, rasa)
    ticket_id = add_ticket(
        db_url,
        "c" * 32,
        program="autosicher",
        referrer_code="ASV-XYZ789",
        email="kim.wolf@example.de",
    )
    log_in(desk, console_url, db_url)
    desk.goto(f"{console_url}/console/handoffs/{first}")
    desk.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").wait_for()
    desk.evaluate("window.sameDocument = true")  # gone after any page load

    if desk.viewport_name == "phone":
        desk.get_by_role("link", name="← Warteschlange").click()
    desk.locator(f'#handoffs a[href="/console/handoffs/{second}"]').click()
    desk.locator("#transcript").get_by_text("Bitte löschen Sie meine Daten.").wait_for()
    assert desk.url == f"{console_url}/console/handoffs/{second}"
    assert desk.evaluate("window.sameDocument") is True
    assert desk.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").count() == 0
    assert desk.locator("#details-pane").get_by_text("nicht verifiziert").count() == 1
    until(desk, "document.title.endsWith('Gespräch " + str(second) + " – Agenten-Konsole')")

    # The browser's back button opens the first conversation again, still in
    # place (on a phone after the queue, which was a step of its own).
    desk.go_back()
    if desk.viewport_name == "phone":
        until(desk, "location.pathname === '/console'")
        desk.locator("#queue-pane").wait_for()
        assert desk.locator("#entry-pane").is_hidden()
        desk.go_back()
    desk.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").wait_for()
    assert desk.url == f"{console_url}/console/handoffs/{first}"
    assert desk.evaluate("window.sameDocument") is True

    # A ticket opens in the same place; a reload (or a shared link) shows it again.
    if desk.viewport_name == "phone":
        desk.get_by_role("link", name="← Warteschlange").click()
    desk.locator(f'#tickets a[href="/console/tickets/{ticket_id}"]').click()
    desk.get_by_role("heading", name="Rückruf per E-Mail · AutoSicher Versicherung").wait_for()
    assert desk.url == f"{console_url}/console/tickets/{ticket_id}"
    assert desk.evaluate("window.sameDocument") is True
    desk.reload()
    desk.get_by_role("heading", name="Rückruf per E-Mail · AutoSicher Versicherung").wait_for()
    assert desk.evaluate("window.sameDocument === undefined")
    assert no_horizontal_overflow(desk)
    desk.screenshot(path=str(SCREENSHOTS / f"ticket-{desk.viewport_name}.png"), full_page=True)


def test_a_saved_reply_is_inserted_filled_in_edited_and_reaches_the_customer(
    desk, console_url, db_url, rasa
):
    first, _second = two_chats(db_url, rasa)
    log_in(desk, console_url, db_url)
    desk.goto(f"{console_url}/console/handoffs/{first}")
    saved = desk.get_by_role("button", name="Textbaustein einfügen")
    assert saved.is_disabled()  # only once the agent holds the conversation
    desk.get_by_role("button", name="Übernehmen").click()
    reply = desk.get_by_label("Ihre Antwort an die Kundin oder den Kunden")
    until(desk, "!document.getElementById('reply').disabled")

    # "/" at the start of the box opens the list; typing filters, Enter inserts.
    reply.focus()
    desk.keyboard.press("/")
    search = desk.get_by_role("combobox", name="Textbaustein suchen")
    search.wait_for()
    assert search.evaluate("node => node === document.activeElement")
    desk.keyboard.type("Begrüß")
    # The list is filled and filtered asynchronously: wait for the one match.
    until(desk, "document.querySelectorAll('#saved-list [role=option]').length === 1")
    desk.keyboard.press("Enter")
    greeting = (
        "Guten Tag Frau Muster, hier ist Anna vom Service-Team des Empfehlungsprogramms "
        "von AutoSicher Versicherung. Ich habe Ihren bisherigen Chat gelesen und kümmere "
        "mich jetzt um Ihr Anliegen."
    )
    assert reply.input_value() == greeting
    assert search.is_hidden()
    # Inserted, not sent: only the claim went to the customer so far.
    assert len(rasa.calls("tracker/events")) == 1

    # The button opens the same list; a click inserts at the cursor.
    reply.press("End")
    reply.press("Enter")
    saved.click()
    desk.get_by_role("option", name="Ablauf bis zur Prämie").click()
    text = reply.input_value()
    assert text.startswith(greeting + "\n")
    assert "die Wartezeit von 60 Tagen" in text and "erhalten Sie eine Geldprämie von 50 €" in text
    assert "{" not in text
    desk.screenshot(path=str(SCREENSHOTS / f"console-{desk.viewport_name}-saved-reply.png"))

    reply.fill(text + "\nIch sehe mir Ihre Empfehlung gleich an.")
    desk.locator("#reply-form").get_by_role("button", name="Senden").click()
    desk.locator("#transcript .c-msg-agent", has_text="Ich sehe mir Ihre").wait_for(timeout=WAIT_MS)
    sent = rasa.calls("tracker/events")[-1]["json"]
    assert sent == [
        {
            "event": "bot",
            "text": text + "\nIch sehe mir Ihre Empfehlung gleich an.",
            "data": {"custom": {"agent": {"first_name": "Anna"}}},
        }
    ]
    assert reply.input_value() == ""


def test_on_a_phone_one_view_at_a_time_with_a_way_back_and_nothing_wider_than_the_screen(
    phone, console_url, db_url, rasa
):
    first, _second = two_chats(db_url, rasa)
    add_ticket(
        db_url,
        "c" * 32,
        program="autosicher",
        referrer_code="ASV-XYZ789",
        email="kim.wolf@example.de",
    )
    log_in(phone, console_url, db_url)
    phone.locator(f'#handoffs a[href="/console/handoffs/{first}"]').wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.locator("#entry-pane").is_hidden()
    phone.screenshot(path=str(SCREENSHOTS / "inbox-phone.png"), full_page=True)

    phone.locator(f'#handoffs a[href="/console/handoffs/{first}"]').click()
    phone.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").wait_for()
    assert phone.locator("#queue-pane").is_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Übernehmen").click()
    until(phone, "!document.getElementById('reply').disabled")
    # The reply box is on the screen, also with the transcript above it.
    phone.get_by_label("Ihre Antwort an die Kundin oder den Kunden").focus()
    form = box(phone, "#reply-form")
    assert form["y"] >= 0 and form["y"] + form["height"] <= 844 + 1  # sub-pixel rounding
    phone.screenshot(path=str(SCREENSHOTS / "console-phone-conversation.png"))

    phone.get_by_role("button", name="Kundendaten").click()
    phone.locator("#details-pane").get_by_text("Frau Erika Muster").wait_for()
    assert phone.locator("#entry-pane").is_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="← Zurück zum Gespräch").click()
    phone.locator("#transcript").wait_for()

    phone.get_by_role("link", name="← Warteschlange").click()
    phone.locator("#queue-pane").wait_for()
    until(phone, "location.pathname === '/console'")
    assert phone.locator("#entry-pane").is_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
