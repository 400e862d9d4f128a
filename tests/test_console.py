"""The agent console's pages and its protection: login, throttle, CSRF,
logout, cookies, password hashing, security headers, escaping of customer text.

The real web app runs on the test database; Rasa is a closed port here
(the console must cope), except where a test needs a transcript
(``tests.console_support.FakeRasa``). API moves: tests/test_console_api.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot import agents
from bot.db import session_scope
from bot.models import Agent, AgentSession, HandoffReason
from tests.console_support import (
    PASSWORD,
    PRODUCTION_COST,
    RASA_TOKEN,
    Browser,
    FakeRasa,
    add_agent,
    add_handoff,
    add_program,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    console_route_table,
    cookie_header,
    login,
    login_token,
    set_cookies,
    try_login,
)
from tools.servers import free_port, running_web_app
from web import auth, console, csrf
from web.config import WEB_DIR

pytestmark = [pytest.mark.db, pytest.mark.usefixtures("cheap_password_hashing")]
ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<script>alert('x')</script> und <img src=x onerror=alert(1)> Prämie?"
# The ``base`` app's key for CSRF tokens, so that tests can sign like it does.
SECRET = "test-console-secret-" + "k" * 24


@pytest.fixture(scope="module")
def base(db_url: str) -> Iterator[str]:
    with running_web_app(
        "http://localhost:5005",
        database_url=db_url,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        console_secret=SECRET,
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


ROUTES = console_route_table()
PROTECTED = [r for r in ROUTES if r not in console.PUBLIC_ROUTES]
PROTECTED_POSTS = [r for r in PROTECTED if r[1] == "POST"]


def _concrete(path: str) -> str:
    return path.replace("{handoff_id}", "1")


def test_the_route_table_is_what_the_console_offers():
    assert len(ROUTES) == 22
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


def _stored_nonce(db_url: str, username: str) -> str:
    """The CSRF nonce stored with the agent's only session."""
    with session_scope(db_url) as session:
        return session.scalars(
            select(AgentSession.csrf_token)
            .join(AgentSession.agent)
            .where(Agent.username == username)
        ).one()


FORGERIES = ["none", "falsch", "empty", "stored nonce", "other session", "other secret"]


def _forged_token(kind: str, base: str, db_url: str, browser: Browser) -> str | None:
    """A CSRF token an attacker could come up with for the browser's session."""
    if kind in ("none", "falsch", "empty"):
        return {"none": None, "falsch": "falsch", "empty": ""}[kind]
    if kind == "other session":
        add_agent(db_url, "max", "Max")
        return login(base, "max").csrf
    # Without the server's key the stored nonce is useless.
    nonce = _stored_nonce(db_url, "anna")
    return nonce if kind == "stored nonce" else csrf.session_token("x" * 43, nonce)


def test_the_pages_csrf_token_is_the_sessions_nonce_signed_with_the_key(base, db_url, anna):
    browser = login(base, "anna")
    nonce = _stored_nonce(db_url, "anna")
    assert browser.csrf == csrf.session_token(SECRET, nonce) != nonce


@pytest.mark.parametrize(("path", "method"), PROTECTED_POSTS)
@pytest.mark.parametrize("forgery", FORGERIES)
def test_posts_without_the_right_csrf_token_are_forbidden(
    base, db_url, anna, path, method, forgery
):
    handoff_id = add_handoff(db_url, "b" * 32)
    browser = login(base, "anna")
    token = _forged_token(forgery, base, db_url, browser)
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


def _login_nonce(form: requests.Response) -> str:
    """The login form's cookie value (also when ``Secure`` keeps requests from storing it)."""
    return cookie_header(form, auth.LOGIN_COOKIE).split(";")[0].split("=", 1)[1]


def _post_login(
    url: str, token: str, nonce: str | None, password: str = PASSWORD, **headers: str
) -> requests.Response:
    return requests.post(
        f"{url}/console/login",
        data={"csrf_token": token, "username": "anna", "password": password},
        cookies={} if nonce is None else {auth.LOGIN_COOKIE: nonce},
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )


# ---- cookies ------------------------------------------------------------------------------


def test_secure_cookies_when_configured(db_url, anna):
    with running_web_app("http://localhost:5005", database_url=db_url, secure_cookies=True) as url:
        form = requests.get(f"{url}/console/login", timeout=10)
        # requests keeps Secure cookies for HTTPS: send it by hand over HTTP.
        response = _post_login(url, login_token(form.text), _login_nonce(form))
    assert "; Secure" in set_cookies(form)[0]
    assert response.status_code == 303
    assert [c.split("=")[0] for c in set_cookies(response) if "; Secure" in c] == [
        auth.COOKIE,
        auth.LOGIN_COOKIE,
    ]


