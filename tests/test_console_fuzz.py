"""Property-based fuzz of the console over HTTP (hypothesis): whatever body,
headers, path or query a client sends, the answer is never a 5xx, and
strangers never get past the guard.

The real web app runs on the test database with ``FakeRasa`` (so a 502 would
mean the console broke, not that Rasa is down). Routes come from the app's
route table (``console_route_table``). About 100 examples per group keep the
module well under a minute.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.console_support import (
    RASA_TOKEN,
    Browser,
    FakeRasa,
    add_agent,
    add_handoff,
    add_ticket,
    cheap_password_hashing,  # noqa: F401 (fixture)
    clean_database,
    console_route_table,
    login,
)
from tools.servers import running_web_app
from web import auth, console, csrf

pytestmark = [pytest.mark.db, pytest.mark.usefixtures("cheap_password_hashing")]

FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the project
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
SECRET = "fuzz-console-secret-" + "f" * 24
ROUTES = console_route_table()
API_POSTS = [
    path for path, method in ROUTES if method == "POST" and path.startswith("/console/api/")
]
GETS = [path for path, method in ROUTES if method == "GET"]

# ---- strategies --------------------------------------------------------------------------

LONE_SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
HTML = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }}{% raw %}",
        "</textarea><svg onload=alert(1)>",
        "javascript:alert(1)",
    ]
)
HUGE = st.tuples(
    st.sampled_from(["x", "ä", "<b>", "\ud800", "\x00", "\u202e", "🙂"]),
    st.sampled_from([console.MAX_REPLY, console.MAX_REPLY + 1, 4001, 20_000, 70_000]),
).map(lambda pair: pair[0] * pair[1])
TEXT = st.one_of(
    st.text(max_size=50),
    st.text(st.one_of(st.characters(), LONE_SURROGATE), max_size=50),
    HTML,
    HUGE,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=8,
)


def _json(value: object) -> bytes:
    # ensure_ascii writes lone surrogates as \ud800 escapes, as a browser's
    # JSON.stringify does; NaN and Infinity pass as Python writes them.
    return json.dumps(value).encode("ascii")


BODIES = st.one_of(
    st.builds(lambda text: _json({"text": text}), JSON_VALUES),
    JSON_VALUES.map(_json),
    st.binary(max_size=300),
    st.integers(1, 70_000).map(lambda depth: b"[" * depth),  # nesting beyond recursion
    HUGE.map(lambda text: text.encode("utf-8", "surrogatepass")),
)
CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "application/json; charset=latin-1",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
        ]
    ),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40),
)
# Header values as HTTP allows them (visible ASCII and Latin-1, no control
# characters, no leading blank): the requests reach the app, not uvicorn's parser.
HEADER_TEXT = st.one_of(
    st.text(
        st.characters(min_codepoint=0x21, max_codepoint=0xFF, exclude_characters="\x7f"),
        max_size=200,
    ).map(str.lstrip),
    st.sampled_from(["https", "http, https", "198.51.100.7", "unknown, 10.0.0.1", "[::1]:80"]),
)
HEADER_NAMES = st.sampled_from(
    ["X-Forwarded-For", "X-Forwarded-Proto", "X-CSRF-Token", "Origin", "Referer", "X-Real-IP"]
) | st.from_regex(r"\AX-[A-Za-z0-9-]{1,20}\Z")
HEADERS = st.dictionaries(HEADER_NAMES, HEADER_TEXT, max_size=4)
COOKIE_VALUES = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters=';,\\"'),
    max_size=80,
)


def _form(fields: dict[str, str]) -> bytes:
    return urlencode(fields, encoding="utf-8", errors="surrogatepass").encode("ascii")


def _segment(text: str) -> str:
    """Any text as one URL path segment (its UTF-8 bytes percent-encoded)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# ---- the app under fuzz --------------------------------------------------------------------


@dataclass
class Console:
    url: str
    browser: Browser
    handoff_id: int
    ticket_id: int

    def path(self, template: str) -> str:
        """A route's path for the handoff and the ticket of this test."""
        return template.replace("{handoff_id}", str(self.handoff_id)).replace(
            "{ticket_id}", str(self.ticket_id)
        )


