"""The browser side of the production profile, in Debian's headless Chromium:
our widget on the demo page through nginx, upgraded to a WebSocket through
nginx, and the stock socket.io client (npm socket.io-client, default
transports: polling first, then the upgrade); not a single console error or
warning on the way."""

from __future__ import annotations

from tests.browser_support import chromium_browser  # noqa: F401 (fixture chromium)
from tests.prod.conftest import PROD_MARKS, Profile

pytestmark = PROD_MARKS
REPLY_MS = 90_000


def test_the_widget_through_nginx_chats_over_websocket_without_console_errors(
    chromium, profile: Profile
) -> None:
    context = chromium.new_context(locale="de-DE")
    page = context.new_page()
    problems: list[str] = []
    websockets: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("websocket", lambda ws: websockets.append(ws.url))
    try:
        page.goto(f"{profile.url}/demo/autosicher")
        page.get_by_role("button", name="Chat öffnen").click()
        page.locator(".ec-from-bot .ec-button").first.wait_for(timeout=REPLY_MS)
        for _ in range(100):
            if page.evaluate("window.EmpfehlungsChat.transport()") == "websocket":
                break
            page.wait_for_timeout(100)
        assert page.evaluate("window.EmpfehlungsChat.transport()") == "websocket"
        assert websockets and websockets[0].startswith(profile.url.replace("http://", "ws://"))

        before = page.locator(".ec-from-bot").count()
        page.get_by_role("textbox", name="Ihre Nachricht").fill("Wo bleibt meine Prämie?")
        page.get_by_role("button", name="Nachricht senden").click()
        page.locator(".ec-from-bot").nth(before).wait_for(timeout=REPLY_MS)
        assert page.evaluate("window.EmpfehlungsChat.transport()") == "websocket"
        page.evaluate("window.EmpfehlungsChat.disconnect()")
        page.wait_for_timeout(1000)
    finally:
        context.close()
    assert not problems, problems


STOCK_CLIENT_CHAT = """async (url) => {
    // window.io: the npm socket.io-client the widget loaded, with its defaults.
    const socket = window.io(url);
    const next = (event) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no " + event)), 90000);
        socket.once(event, (data) => { clearTimeout(timer); resolve(data); });
    });
    const confirmed = next("session_confirm");
    socket.emit("session_request", {session_id: null});
    const sessionId = await confirmed;
    const answered = next("bot_uttered");
    socket.emit("user_uttered", {message: "Hallo", session_id: sessionId});
    const answer = await answered;
    const transport = socket.io.engine.transport.name;
    socket.disconnect();
    return {transport, text: answer.text || ""};
}"""


def test_the_stock_socketio_client_with_default_transports_upgrades_and_chats(
    chromium, profile: Profile
) -> None:
    context = chromium.new_context(locale="de-DE")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    try:
        page.goto(f"{profile.url}/demo/autosicher")
        # Opening the chat loads the client library (/static/vendor/socket.io.min.js).
        page.get_by_role("button", name="Chat öffnen").click()
        page.locator(".ec-from-bot .ec-button").first.wait_for(timeout=REPLY_MS)
        result = page.evaluate(STOCK_CLIENT_CHAT, profile.url)
        page.wait_for_timeout(1000)
    finally:
        context.close()
    assert result["text"], result
    assert result["transport"] == "websocket", result
    assert not problems, problems
