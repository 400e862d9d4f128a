"""Settings of the web app, read from the environment (``bot.settings``;
every variable is described in docs/configuration.md)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot import settings
from web import csrf, mailer, proxies, rasa_client

WEB_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """What the web app needs to know; ``from_env`` reads it from the
    environment (docs/configuration.md describes each variable)."""

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
    smtp: mailer.SmtpSettings = field(default_factory=mailer.SmtpSettings)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            socket_url=str(settings.text("WIDGET_SOCKET_URL")).rstrip("/"),
            socket_path=str(settings.text("WIDGET_SOCKET_PATH")),
            database_url=settings.raw("DATABASE_URL"),
            rasa_url=rasa_client.url_from_env(),
            rasa_token=rasa_client.token_from_env(),
            secure_cookies=settings.flag("CONSOLE_SECURE_COOKIES"),
            sweep_seconds=settings.number("HANDOFF_SWEEP_SECONDS"),
            trusted_proxies=proxies.parse_trusted(settings.raw("TRUSTED_PROXIES") or ""),
            console_secret=csrf.secret_from_env(),
            smtp=mailer.SmtpSettings.from_env(),
        )

    def rasa(self) -> rasa_client.RasaClient:
        return rasa_client.RasaClient(self.rasa_url, self.rasa_token)