@pytest.fixture(scope="module")
def app(db_url: str) -> Iterator[str]:
    with (
        FakeRasa() as rasa,
        running_web_app(
            "http://localhost:5005",
            database_url=db_url,
            rasa_url=rasa.url,
            rasa_token=RASA_TOKEN,
            console_secret=SECRET,
        ) as url,
    ):
        yield url


@pytest.fixture
def console_app(app: str, db_url: str) -> Iterator[Console]:
    clean_database(db_url)
    add_agent(db_url, "anna", "Anna")
    handoff_id = add_handoff(db_url, "f" * 32, claimed_by="anna")
    ticket_id = add_ticket(db_url, "f" * 32, contact_email="kim@example.org")
    browser = login(app, "anna")
    browser.post(f"/console/api/tickets/{ticket_id}/assign", json={})  # anna may answer
    yield Console(app, browser, handoff_id, ticket_id)
    clean_database(db_url)


def _no_server_error(response: requests.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])


# ---- the groups ------------------------------------------------------------------------------


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(["username", "password", "next", "csrf_token", "x"]) | TEXT,
        TEXT,
        max_size=5,
    ),
    signed=st.booleans(),
    raw=st.none() | st.binary(max_size=300),
    content_type=CONTENT_TYPES,
    headers=HEADERS,
)
def test_fuzzed_logins_never_fail_on_the_server(
    console_app, fields, signed, raw, content_type, headers
):
    nonce = "n" * 43
    if signed:  # past the CSRF check, into the login itself
        fields = {**fields, auth.CSRF_FIELD: csrf.login_token(SECRET, nonce, time.time())}
    response = requests.post(
        f"{console_app.url}/console/login",
        data=raw if raw is not None else _form(fields),
        headers={**headers, "Content-Type": content_type, "Cookie": f"{auth.LOGIN_COOKIE}={nonce}"},
        allow_redirects=False,
        timeout=15,
    )
    _no_server_error(response)
    assert response.status_code in (303, 400, 401, 403, 429)
    if response.status_code == 303:  # only the right password logs in
        assert fields.get("password") == "richtig-geheim-1"


@FUZZ
@given(
    path=st.sampled_from(API_POSTS),
    body=BODIES,
    content_type=CONTENT_TYPES,
    headers=HEADERS,
)
def test_fuzzed_api_posts_never_fail_on_the_server(console_app, path, body, content_type, headers):
    response = console_app.browser.http.post(
        console_app.url + console_app.path(path),
        data=body,
        headers={**headers, "Content-Type": content_type, "X-CSRF-Token": console_app.browser.csrf},
        allow_redirects=False,
        timeout=15,
    )
    _no_server_error(response)
    assert response.status_code in (200, 400, 404, 409, 413)
    if response.status_code >= 400:
        assert response.json()["error"]


@FUZZ
@given(
    path=st.sampled_from(GETS),
    segment=TEXT | st.integers().map(str),
    query=st.dictionaries(
        st.sampled_from(["program", "days", "next", "x"]) | TEXT, TEXT, max_size=3
    ),
    headers=HEADERS,
)
def test_fuzzed_pages_and_queries_never_fail_on_the_server(
    console_app, path, segment, query, headers
):
    url = console_app.url + path.replace("{handoff_id}", _segment(segment)).replace(
        "{ticket_id}", _segment(segment)
    )
    response = console_app.browser.http.get(
        url,
        params=urlencode(query, encoding="utf-8", errors="surrogatepass"),
        headers=headers,
        allow_redirects=False,
        timeout=15,
    )
    _no_server_error(response)


@FUZZ
@given(
    route=st.sampled_from(ROUTES),
    session_cookie=COOKIE_VALUES,
    body=BODIES,
    content_type=CONTENT_TYPES,
    headers=HEADERS,
)
def test_fuzzed_strangers_never_get_past_the_guard(
    console_app, route, session_cookie, body, content_type, headers
):
    path, method = route
    response = requests.request(
        method,
        console_app.url + console_app.path(path),
        data=body if method == "POST" else None,
        headers={
            **headers,
            "Content-Type": content_type,
            "Cookie": f"{auth.COOKIE}={session_cookie}",
            "X-CSRF-Token": console_app.browser.csrf,  # a real token, of someone else's session
        },
        allow_redirects=False,
        timeout=15,
    )
    _no_server_error(response)
    if route in console.PUBLIC_ROUTES:
        assert response.status_code in (200, 400, 403)
    else:
        assert response.status_code in (303, 401)
