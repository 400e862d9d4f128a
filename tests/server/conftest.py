"""One real action server and one real Rasa server for the whole test run.

Starting Rasa costs about a minute here (TensorFlow import, model load), so
the servers are session-scoped and shared by every test under tests/server/.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tools.nlu_eval import latest_model

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    url: str
    token: str
    action_url: str

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker",
            params={"token": self.token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


def _start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    handle = log.open("w")
    return subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env=env)


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    workdir = tmp_path_factory.mktemp("servers")
    model = latest_model()
    action_port, rasa_port = free_port(), free_port()
    token = secrets.token_urlsafe(16)
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n', encoding="utf-8"
    )
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes = [
        _start(
            [str(BIN / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
            action_log,
        )
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", processes[0], action_log)
        processes.append(
            _start(
                [
                    str(BIN / "rasa"), "run", "--enable-api", "--auth-token", token,
                    "--port", str(rasa_port), "--model", str(model),
                    "--endpoints", str(endpoints), "--credentials", "credentials.yml",
                ],  # fmt: skip
                rasa_log,
            )
        )
        url = f"http://127.0.0.1:{rasa_port}"
        wait_until_up(f"{url}/status", processes[1], rasa_log, params={"token": token})
        yield Bot(url=url, token=token, action_url=f"http://127.0.0.1:{action_port}/webhook")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
