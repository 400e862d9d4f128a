"""Settings of the web app, read from the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.env import number_from_env
from web import csrf, proxies, rasa_client

WEB_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """What the web app needs to know; ``from_env`` reads it from the environment.

    * ``WIDGET_SOCKET_URL``: Rasa server with the socket.io channel, as the
      customer's browser reaches it (default ``http://localhost:5005``).
    * ``WIDGET_SOCKET_PATH``: the socket.io path of that server (default ``/socket.io``).
    * ``DATABASE_URL``: the referral database with agents and handoffs
      (default: ``referral.db``, see ``bot/db.py``).
    * ``RASA_URL``, ``RASA_AUTH_TOKEN`` (else the file ``.rasa-token``): Rasa's
      HTTP API as the web app reaches it, for the agent console.
    * ``CONSOLE_SECURE_COOKIES=1``: the console's cookies always get ``Secure``
      (HTTPS only); without it they get it when the request came over HTTPS.
    * ``TRUSTED_PROXIES``: comma-separated addresses or networks of reverse
      proxies whose ``X-Forwarded-For``/``-Proto`` count (default none,
      ``web/proxies.py``).
    * ``CONSOLE_SECRET`` (else ``CONSOLE_SECRET_FILE`` or ``.console-secret``):
      the key that signs the console's CSRF tokens (``web/csrf.py``); a random
      one per process when neither is set.
    * ``HANDOFF_SWEEP_SECONDS`` (2): how often the background sweep ends long
      waits and releases idle agents' conversations; 0 turns it off.
    """

    socket_url: str = "http://localhost:5005"
    socket_path: str = "/socket.io"
    node_modules: Path = WEB_DIR / "node_modules"
    database_url: str | None = None  # None: DATABASE_URL or the default (bot.db)
    rasa_url: str = rasa_client.DEFAULT_URL
    rasa_token: str | None = None
    secure_cookies: bool = False
    sweep_seconds: float = 2.0
    trusted_proxies: tuple[str, ...] = ()
    console_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            socket_url=os.environ.get("WIDGET_SOCKET_URL", cls.socket_url).rstrip("/"),
            socket_path=os.environ.get("WIDGET_SOCKET_PATH", cls.socket_path),
            database_url=os.environ.get("DATABASE_URL") or None,
            rasa_url=rasa_client.url_from_env(),
            rasa_token=rasa_client.token_from_env(),
            secure_cookies=os.environ.get("CONSOLE_SECURE_COOKIES", "") == "1",
            sweep_seconds=number_from_env("HANDOFF_SWEEP_SECONDS", cls.sweep_seconds, 0.0),
            trusted_proxies=proxies.parse_trusted(os.environ.get("TRUSTED_PROXIES", "")),
            console_secret=csrf.secret_from_env(),
        )

    def rasa(self) -> rasa_client.RasaClient:
        return rasa_client.RasaClient(self.rasa_url, self.rasa_token)
