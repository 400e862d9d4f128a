"""What the agent console's handlers share: reading and checking input,
rendering a page, and the console's context (templates, login throttle).

The handlers (``web/console_login.py``, ``console_pages.py``,
``console_handoffs.py``, ``console_tickets.py``, ``console_saved_replies.py``)
are module-level functions of the request alone; ``web/console.py`` builds the
route table and hands each handler the ``ConsoleContext`` through
``request.state`` (``with_context``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from web import auth
from web.auth import ConsoleUser
from web.login_throttle import LoginThrottle

MAX_JSON_BYTES = 64 * 1024
_ID = re.compile(r"[0-9]{1,12}")
# Control characters break the widget's text and PostgreSQL text columns
# (NUL); line breaks and tabs stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

RASA_DOWN = (
    "Der Bot-Server ist gerade nicht erreichbar. Es wurde nichts gesendet und nichts "
    "geändert. Bitte versuchen Sie es gleich noch einmal."
)
TRANSCRIPT_DOWN = (
    "Der Gesprächsverlauf kann gerade nicht geladen werden: Der Bot-Server ist nicht "
    "erreichbar. Die Seite versucht es automatisch weiter."
)
UNKNOWN_HANDOFF = "Dieses Gespräch gibt es nicht."
UNKNOWN_TICKET = "Dieses Ticket gibt es nicht."

Endpoint = Callable[[Request], Awaitable[Response]]


class Refused(Exception):
    """An agent's move or input that the console does not accept; the API
    answers with ``status_code`` and the German ``message``."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


@dataclass(frozen=True)
class ConsoleContext:
    """What the console's handlers need besides the request and the app's
    settings: the templates, and the login throttle (one per app)."""

    templates: Jinja2Templates
    throttle: LoginThrottle = field(default_factory=LoginThrottle)


def with_context(context: ConsoleContext, endpoint: Endpoint) -> Endpoint:
    """``endpoint`` with ``request.state.console`` set to ``context``."""

    @wraps(endpoint)
    async def wrapper(request: Request) -> Response:
        request.state.console = context
        return await endpoint(request)

    return wrapper


def context_of(request: Request) -> ConsoleContext:
    return request.state.console


def database_url(request: Request) -> str | None:
    return auth.settings_of(request).database_url


def user_of(request: Request) -> ConsoleUser:
    """The logged-in agent (set by ``auth.guard``)."""
    return request.state.user


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    """A console page: the template with the agent and the CSRF token."""
    user: ConsoleUser | None = getattr(request.state, "user", None)
    return context_of(request).templates.TemplateResponse(
        request,
        name,
        {"user": user, "csrf_token": user.csrf_token if user else None, **context},
        status_code=status_code,
    )


def notice(request: Request, message: str, status_code: int) -> Response:
    """A page with one German message (unknown id, bad period …)."""
    return render(request, "console_notice.html", {"message": message}, status_code)


# ---- input ---------------------------------------------------------------------


def parse_id(raw: str) -> int | None:
    return int(raw) if _ID.fullmatch(raw) else None


def path_id(request: Request, param: str, unknown: str) -> int:
    """The id in the path (``handoff_id``, ``ticket_id``); ``Refused`` (404,
    ``unknown``) when it is no id."""
    item_id = parse_id(request.path_params[param])
    if item_id is None:
        raise Refused(404, unknown)
    return item_id


def clean_text(value: Any, limit: int, what: str) -> str:
    """The agent's text, trimmed; ``Refused`` (400) when empty or too long."""
    if not isinstance(value, str):
        raise Refused(400, f"Bitte senden Sie {what} als Text im Feld „text“.")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", value.replace("\r\n", "\n"))).strip()
    if not text:
        raise Refused(400, f"Bitte geben Sie {what} ein.")
    if len(text) > limit:
        raise Refused(400, f"Der Text ist zu lang: höchstens {limit} Zeichen, nicht {len(text)}.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise Refused(400, "Der Text enthält ungültige Zeichen.") from error
    return text


async def json_object(request: Request, fields: str = "") -> dict[str, Any]:
    """The request body as a JSON object (``fields`` names what it must hold,
    for the message); an empty body counts as ``{}``."""
    try:
        body = await auth.read_body(request, MAX_JSON_BYTES)
    except auth.BodyTooLarge as error:
        raise Refused(413, "Die Anfrage ist zu groß.") from error
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise Refused(400, "Die Anfrage ist kein gültiges JSON.") from error
    if not isinstance(data, dict):
        raise Refused(400, f"Die Anfrage muss ein JSON-Objekt{fields} sein.")
    return data


async def json_text(request: Request, limit: int, what: str) -> str:
    """``{"text": …}`` from the request body."""
    data = await json_object(request, " mit dem Feld „text“")
    return clean_text(data.get("text"), limit, what)
