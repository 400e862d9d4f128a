"""The production profile (scripts/prod.sh, docs/deployment.md), started once
per test session and stopped at its end, also when a test fails.

Every test here is marked ``prod`` (and ``slow``, so ``make test-fast``
leaves them out too); the default pytest run leaves them out (``-m "not
prod"`` in pyproject.toml) because they need Redis and nginx: ``make
test-prod`` runs them. A profile that was already running is used and left
running.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "prod.sh"
SECRETS = ROOT / ".prod" / "secrets"
ACCESS_LOG = ROOT / ".prod" / "nginx" / "access.log"
RASA_PORTS = {"r1": 5105, "r2": 5106}


PROD_MARKS = [pytest.mark.prod, pytest.mark.slow]


def prod_sh(*args: str, timeout: float = 600) -> str:
    """Run scripts/prod.sh; its output, or the test fails with it."""
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"prod.sh {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@dataclass
class Profile:
    """The running profile: its front URL and the tokens of .prod/secrets/."""

    url: str
    rest_token: str
    rasa_token: str
    session: requests.Session = field(default_factory=requests.Session)

    def post_rest(
        self, sender: str, message: str, metadata: dict | None = None, timeout: float = 90
    ) -> requests.Response:
        body: dict = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        return self.session.post(
            f"{self.url}/webhooks/rest/webhook",
            json=body,
            headers={"Authorization": f"Bearer {self.rest_token}"},
            timeout=timeout,
        )

    def tracker(self, sender: str, base: str | None = None) -> dict:
        response = requests.get(
            f"{base or self.url}/conversations/{sender}/tracker",
            params={"token": self.rasa_token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def post_events(self, base: str, sender: str, events: list[dict]) -> requests.Response:
        """Events into a conversation, sent to the widget (as the console does)."""
        return requests.post(
            f"{base}/conversations/{sender}/tracker/events",
            params={
                "token": self.rasa_token,
                "output_channel": "socketio",
                "execute_side_effects": "true",
            },
            json=events,
            timeout=30,
        )

    def log_offset(self) -> int:
        return ACCESS_LOG.stat().st_size

    def log_since(self, offset: int) -> list[str]:
        """nginx's access log lines after ``offset`` (from :meth:`log_offset`)."""
        with ACCESS_LOG.open(encoding="utf-8") as log:
            log.seek(offset)
            return log.read().splitlines()

    def upstreams_since(self, offset: int, path: str) -> list[str]:
        """The Rasa processes (``host:port``) nginx sent requests for ``path`` to."""
        return [
            match.group(1)
            for line in self.log_since(offset)
            if f' {path}"' in line and (match := re.search(r"upstream=(\S+)", line))
        ]


def rasa_url(node: str) -> str:
    """One Rasa process directly, not through nginx."""
    return f"http://127.0.0.1:{RASA_PORTS[node]}"


def user_texts(tracker: dict) -> list[str]:
    return [e.get("text") for e in tracker["events"] if e["event"] == "user"]


@pytest.fixture(scope="session")
def profile() -> Iterator[Profile]:
    already = subprocess.run(["bash", str(SCRIPT), "status"], cwd=ROOT, capture_output=True)
    started = already.returncode != 0
    try:
        if started:
            prod_sh("start")
        url = prod_sh("url").strip()
        yield Profile(
            url=url,
            rest_token=(SECRETS / "rest-token").read_text().strip(),
            rasa_token=(SECRETS / "rasa-token").read_text().strip(),
        )
    finally:
        if started:
            subprocess.run(["bash", str(SCRIPT), "stop"], cwd=ROOT, timeout=300)