def test_cookies_are_secure_when_a_trusted_proxy_says_https(db_url, anna):
    """Behind a TLS-terminating proxy the switch is not needed: its
    ``X-Forwarded-Proto: https`` is enough, from a trusted proxy only."""
    https = {"X-Forwarded-Proto": "https"}
    with running_web_app(
        "http://localhost:5005", database_url=db_url, trusted_proxies=("127.0.0.0/8",)
    ) as url:
        form = requests.get(f"{url}/console/login", headers=https, timeout=10)
        response = _post_login(url, login_token(form.text), _login_nonce(form), **https)
        plain = requests.get(f"{url}/console/login", timeout=10)
    assert "; Secure" in cookie_header(form, auth.LOGIN_COOKIE)
    assert response.status_code == 303
    assert "; Secure" in cookie_header(response, auth.COOKIE)
    assert "; Secure" not in cookie_header(plain, auth.LOGIN_COOKIE)


def test_x_forwarded_proto_from_an_untrusted_peer_does_not_count(base):
    form = requests.get(f"{base}/console/login", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert "; Secure" not in cookie_header(form, auth.LOGIN_COOKIE)


# ---- the login form's CSRF token ----------------------------------------------------------------


def test_the_login_form_needs_a_token_signed_for_its_cookie(base, anna):
    form = requests.get(f"{base}/console/login", timeout=10)
    token, nonce = login_token(form.text), _login_nonce(form)
    assert token != nonce
    # Another site can post the form, but not send our cookie.
    no_cookie = _post_login(base, token, None)
    assert no_cookie.status_code == 403
    assert "Die Anmeldeseite ist abgelaufen." in no_cookie.text
    assert _post_login(base, token, "anderer-wert").status_code == 403
    assert auth.COOKIE not in no_cookie.cookies
    assert _post_login(base, token, nonce).status_code == 303


def test_a_login_token_that_only_matches_a_planted_cookie_is_refused(base, anna):
    """Unsigned double-submit: whoever can plant the cookie (another
    subdomain, plain HTTP) picks the value and posts the same. Refused."""
    planted = "A" * 43
    response = _post_login(base, planted, planted)
    assert response.status_code == 403
    assert auth.COOKIE not in response.cookies


def test_a_login_token_for_another_cookie_or_key_is_refused(base, anna):
    attacker = requests.get(f"{base}/console/login", timeout=10)  # the attacker's own pair
    victim = requests.get(f"{base}/console/login", timeout=10)
    victim_nonce = _login_nonce(victim)
    assert _post_login(base, login_token(attacker.text), victim_nonce).status_code == 403
    other_key = csrf.login_token("x" * 43, victim_nonce, time.time())
    assert _post_login(base, other_key, victim_nonce).status_code == 403
    stale = csrf.login_token(SECRET, victim_nonce, time.time() - console.LOGIN_COOKIE_SECONDS - 5)
    assert _post_login(base, stale, victim_nonce).status_code == 403
    fresh = csrf.login_token(SECRET, victim_nonce, time.time())
    assert _post_login(base, fresh, victim_nonce).status_code == 303


def test_login_input_that_is_not_a_form_is_refused(base, anna):
    browser = requests.Session()
    browser.get(f"{base}/console/login", timeout=10)
    too_big = browser.post(f"{base}/console/login", data={"x": "y" * 5000}, timeout=10)
    assert too_big.status_code == 400
    empty = try_login(base, "anna", "")
    assert empty.status_code == 400
    assert "Bitte geben Sie Benutzername und Passwort ein." in empty.text


# ---- failed logins slow down -------------------------------------------------------------


def test_failed_logins_slow_down_instead_of_locking_out(fresh_app, anna):
    for _ in range(5):
        assert try_login(fresh_app, "anna", "falsch-falsch").status_code == 401
    blocked = try_login(fresh_app, "anna", PASSWORD)  # even the right password
    assert blocked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche." in blocked.text
    assert "Bitte versuchen Sie es in 1 Sekunde noch einmal." in blocked.text
    assert blocked.headers["Retry-After"] == "1"
    assert auth.COOKIE not in blocked.cookies
    time.sleep(1.1)
    assert try_login(fresh_app, "anna", PASSWORD).status_code == 303


def test_four_failures_do_not_slow_down(fresh_app, anna):
    for _ in range(4):
        try_login(fresh_app, "anna", "falsch-falsch")
    assert try_login(fresh_app, "anna", PASSWORD).status_code == 303


def test_failures_from_one_address_slow_down_every_user_name(fresh_app, anna):
    for number in range(5):
        assert try_login(fresh_app, f"rate-{number}", "falsch-falsch").status_code == 401
    assert try_login(fresh_app, "anna", PASSWORD).status_code == 429


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(fresh_app, anna):
    """Without trusted proxies, a new address per request in the header does
    not escape the count for the real address."""
    for number in range(5):
        spoofed = {"X-Forwarded-For": f"198.51.100.{number}"}
        response = try_login(fresh_app, f"rate-{number}", "falsch-falsch", headers=spoofed)
        assert response.status_code == 401
    fresh = {"X-Forwarded-For": "198.51.100.99"}
    assert try_login(fresh_app, "anna", PASSWORD, headers=fresh).status_code == 429


def test_x_forwarded_for_counts_behind_a_trusted_proxy(db_url, anna):
    with running_web_app(
        "http://localhost:5005", database_url=db_url, trusted_proxies=("127.0.0.1",)
    ) as url:
        attacker = {"X-Forwarded-For": "203.0.113.7"}
        for number in range(5):
            response = try_login(url, f"rate-{number}", "falsch-falsch", headers=attacker)
            assert response.status_code == 401
        assert try_login(url, "rate-9", "falsch-falsch", headers=attacker).status_code == 429
        agent = {"X-Forwarded-For": "203.0.113.8"}
        assert try_login(url, "anna", PASSWORD, headers=agent).status_code == 303


# ---- password hashes --------------------------------------------------------------------


def test_a_login_with_an_old_hash_stores_one_at_owasps_parameters(base, db_url, anna, monkeypatch):
    monkeypatch.setattr(agents, "PASSWORD_COST", PRODUCTION_COST)
    legacy = agents.ScryptCost(n=2**14, r=8, p=1)  # the console's first parameters

    def stored() -> str:
        with session_scope(db_url) as session:
            return session.get(Agent, anna).password_hash

    with session_scope(db_url) as session:
        session.get(Agent, anna).password_hash = agents.hash_password(PASSWORD, legacy)
    assert stored().startswith("scrypt$16384$8$1$")
    assert try_login(base, "anna", "falsch-falsch").status_code == 401
    assert stored().startswith("scrypt$16384$8$1$")  # only the right password rehashes
    assert try_login(base, "anna").status_code == 303
    assert stored().startswith("scrypt$131072$8$1$")
    assert try_login(base, "anna").status_code == 303


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
    """A customer without verification typed the address: the queue shows it
    masked, marked as not confirmed, in the page and in the live queue (in
    full only to the agent who works the ticket: tests/test_console_tickets.py)."""
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
    assert "ki***@example.org (nicht bestätigt)" in page.text
    [ticket] = browser.get("/console/api/queue").json()["tickets"]
    assert ticket["reply_to"] == "ki***@example.org" and ticket["reply_unconfirmed"] is True


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
    assert f'data-kind="handoff" data-id="{handoff_id}"' in page.text
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


def test_a_deep_link_opens_the_inbox_with_that_entry_selected(base, db_url, anna):
    add_program(db_url, "autosicher", "AutoSicher Versicherung")
    first = add_handoff(db_url, "a" * 32, program="autosicher", referrer_code="ASV-ABC234")
    second = add_handoff(db_url, "b" * 32, program="autosicher", summary="Bitte Daten löschen.")
    browser = login(base, "anna")
    inbox = browser.get("/console").text
    assert 'data-page="inbox"' in inbox and 'data-view="queue"' in inbox
    assert "Wählen Sie in der Warteschlange ein Gespräch oder ein Ticket aus." in inbox
    assert 'aria-current="true"' not in inbox

    page = browser.get(f"/console/handoffs/{second}").text
    assert 'data-view="entry"' in page
    # The whole queue, the chosen entry marked, the entry and its customer.
    assert f'href="/console/handoffs/{first}">' in page
    assert f'href="/console/handoffs/{second}" aria-current="true">' in page
    assert f'data-kind="handoff" data-id="{second}"' in page
    assert "<title>(2) Gespräch " + str(second) + " – Agenten-Konsole</title>" in page
    assert 'id="details-pane"' in page and "nicht verifiziert" in page
    assert f'data-saved-url="/console/api/handoffs/{second}/saved-replies"' in page


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


def test_two_login_tabs_both_work(base, anna):
    browser = requests.Session()
    first = browser.get(f"{base}/console/login", timeout=10)
    second = browser.get(f"{base}/console/login", timeout=10)
    assert _login_nonce(first) == _login_nonce(second)  # one cookie for both tabs
    response = browser.post(
        f"{base}/console/login",
        data={"csrf_token": login_token(first.text), "username": "anna", "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 303
