"""The web app: ``create_app()`` builds it, ``python -m web`` serves it.

Areas are modules with their own routes: ``web/demo.py`` (demo pages with the
widget), ``web/help_pages.py`` (the public help page per program) and
``web/console.py`` (the agent console, ``docs/agent-console.md``),
whose background sweep (``web/sweeper.py``) runs in the app's lifespan.
Static files: ``web/static/`` (the chat widget, page styles) and
``/static/vendor/`` (the socket.io browser client from ``web/node_modules``,
installed by ``make web-deps``; never committed).
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot import log_masking
from web import chat_api, console, demo, help_pages, metrics_export, sweeper
from web.config import WEB_DIR, Settings

logger = logging.getLogger(__name__)

SOCKETIO_DIST = ("socket.io-client", "dist")


def create_app(settings: Settings | None = None) -> Starlette:
    # No e-mail, code, IBAN or phone number in full in the web app's log.
    log_masking.install()
    settings = settings or Settings.from_env()
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))

    vendor = settings.node_modules.joinpath(*SOCKETIO_DIST)
    if not (vendor / "socket.io.min.js").is_file():
        logger.warning("%s is missing: run `make web-deps` (npm ci in web/).", vendor)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        return templates.TemplateResponse(
            request,
            "404.html",
            {"detail": None if exc.detail == "Not Found" else exc.detail},
            status_code=exc.status_code,
        )

    app = Starlette(
        routes=[
            *demo.routes(templates),
            *help_pages.routes(templates),
            *console.routes(templates),
            *metrics_export.routes(),
            *chat_api.routes(),
            Mount("/static/vendor", StaticFiles(directory=vendor, check_dir=False), name="vendor"),
            Mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static"),
        ],
        exception_handlers={404: not_found},
        lifespan=sweeper.lifespan,
    )
    app.state.settings = settings
    return app
