"""Serve the web app: ``python -m web`` (port ``WEB_PORT``, default 8080)."""

from __future__ import annotations

import uvicorn

from bot import settings


def main() -> None:
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=settings.text("WEB_HOST"),
        port=settings.number("WEB_PORT"),
        log_level=settings.text("WEB_LOG_LEVEL"),
        # No WebSocket routes yet; uvicorn's websockets support needs a newer
        # `websockets` than Sanic 21 (Rasa 3.6) allows.
        ws="none",
        # X-Forwarded-For/-Proto count only from TRUSTED_PROXIES (web/proxies.py).
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
