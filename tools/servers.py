"""Start a real action server and Rasa server for tests and benchmarks.

Used by the pytest fixture in tests/server/conftest.py and by tools/bench.py,
so both exercise the bot exactly the way `make run` serves it.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_until_up(url: str, process: subprocess.Popen, log: Path, **kwargs) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} died on start:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2, **kwargs).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} not up after {START_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


@dataclass
class Bot:
    """A running bot: Rasa server URL, its API token, the action server's URL."""

    url: str
    token: str
    action_url: str
    pids: dict[str, int] = field(default_factory=dict)
    session: requests.Session = field(default_factory=requests.Session)

    def say(self, sender: str, message: str) -> list[dict]:
        response = self.session.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = self.session.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


def _start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)


@contextmanager
def running_bot(model: Path, workdir: Path | None = None) -> Iterator[Bot]:
    """Start action server and Rasa server on free ports; stop both on exit."""
    workdir = workdir or Path(tempfile.mkdtemp(prefix="bot-"))
    action_port, rasa_port = free_port(), free_port()
    token = secrets.token_urlsafe(16)
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n', encoding="utf-8"
    )
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes: list[subprocess.Popen] = []
    try:
        processes.append(
            _start(
                [
                    str(BIN / "rasa"),
                    "run",
                    "actions",
                    "--port",
                    str(action_port),
                    "--actions",
                    "actions",
                ],
                action_log,
            )
        )
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], action_log)
        processes.append(
            _start(
                [
                    str(BIN / "rasa"),
                    "run",
                    "--enable-api",
                    "--auth-token",
                    token,
                    "--port",
                    str(rasa_port),
                    "--model",
                    str(model),
                    "--endpoints",
                    str(endpoints),
                    "--credentials",
                    "credentials.yml",
                ],
                rasa_log,
            )
        )
        url = f"http://127.0.0.1:{rasa_port}"
        wait_until_up(f"{url}/status", processes[1], rasa_log, params={"token": token})
        yield Bot(
            url=url,
            token=token,
            action_url=f"http://127.0.0.1:{action_port}/webhook",
            pids={"actions": processes[0].pid, "rasa": processes[1].pid},
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
