"""The agent console's pages and its protection: login, throttle, CSRF,
logout, security headers, escaping of customer text.

The real web app runs on the test database; Rasa is a closed port here
(the console must cope), except where a test needs a transcript
(``tests.console_support.FakeRasa``). API moves: tests/test_console_api.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.models import HandoffReason
from tests.console_support import (
    PASSWORD,
    RASA_TOKEN,
    FakeRasa,
    add_agent,
    add_handoff,
    add_program,
    clean_database,
    login,
    login_token,
    try_login,
)
from tools.servers import free_port, running_web_app
from web import auth, console
from web.config import WEB_DIR

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<script>alert('x')</script> und <img src=x onerror=alert(1)> Prämie?"


@pytest.fixture(scope="module")
def base(db_url: str) -> Iterator[str]:
    with running_web_app(
        "http://localhost:5005", database_url=db_url, rasa_url=f"http://127.0.0.1:{free_port()}"
    ) as url:
        yield url


@pytest.fixture
def fresh_app(db_url: str) -> Iterator[str]:
    """An app of its own (its own login throttle)."""
    with running_web_app(
        "http://localhost:5005", database_url=db_url, rasa_url=f"http://127.0.0.1:{free_port()}"
    ) as url:
        yield url


@pytest.fixture(autouse=True)
def clean(db_url: str) -> Iterator[None]:
    clean_database(db_url)
    yield
    clean_database(db_url)


@pytest.fixture
def anna(db_url: str) -> int:
    return add_agent(db_url, "anna", "Anna")


# ---- every route but the login refuses strangers -----------------------------------


def _route_table() -> list[tuple[str, str]]:
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    table = []
    for route in console.routes(templates):
        assert isinstance(route, Route)
        for method in sorted(route.methods - {"HEAD"}):
            table.append((route.path, method))
    return table


ROUTES = _route_table()
PROTECTED = [r for r in ROUTES if r not in console.PUBLIC_ROUTES]
PROTECTED_POSTS = [r for r in PROTECTED if r[1] == "POST"]


def _concrete(path: str) -> str:
    return path.replace("{handoff_id}", "1")


def test_the_route_table_is_what_the_console_offers():
    assert len(ROUTES) == 13
    assert set(ROUTES) >= console.PUBLIC_ROUTES
    assert ("/console/api/handoffs/{handoff_id}/claim", "POST") in PROTECTED_POSTS


@pytest.mark.parametrize(("path", "method"), PROTECTED)
def test_every_protected_route_refuses_without_login(base, db_url, path, method):
    handoff_id = add_handoff(db_url, "a" * 32)
    url = base + _concrete(path).replace("/1", f"/{handoff_id}")
    response = requests.request(method, url, allow_redirects=False, json={}, timeout=10)
    if path.startswith("/console/api/"):
        assert response.status_code == 401
        assert response.json() == {"error": "Bitte melden Sie sich an."}
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=%2Fconsole")
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("path", "method"), PROTECTED)
def test_a_forged_cookie_is_no_login(base, path, method):
    response = requests.request(
        method,
        base + _concrete(path),
        cookies={auth.COOKIE: "erfunden-" + "x" * 40},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code in (303, 401)


@pytest.mark.parametrize(("path", "method"), PROTECTED_POSTS)
@pytest.mark.parametrize("token", [None, "falsch", ""])
def test_posts_without_the_right_csrf_token_are_forbidden(base, db_url, anna, path, method, token):
    handoff_id = add_handoff(db_url, "b" * 32)
    browser = login(base, "anna")
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = browser.http.post(
        base + path.replace("{handoff_id}", str(handoff_id)),
        json={"text": "Hallo"},
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 403
    if path.startswith("/console/api/"):
        assert "Sicherheitsprüfung" in response.json()["error"]
    # Nothing happened: still logged in, still waiting.
    assert browser.get("/console/api/queue").json()["handoffs"][0]["status"] == "waiting"


def test_a_form_post_may_carry_the_token_as_a_field(base, anna):
    browser = login(base, "anna")
    wrong = browser.http.post(
        f"{base}/console/logout", data={"csrf_token": "falsch"}, allow_redirects=False, timeout=10
    )
    assert wrong.status_code == 403
    right = browser.http.post(
        f"{base}/console/logout", data={"csrf_token": browser.csrf}, allow_redirects=False
    )
    assert right.status_code == 303 and right.headers["location"] == "/console/login"


# ---- login ------------------------------------------------------------------------------


def test_login_with_the_wrong_password_fails(base, anna):
    response = try_login(base, "anna", "falsches-passwort")
    assert response.status_code == 401
    assert "Benutzername oder Passwort ist falsch." in response.text
    assert auth.COOKIE not in response.cookies
    unknown = try_login(base, "niemand", PASSWORD)
    assert unknown.status_code == 401
    assert "Benutzername oder Passwort ist falsch." in unknown.text


def test_login_with_the_right_password_opens_the_console(base, anna):
    browser = requests.Session()
    response = try_login(base, "Anna ", PASSWORD, browser)  # user names ignore case and blanks
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    cookie = next(c for c in set_cookies(response) if c.startswith(f"{auth.COOKIE}="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie
    page = browser.get(f"{base}/console", timeout=10)
    assert page.status_code == 200
    assert "Angemeldet als <strong>Anna</strong> (anna)" in page.text
    # Logged in, the login page sends you on.
    again = browser.get(f"{base}/console/login", allow_redirects=False, timeout=10)
    assert again.status_code == 303 and again.headers["location"] == "/console"


def test_the_metrics_page(base, db_url, anna):
    """The report's figures are tested in tests/db/test_metrics.py; here the
    page: reachable from the header, German, no inline styles (CSP), and a
    bad period is a 400 with a message."""
    program = add_program(db_url, "autosicher", "AutoSicher")
    assert program
    add_handoff(db_url, "b" * 32, program="autosicher", reason=HandoffReason.COMPLAINT)
    browser = login(base, "anna")
    queue = browser.get("/console")
    assert 'href="/console/metrics"' in queue.text
    page = browser.get("/console/metrics")
    assert page.status_code == 200
    assert "<h1>Kennzahlen</h1>" in page.text
    assert "letzte 30 Tage" in page.text
    assert "Gründe für Übergaben" in page.text and "Beschwerde" in page.text
    assert "style=" not in page.text and "<style" not in page.text
    week = browser.get("/console/metrics?days=7")
    assert week.status_code == 200 and "letzte 7 Tage" in week.text
    assert 'aria-current="page">7 Tage' in week.text
    for bad in ("0", "366", "abc", "-1", "7.5"):
        refused = browser.get(f"/console/metrics?days={bad}")
        assert refused.status_code == 400, bad
        assert "zwischen 1 und 365 Tagen" in refused.text


def set_cookies(response: requests.Response) -> list[str]:
    return response.raw.headers.getlist("Set-Cookie")


def test_secure_cookies_when_configured(db_url, anna):
    with running_web_app("http://localhost:5005", database_url=db_url, secure_cookies=True) as url:
        form = requests.get(f"{url}/console/login", timeout=10)
        token = login_token(form.text)
        # requests keeps Secure cookies for HTTPS: send it by hand over HTTP.
        response = requests.post(
            f"{url}/console/login",
            data={"csrf_token": token, "username": "anna", "password": PASSWORD},
            cookies={auth.LOGIN_COOKIE: token},
            allow_redirects=False,
            timeout=10,
        )
    assert "; Secure" in set_cookies(form)[0]
    assert response.status_code == 303
    assert [c.split("=")[0] for c in set_cookies(response) if "; Secure" in c] == [
        auth.COOKIE,
        auth.LOGIN_COOKIE,
    ]


@pytest.mark.parametrize(
    ("next_url", "target"),
    [
        ("/console/handoffs/7?x=1", "/console/handoffs/7?x=1"),
        ("https://evil.example/console", "/console"),
        ("//evil.example/console", "/console"),
        ("/consolex", "/console"),
        ("/demo/autosicher", "/console"),
        ("/console/\\evil", "/console"),
    ],
)
def test_after_the_login_only_console_paths(base, anna, next_url, target):
    browser = requests.Session()
    form = browser.get(f"{base}/console/login", params={"next": next_url}, timeout=10)
    assert f'name="next" value="{auth.safe_next(next_url)}"' in form.text.replace("&amp;", "&")
    response = browser.post(
        f"{base}/console/login",
        data={
            "csrf_token": login_token(form.text),
            "username": "anna",
            "password": PASSWORD,
            "next": next_url,
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 303
    assert response.headers["location"] == target


def test_the_login_form_needs_its_double_submit_cookie(base, anna):
    form = requests.get(f"{base}/console/login", timeout=10)
    token = login_token(form.text)
    data = {"csrf_token": token, "username": "anna", "password": PASSWORD}
    # Another site can post the form, but not set our cookie.
    no_cookie = requests.post(f"{base}/console/login", data=data, allow_redirects=False)
    assert no_cookie.status_code == 403
    assert "Die Anmeldeseite ist abgelaufen." in no_cookie.text
    other = requests.post(
        f"{base}/console/login",
        data=data,
        cookies={auth.LOGIN_COOKIE: "anderer-wert"},
        allow_redirects=False,
        timeout=10,
    )
    assert other.status_code == 403
    assert auth.COOKIE not in other.cookies


def test_login_input_that_is_not_a_form_is_refused(base, anna):
    browser = requests.Session()
    browser.get(f"{base}/console/login", timeout=10)
    too_big = browser.post(f"{base}/console/login", data={"x": "y" * 5000}, timeout=10)
    assert too_big.status_code == 400
    empty = try_login(base, "anna", "")
    assert empty.status_code == 400
    assert "Bitte geben Sie Benutzername und Passwort ein." in empty.text


def test_five_failures_per_user_name_block_the_login(fresh_app, db_url, anna):
    for _ in range(5):
        assert try_login(fresh_app, "anna", "falsch-falsch").status_code == 401
    blocked = try_login(fresh_app, "anna", PASSWORD)  # even the right password
    assert blocked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in blocked.text
    assert "in 10 Minuten noch einmal" in blocked.text
    assert 590 <= int(blocked.headers["Retry-After"]) <= 600
    assert auth.COOKIE not in blocked.cookies


def test_five_failures_from_one_address_block_every_user(fresh_app, db_url, anna):
    for number in range(5):
        assert try_login(fresh_app, f"rate-{number}", "falsch-falsch").status_code == 401
    assert try_login(fresh_app, "anna", PASSWORD).status_code == 429


def test_four_failures_do_not_block(fresh_app, db_url, anna):
    for _ in range(4):
        try_login(fresh_app, "anna", "falsch-falsch")
    assert try_login(fresh_app, "anna", PASSWORD).status_code == 303


def test_the_throttle_forgets_after_ten_minutes():
    now = [1000.0]
    throttle = auth.LoginThrottle(clock=lambda: now[0])
    for _ in range(5):
        throttle.failed("anna", "10.0.0.1")
    assert throttle.blocked("anna", "10.0.0.2") == 600
    assert throttle.blocked("max", "10.0.0.1") == 600
    assert throttle.blocked("max", "10.0.0.2") == 0
    now[0] += 599
    assert throttle.blocked("ANNA", "10.0.0.2") == 1
    now[0] += 1
    assert throttle.blocked("anna", "10.0.0.1") == 0
    throttle.failed("anna", "10.0.0.1")
    throttle.succeeded("anna")
    assert throttle.blocked("anna", "10.0.0.3") == 0


def test_a_deactivated_agent_loses_the_session(base, db_url, anna):
    from bot.db import session_scope
    from bot.models import Agent

    browser = login(base, "anna")
    with session_scope(db_url) as session:
        session.get(Agent, anna).active = False
    assert browser.get("/console/api/queue").status_code == 401
    assert try_login(base, "anna").status_code == 401


# ---- logout -----------------------------------------------------------------------------


def test_logout_ends_the_session(base, db_url, anna):
    from bot.db import session_scope
    from bot.models import Agent

    browser = login(base, "anna")
    old_cookie = browser.http.cookies.get(auth.COOKIE, path="/console")
    assert browser.get("/console/api/queue").json()["agents_online"] == 1
    response = browser.http.post(
        f"{base}/console/logout", data={"csrf_token": browser.csrf}, allow_redirects=False
    )
    assert response.status_code == 303
    assert f'{auth.COOKIE}=""' in response.headers["set-cookie"]
    stale = requests.get(f"{base}/console/api/queue", cookies={auth.COOKIE: old_cookie}, timeout=10)
    assert stale.status_code == 401
    with session_scope(db_url) as session:
        assert session.get(Agent, anna).last_seen_at is None  # offline


# ---- pages --------------------------------------------------------------------------------


def test_queue_page_lists_handoffs_tickets_and_agents(base, db_url, anna):
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    add_handoff(db_url, "c" * 32, program="autosicher", summary=HOSTILE)
    browser = login(base, "anna")
    page = browser.get("/console")
    assert page.status_code == 200
    assert "AutoSicher Versicherung" in page.text
    assert "Wunsch nach einem Menschen" in page.text
    assert "seit weniger als 1 Min." in page.text
    assert 'Online im Service-Team: <strong id="agents-online">1</strong>' in page.text
    assert '<option value="autosicher">AutoSicher Versicherung</option>' in page.text
    assert "Keine offenen Tickets." in page.text
    # Customer text is text, never markup.
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    api = browser.get("/console/api/queue").json()
    assert api["handoffs"][0]["summary"] == HOSTILE


def test_a_callback_ticket_shows_where_to_reply_and_that_it_is_unconfirmed(base, db_url, anna):
    """A customer without verification typed the address: the agent sees it,
    marked as not confirmed, in the page and in the live queue."""
    from bot.db import session_scope
    from bot.handoff import callback_ticket

    program_id = add_program(db_url, "rueckruf-test", "Rückruf Test AG")
    with session_scope(db_url) as session:
        callback_ticket(
            session,
            conversation_id="d" * 32,
            program_id=program_id,
            referrer_id=None,
            details="Nicht verifiziert",
            contact_email="kim.berger@example.org",
        )
    browser = login(base, "anna")
    page = browser.get("/console")
    assert "kim.berger@example.org (nicht bestätigt)" in page.text
    [ticket] = browser.get("/console/api/queue").json()["tickets"]
    assert ticket["reply_to"] == "kim.berger@example.org" and ticket["reply_unconfirmed"] is True


def test_console_responses_carry_the_security_headers(base, anna):
    browser = login(base, "anna")
    for response in (
        browser.get("/console"),
        browser.get("/console/api/queue"),
        requests.get(f"{base}/console/login", timeout=10),
        requests.get(f"{base}/console", allow_redirects=False, timeout=10),
    ):
        headers = response.headers
        assert headers["Content-Security-Policy"].startswith(
            "default-src 'self'; script-src 'self';"
        )
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_conversation_page_without_rasa_still_renders(base, db_url, anna):
    add_program(db_url, "funknetz", "FunkNetz Mobilfunk")
    handoff_id = add_handoff(
        db_url,
        "d" * 32,
        program="funknetz",
        summary=HOSTILE,
        reason=HandoffReason.OVERDUE_REWARD,
        referrer_code="FNM-ABC234",
    )
    browser = login(base, "anna")
    page = browser.get(f"/console/handoffs/{handoff_id}")
    assert page.status_code == 200
    assert "Der Gesprächsverlauf kann gerade nicht geladen werden" in page.text
    assert "FunkNetz Mobilfunk · Prämie überfällig" in page.text
    assert "Frau Erika Muster" in page.text
    assert "erika.muster@example.de" in page.text and "FNM-ABC234" in page.text
    assert "Keine Empfehlungen." in page.text
    assert "<img src=x" not in page.text
    assert f'data-handoff="{handoff_id}"' in page.text
    transcript = browser.get(f"/console/api/handoffs/{handoff_id}/transcript")
    assert transcript.status_code == 502
    assert "nicht erreichbar" in transcript.json()["error"]


def test_conversation_page_of_an_unverified_customer(base, db_url, anna):
    handoff_id = add_handoff(db_url, "e" * 32)
    page = login(base, "anna").get(f"/console/handoffs/{handoff_id}")
    assert "nicht verifiziert" in page.text
    assert "Ohne Programm · Wunsch nach einem Menschen" in page.text


def test_conversation_page_shows_the_referrals(base, db_url, anna):
    from datetime import date

    from bot.db import session_scope
    from bot.models import Program, ReferralStatus, Referrer
    from tests.factories import make_referral

    add_program(db_url, "sonnenstrom", "SonnenStrom Energie")
    handoff_id = add_handoff(db_url, "f" * 32, program="sonnenstrom", referrer_code="SSE-XYZ789")
    with session_scope(db_url) as session:
        referrer = session.query(Referrer).one()
        assert session.query(Program).one().slug == "sonnenstrom"
        make_referral(
            session,
            referrer,
            ReferralStatus.REWARD_SENT,
            date(2026, 3, 2),
            signed_on=date(2026, 3, 10),
            qualified_on=date(2026, 5, 1),
            reward={"sent_on": date(2026, 5, 20), "resend_count": 2, "value_cents": 7500},
        )
    page = login(base, "anna").get(f"/console/handoffs/{handoff_id}")
    assert "Empfehlungen (1)" in page.text
    assert "<strong>Max M.</strong>" in page.text  # the friend, masked
    assert "Prämie versendet" in page.text
    assert "Empfohlen am 2. März 2026" in page.text
    assert "Prämie: Gutschein, 75 € · bestellt – · versendet 20. Mai 2026" in page.text
    assert "erneut gesendet: 2×" in page.text


def test_unknown_handoffs_are_404(base, anna):
    browser = login(base, "anna")
    for path in (
        "/console/handoffs/999999",
        "/console/handoffs/abc",
        "/console/handoffs/" + "9" * 40,
    ):
        page = browser.get(path)
        assert page.status_code == 404
    assert "Dieses Gespräch gibt es nicht." in browser.get("/console/handoffs/999999").text


def test_transcript_is_escaped_in_the_page_and_plain_in_the_api(db_url, anna):
    with (
        FakeRasa() as rasa,
        running_web_app(
            "http://localhost:5005", database_url=db_url, rasa_url=rasa.url, rasa_token=RASA_TOKEN
        ) as url,
    ):
        handoff_id = add_handoff(db_url, "g" * 32)
        rasa.tracker("g" * 32)["events"] = [
            {"event": "user", "text": "/greet", "timestamp": 1764500000.0},
            {"event": "user", "text": HOSTILE, "timestamp": 1764500001.0},
        ]
        browser = login(url, "anna")
        page = browser.get(f"/console/handoffs/{handoff_id}")
        api = browser.get(f"/console/api/handoffs/{handoff_id}/transcript").json()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text
    assert 'id="transcript-notice" class="c-notice" role="status" hidden' in page.text
    assert api == [
        {
            "from": "customer",
            "name": "Kundin/Kunde",
            "text": HOSTILE,
            "time": "2025-11-30T11:53:21+01:00",
        }
    ]


# ---- no script in the markup, no HTML from the script ------------------------------------------


def test_console_templates_have_no_inline_script_or_handlers():
    for template in (WEB_DIR / "templates").glob("console_*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), template.name
        assert not re.search(r"\son[a-z]+\s*=", source), template.name
        assert "|safe" not in source and "Markup(" not in source, template.name


def test_the_console_script_never_writes_html():
    source = (WEB_DIR / "static" / "console" / "console.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source
    assert "textContent" in source


def test_console_assets_are_served(base):
    for path in ("/static/console/console.js", "/static/console/console.css"):
        assert requests.get(base + path, timeout=10).status_code == 200


def test_two_login_tabs_share_one_token(base, anna):
    browser = requests.Session()
    first = browser.get(f"{base}/console/login", timeout=10)
    second = browser.get(f"{base}/console/login", timeout=10)
    assert login_token(first.text) == login_token(second.text)
    response = browser.post(
        f"{base}/console/login",
        data={"csrf_token": login_token(first.text), "username": "anna", "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 303
