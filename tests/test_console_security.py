"""The console's security building blocks without a server: password hashing
at OWASP's scrypt parameters, signed CSRF tokens, the login throttle's
backoff, and who sent a request (trusted proxies). Over HTTP:
tests/test_console.py."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from starlette.requests import Request

from bot import agents
from bot.secrets import MissingSecret
from web import csrf
from web.config import Settings
from web.login_throttle import PER_ADDRESS, PER_USER, LoginThrottle, address_key, wait_text
from web.proxies import came_over_https, client_address, parse_trusted

# ---- password hashes ----------------------------------------------------------------


def test_passwords_are_hashed_at_owasps_scrypt_parameters():
    assert (agents.PASSWORD_COST.n, agents.PASSWORD_COST.r, agents.PASSWORD_COST.p) == (2**17, 8, 1)
    stored = agents.hash_password("richtig-geheim")
    assert stored.startswith("scrypt$131072$8$1$")
    assert agents.check_password("richtig-geheim", stored)
    assert not agents.needs_rehash(stored)


def test_older_parameters_are_still_accepted_but_need_a_rehash():
    legacy = agents.hash_password("richtig-geheim", agents.ScryptCost(n=2**14, r=8, p=1))
    assert legacy.startswith("scrypt$16384$8$1$")
    assert agents.check_password("richtig-geheim", legacy)
    assert not agents.check_password("Richtig-geheim", legacy)
    assert agents.needs_rehash(legacy)


def test_a_stored_hash_cannot_ask_for_unbounded_memory():
    started = time.monotonic()
    for bomb in ("scrypt$1073741824$8$1$AAAA$AAAA", "scrypt$131072$1024$1$AAAA$AAAA"):
        assert not agents.check_password("richtig-geheim", bomb)
        assert agents.needs_rehash(bomb)
    assert time.monotonic() - started < 0.5


# ---- signed CSRF tokens -----------------------------------------------------------


def test_a_session_token_is_bound_to_its_key_and_nonce():
    token = csrf.session_token("key-one-" + "x" * 16, "nonce-a")
    assert token == csrf.session_token("key-one-" + "x" * 16, "nonce-a")
    assert token != csrf.session_token("key-two-" + "x" * 16, "nonce-a")
    assert token != csrf.session_token("key-one-" + "x" * 16, "nonce-b")
    assert "nonce-a" not in token


def test_a_login_token_is_bound_to_its_nonce_and_expires():
    key, now = "k" * 43, 1_800_000_000.0
    token = csrf.login_token(key, "nonce-a", now)
    assert csrf.login_token_valid(key, "nonce-a", token, now + 3599, 3600)
    assert not csrf.login_token_valid(key, "nonce-a", token, now + 3601, 3600)
    assert not csrf.login_token_valid(key, "nonce-b", token, now, 3600)
    assert not csrf.login_token_valid("j" * 43, "nonce-a", token, now, 3600)
    # The signature covers the time: a younger date does not pass.
    issued, mac = token.split(".")
    assert not csrf.login_token_valid(key, "nonce-a", f"{int(issued) + 3000}.{mac}", now, 3600)
    # Unsigned double-submit: the cookie's own value is no token.
    assert not csrf.login_token_valid(key, "nonce-a", "nonce-a", now, 3600)
    for junk in ("", ".", "x.y", "١٢٣.abc", "9" * 40 + ".abc", "\ud800.x", None):
        assert not csrf.login_token_valid(key, "nonce-a", junk, now, 3600)
    assert not csrf.login_token_valid(key, None, token, now, 3600)


def test_a_session_token_is_not_a_login_token():
    key, now = "k" * 43, 1_800_000_000.0
    issued = str(int(now))
    borrowed = csrf.sign(key, csrf.SESSION, "nonce-a", issued)
    assert not csrf.login_token_valid(key, "nonce-a", f"{issued}.{borrowed}", now, 3600)


def test_the_key_comes_from_the_environment_or_its_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSOLE_SECRET", "aus-der-umgebung-" + "x" * 16)
    assert csrf.secret_from_env() == "aus-der-umgebung-" + "x" * 16
    monkeypatch.delenv("CONSOLE_SECRET")
    path = tmp_path / "console-secret"
    path.write_text("aus-der-datei-" + "y" * 16 + "\n", encoding="utf-8")
    monkeypatch.setenv("CONSOLE_SECRET_FILE", str(path))
    assert csrf.secret_from_env() == "aus-der-datei-" + "y" * 16
    path.write_text("changeme\n", encoding="utf-8")
    with pytest.raises(MissingSecret):
        csrf.secret_from_env()
    monkeypatch.setenv("CONSOLE_SECRET_FILE", str(tmp_path / "missing"))
    first, second = csrf.secret_from_env(), csrf.secret_from_env()
    assert first != second and len(first) >= 32  # random per process


# ---- login throttle -------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_doubles_after_five_failures_up_to_a_cap():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    waits = []
    for _ in range(16):
        waits.append(throttle.wait("anna", "10.0.0.1"))
        clock.now += waits[-1]
        throttle.failed("anna", "10.0.0.1")
    assert waits[:8] == [0, 0, 0, 0, 0, 1, 2, 4]
    assert max(waits) == PER_ADDRESS.cap == 900
    assert throttle.wait("anna", "10.0.0.1") == 900


def test_an_attacker_cannot_lock_the_agent_out_for_long():
    """However long someone guesses anna's password from one address, anna
    from her own address waits at most the per-user cap; the attacker waits
    the per-address cap."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(100):
        clock.now += throttle.wait("anna", "203.0.113.7")
        throttle.failed("anna", "203.0.113.7")
    assert throttle.wait("anna", "198.51.100.2") == PER_USER.cap == 120
    assert throttle.wait("max", "203.0.113.7") == PER_ADDRESS.cap
    assert throttle.wait("max", "198.51.100.2") == 0
    clock.now += 120
    assert throttle.wait("Anna ", "198.51.100.2") == 0  # user names ignore case and blanks


