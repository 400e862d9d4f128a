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
from typing import Any

import requests
import yaml

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
    """A running bot: Rasa server URL, its API token, the action server's URL
    and secret, the REST channel's token and conversation-token secret."""

    url: str
    token: str
    action_url: str
    action_secret: str
    rest_token: str
    rest_jwt_secret: str
    rasa_log: Path | None = None
    pids: dict[str, int] = field(default_factory=dict)
    session: requests.Session = field(default_factory=requests.Session)

    def post_rest(self, body: object, token: str | None = None) -> requests.Response:
        """POST ``body`` (JSON) to the REST channel, as the integrator unless
        ``token`` (a conversation token) is given."""
        return self.session.post(
            f"{self.url}/webhooks/rest/webhook",
            json=body,
            headers={"Authorization": f"Bearer {token or self.rest_token}"},
            timeout=60,
        )

    def say(
        self, sender: str, message: str, metadata: dict | None = None, token: str | None = None
    ) -> list[dict]:
        body: dict = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        response = self.post_rest(body, token)
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


def served_endpoints(action_url: str) -> str:
    """The project's ``endpoints.yml`` (tracker store and the secret header
    included, which Rasa fills from ``ACTION_SERVER_SECRET``) with the action
    server moved to ``action_url``."""
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    config["action_endpoint"]["url"] = action_url
    return yaml.safe_dump(config, sort_keys=False)


def _start(args: list[str], log: Path, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def post_action(url: str, secret: str | None, payload: dict) -> requests.Response:
    """Call an action server's webhook the way Rasa does (``secret`` None: without it)."""
    headers = {"Authorization": f"Bearer {secret}"} if secret is not None else {}
    return requests.post(url, json=payload, headers=headers, timeout=30)


@dataclass
class ActionServer:
    """A running action server: its webhook URL, the secret it requires, its process."""

    url: str
    secret: str
    process: subprocess.Popen

    def call(self, payload: dict) -> requests.Response:
        return post_action(self.url, self.secret, payload)


@contextmanager
def running_action_server(
    workdir: Path, env: dict[str, str] | None = None
) -> Iterator[ActionServer]:
    """Start the project's action server (``actions.server``) on a free
    loopback port with a fresh secret; yield where it runs."""
    port = free_port()
    secret = secrets.token_urlsafe(24)
    log = workdir / f"actions-{port}.log"
    process = _start(
        [sys.executable, "-m", "actions.server", "--port", str(port)],
        log,
        {**(env or {}), "ACTION_SERVER_SECRET": secret},
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, log)
        yield ActionServer(f"http://127.0.0.1:{port}/webhook", secret, process)
    finally:
        _stop([process])


@contextmanager
def running_bot(
    model: Path, workdir: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[Bot]:
    """Start action server and Rasa server on free ports; stop both on exit.

    ``env`` is added to both servers' environment (e.g. ``DATABASE_URL``).
    """
    workdir = workdir or Path(tempfile.mkdtemp(prefix="bot-"))
    rasa_port = free_port()
    token = secrets.token_urlsafe(16)
    # The REST channel's secrets reach Rasa as in production: in its environment.
    rest_secrets = {
        "REST_CHANNEL_TOKEN": secrets.token_urlsafe(32),
        "REST_JWT_SECRET": secrets.token_urlsafe(32),
    }
    with running_action_server(workdir, env) as actions:
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(served_endpoints(actions.url), encoding="utf-8")
        rasa_log = workdir / "rasa.log"
        rasa = _start(
            [
                sys.executable,
                "-m",
                "bot.rasa_server",
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
            {
                # The key that seals codes and e-mails in stored conversations
                # (bot/sealing.py); ``env`` may set it and the allowed origins.
                "TRACKER_SEAL_KEY": os.environ.get("TRACKER_SEAL_KEY") or secrets.token_urlsafe(32),
                **(env or {}),
                "ACTION_SERVER_SECRET": actions.secret,
                "RASA_AUTH_TOKEN": token,
                **rest_secrets,
            },
        )
        try:
            url = f"http://127.0.0.1:{rasa_port}"
            wait_until_up(f"{url}/status", rasa, rasa_log, params={"token": token})
            yield Bot(
                url=url,
                token=token,
                action_url=actions.url,
                action_secret=actions.secret,
                rest_token=rest_secrets["REST_CHANNEL_TOKEN"],
                rest_jwt_secret=rest_secrets["REST_JWT_SECRET"],
                rasa_log=rasa_log,
                pids={"actions": actions.process.pid, "rasa": rasa.pid},
            )
        finally:
            _stop([rasa])


@contextmanager
def running_web_app(
    socket_url: str, port: int | None = None, *, lifespan: bool = False, **settings: Any
) -> Iterator[str]:
    """Serve the web app (demo pages with the chat widget, agent console) in a
    thread on a free port, its widget talking to the Rasa server at
    ``socket_url``; yield its URL.

    ``settings`` are further fields of ``web.config.Settings`` (e.g.
    ``database_url``, ``rasa_url``). The lifespan (the handoff sweep) runs only
    with ``lifespan=True``."""
    import threading

    import uvicorn

    from web.app import create_app
    from web.config import Settings

    port = port or free_port()
    app = create_app(Settings(socket_url=socket_url, **settings))
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="on" if lifespan else "off",
            ws="none",
            proxy_headers=False,  # as `python -m web`: web/proxies.py decides
        )
    )
    thread = threading.Thread(target=server.run, name="web-app", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"web app did not start on {url}")
            time.sleep(0.05)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
