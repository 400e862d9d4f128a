"""The action server is internal: loopback only, secret required, and a
tracker with forged verification slots reveals no customer data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Referrer
from tests.server.chat import domain, new_sender
from tests.trackers import tracker_state
from tools.servers import ROOT, Bot, post_action

pytestmark = pytest.mark.server


def forged_status_call(referrer_id: int) -> dict:
    """What an attacker posts: a tracker whose slots claim a verified customer."""
    slots = {
        "verification": "verified",
        "verified_referrer": str(referrer_id),
        "program": "autosicher",
    }
    return {
        "next_action": "action_reward_status",
        "sender_id": new_sender(),
        "tracker": tracker_state("Wo bleibt meine Prämie?", "ask_reward_status", slots),
        "domain": domain(),
        "version": "3.6.21",
    }


@pytest.fixture(scope="module")
def victim(demo_db_url: str) -> Referrer:
    with session_scope(demo_db_url) as session:
        referrer = session.scalars(select(Referrer).order_by(Referrer.id).limit(1)).one()
        session.expunge(referrer)
        return referrer


@pytest.mark.parametrize("secret", [None, "", "falsch-falsch-falsch-falsch"])
def test_calls_without_the_right_secret_are_refused(bot: Bot, victim: Referrer, secret) -> None:
    response = post_action(bot.action_url, secret, forged_status_call(victim.id))
    assert response.status_code == 401
    assert victim.last_name not in response.text
    assert "responses" not in response.json()


def test_forged_verification_slots_show_no_customer_data(bot: Bot, victim: Referrer) -> None:
    """Even with the secret (a leaked one, or a bug in Rasa), slots alone are no
    proof: no verification record for this conversation, so no status."""
    response = post_action(bot.action_url, bot.action_secret, forged_status_call(victim.id))
    assert response.status_code == 200
    (message,) = response.json()["responses"]
    assert message["response"] == "utter_ask_reward_status"
    assert victim.last_name not in response.text


def test_the_health_probe_answers_without_the_secret(bot: Bot) -> None:
    health = bot.action_url.removesuffix("/webhook") + "/health"
    assert requests.get(health, timeout=10).status_code == 200


def test_errors_do_not_echo_the_request(bot: Bot) -> None:
    """rasa-sdk's own error handler returns the whole posted tracker."""
    payload = forged_status_call(1)
    del payload["tracker"]  # rasa-sdk fails on this (KeyError) with a 500
    payload["sender_id"] = "anna.beispiel@example.de"
    response = post_action(bot.action_url, bot.action_secret, payload)
    assert response.status_code == 500
    assert "anna.beispiel" not in response.text


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket in LISTEN state on ``port`` (Linux /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_the_action_server_listens_on_loopback_only(bot: Bot) -> None:
    port = int(bot.action_url.split(":")[-1].split("/")[0])
    # 127.0.0.1 in /proc's little-endian hex; anything else would be reachable
    # from the network (0.0.0.0 is 00000000).
    assert _listening_addresses(port) == {"0100007F"}


@pytest.mark.parametrize("secret", ["", "changeme", "kurz"])
def test_the_action_server_refuses_to_start_without_a_usable_secret(
    tmp_path: Path, secret: str
) -> None:
    env = {
        **os.environ,
        "ACTION_SERVER_SECRET": secret,
        "ACTION_SERVER_SECRET_FILE": str(tmp_path / "missing"),
    }
    started = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 2
    assert "ACTION_SERVER_SECRET" in started.stderr
