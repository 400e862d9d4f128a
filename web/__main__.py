"""Serve the web app: ``python -m web`` (port ``WEB_PORT``, default 8080)."""

from __future__ import annotations

import os

import uvicorn


def main() -> None:
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=os.environ.get("WEB_HOST", "127.0.0.1"),
        port=int(os.environ.get("WEB_PORT", "8080")),
        log_level=os.environ.get("WEB_LOG_LEVEL", "info"),
        # No WebSocket routes yet; uvicorn's websockets support needs a newer
        # `websockets` than Sanic 21 (Rasa 3.6) allows.
        ws="none",
        # X-Forwarded-For/-Proto count only from TRUSTED_PROXIES (web/proxies.py).
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()
