"""The agent console in a real browser (Debian's headless Chromium through
Playwright, as tests/server/test_widget_browser.py): the tab title counts the
waiting customers, a tone and a browser notification announce a new one, and
a callback ticket is worked from the queue: opened, assigned, answered by
e-mail (into a real SMTP server, ``SmtpSink``) and closed. Desktop and phone
width (390 px); screenshots go to reports/screenshots/console-*.png.

No Rasa server is needed: ``FakeRasa`` serves the conversation's transcript.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

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
from tests.server.test_widget_browser import (
    SCREENSHOTS,
    chromium,  # noqa: F401 (fixture)
)

pytestmark = [
    pytest.mark.db,
    pytest.mark.browser,
    pytest.mark.usefixtures("cheap_password_hashing"),
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
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


@pytest.fixture(params=list(VIEWPORTS))
def desk(request, db_url, rasa, sink):
    clean_database(db_url)
    rasa.reset()
    sink.reset()
    browser = request.getfixturevalue("chromium")  # tests/server/test_widget_browser.py
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="de-DE")
    context.add_init_script(RECORDER)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.viewport_name = request.param
    yield page
    context.close()
    clean_database(db_url)
    assert not errors, errors


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
    close_row = desk.locator("#handoffs tr.c-target-close")
    close_row.wait_for(timeout=WAIT_MS)
    assert close_row.locator(".c-target").text_content().startswith("nur noch ")
    assert desk.locator("#handoffs tr").first.get_attribute("class").count("c-target-close") == 1
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
    row = desk.locator("#tickets tr", has=desk.locator(f'a[href="/console/tickets/{ticket_id}"]'))
    assert "er***@example.de" in row.text_content() and EMAIL not in row.text_content()
    assert "Rückruf per E-Mail" in row.text_content()
    shot(desk, "queue-ticket")

    link.click()
    desk.get_by_role("heading", name="Rückruf per E-Mail · AutoSicher Versicherung").wait_for()
    assert desk.locator("#transcript").get_by_text("Wo bleibt meine Prämie?").is_visible()
    assert desk.locator("#t-reply-to").text_content() == "er***@example.de"
    assert desk.get_by_label("Text").is_disabled()

    desk.get_by_role("button", name="Mir zuweisen").click()
    desk.locator("#t-reply-to", has_text=EMAIL).wait_for(timeout=WAIT_MS)  # page drawn anew
    assert desk.locator("#t-agent").text_content() == "Anna"
    text = desk.get_by_label("Text")
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
    desk.get_by_role("link", name="← Zur Warteschlange").click()
    desk.get_by_text("Keine offenen Tickets.").wait_for(timeout=WAIT_MS)