def test_the_throttle_forgets_after_a_quiet_hour_and_a_login_clears_the_user():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(8):
        throttle.failed("anna", "10.0.0.1")
    assert throttle.wait("anna", "10.0.0.2") == 8
    throttle.succeeded("anna")
    assert throttle.wait("anna", "10.0.0.2") == 0
    assert throttle.wait("max", "10.0.0.1") == 8  # the address still counts
    clock.now += 3601
    assert throttle.wait("max", "10.0.0.1") == 0


def test_ipv6_clients_count_per_64_network():
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:192.0.2.1") == address_key("192.0.2.1")
    assert address_key("unbekannt") == "addr:unbekannt"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "1 Sekunde"),
        (1, "1 Sekunde"),
        (45, "45 Sekunden"),
        (60, "1 Minute"),
        (61, "2 Minuten"),
        (900, "15 Minuten"),
    ],
)
def test_the_wait_in_german(seconds, text):
    assert wait_text(seconds) == text


# ---- who sent the request -------------------------------------------------------------------


def _request(
    peer: str | None, headers: dict[str, str] | None = None, trusted: str = "", scheme="http"
) -> Request:
    settings = Settings(trusted_proxies=parse_trusted(trusted))
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": scheme,
            "path": "/console/login",
            "query_string": b"",
            "server": ("127.0.0.1", 8080),
            "client": (peer, 51000) if peer else None,
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "app": SimpleNamespace(state=SimpleNamespace(settings=settings)),
        }
    )


def test_the_client_is_the_peer_unless_it_is_a_trusted_proxy():
    spoofed = {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https"}
    assert client_address(_request("127.0.0.1", spoofed)) == "127.0.0.1"
    assert not came_over_https(_request("127.0.0.1", spoofed))
    assert client_address(_request("127.0.0.1", spoofed, trusted="127.0.0.1")) == "198.51.100.1"
    assert came_over_https(_request("127.0.0.1", spoofed, trusted="127.0.0.1"))
    assert client_address(_request("192.0.2.9", spoofed, trusted="127.0.0.1")) == "192.0.2.9"
    assert client_address(_request(None)) == "unbekannt"
    assert came_over_https(_request("192.0.2.9", scheme="https"))


def test_forwarded_hops_are_read_from_the_right_past_trusted_proxies():
    chain = {"X-Forwarded-For": "6.6.6.6, 198.51.100.1, 10.1.2.3"}
    trusted = "127.0.0.1, 10.0.0.0/8"
    # The client may write anything on the left; the hop our proxies saw counts.
    assert client_address(_request("127.0.0.1", chain, trusted=trusted)) == "198.51.100.1"
    junk = {"X-Forwarded-For": "198.51.100.1, <script>, 10.1.2.3"}
    assert client_address(_request("127.0.0.1", junk, trusted=trusted)) == "10.1.2.3"
    ported = {"X-Forwarded-For": "[2001:db8::7]:443"}
    assert client_address(_request("::1", ported, trusted="::1")) == "2001:db8::7"
    # Only 127.0.0.1 trusted (as an IPv4-mapped peer): the next hop is the client.
    assert client_address(_request("::ffff:127.0.0.1", chain, trusted="127.0.0.1")) == "10.1.2.3"


def test_trusted_proxies_must_be_addresses_or_networks():
    assert parse_trusted(" 127.0.0.1, 10.0.0.0/8 ,,::1") == ("127.0.0.1", "10.0.0.0/8", "::1")
    assert parse_trusted("") == ()
    with pytest.raises(ValueError, match=r"proxy\.example"):
        parse_trusted("127.0.0.1, proxy.example")
