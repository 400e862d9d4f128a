"""The action server as ``make run`` and the tests start it: rasa-sdk's app,
on loopback by default, answering only callers that present the shared secret.

Rasa sends the secret with every call (``headers`` of ``action_endpoint`` in
``endpoints.yml``). Without it anyone who reaches the port could post a made-up
tracker and have the actions read customer data.

    python -m actions.server [--host 127.0.0.1] [--port 5055]

``ACTION_SERVER_HOST`` / ``ACTION_SERVER_PORT`` set the defaults; the secret is
``ACTION_SERVER_SECRET`` or the file ``.action-secret`` (``bot/secrets.py``).
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from bot import log_masking, settings
from bot.knowledge.matcher import entry_matcher
from bot.secrets import (
    ACTION_SECRET_ENV,
    ACTION_SECRET_FILE,
    MissingSecret,
    bearer_token,
    require_secret,
)

logger = logging.getLogger(__name__)

# Paths that answer without the secret: a liveness probe that reveals nothing.
OPEN_PATHS = frozenset({"/health"})


def authorized(request: Request, secret: str) -> bool:
    """Does the request carry ``Authorization: Bearer <secret>``?"""
    presented = bearer_token(request.headers.get("authorization"))
    return presented is not None and hmac.compare_digest(presented.encode(), secret.encode())


def build_app(secret: str, package: str = "actions") -> Sanic:
    """rasa-sdk's app with the secret check in front and no request echo on errors."""
    app = create_app(package, cors_origins=None)

    @app.middleware("request")
    async def require_secret_header(request: Request):
        if request.path not in OPEN_PATHS and not authorized(request, secret):
            return response.json({"error": "Nicht autorisiert: Secret fehlt oder ist falsch."}, 401)
        return None

    async def internal_error(request: Request, exception: Exception):
        # rasa-sdk's own handler answers with the whole request body (the
        # tracker, with personal data); ours logs the error and says nothing more.
        logger.error("action server error on %s", request.path, exc_info=exception)
        return response.json({"error": "Interner Fehler des Action-Servers."}, 500)

    app.error_handler.add(Exception, internal_error)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=settings.text("ACTION_SERVER_HOST"))
    parser.add_argument("--port", type=int, default=settings.number("ACTION_SERVER_PORT"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # No e-mail, code, IBAN or phone number in full in this server's log.
    log_masking.install()
    try:
        secret = require_secret(ACTION_SECRET_ENV, ACTION_SECRET_FILE)
    except MissingSecret as error:
        print(f"action server not started: {error}", file=sys.stderr)
        return 2
    app = build_app(secret)
    # Build the knowledge-base matcher now, not on the first customer's question.
    entry_matcher()
    logger.info("action server on http://%s:%s (secret required)", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
