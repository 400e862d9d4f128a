"""The agent console: its route table. The handlers live in modules by what
they do (``docs/agent-console.md``):

* ``web/console_login.py``: login and logout;
* ``web/console_pages.py``: the pages (the inbox ``/console`` with
  ``/console/handoffs/{id}`` and ``/console/tickets/{id}`` as deep links into
  it, the metrics) and the queue's JSON;
* ``web/console_handoffs.py``: a handoff's state and transcript, and the
  agent's moves claim, reply, note, resolve;
* ``web/console_tickets.py``: a ticket's state, assign, answer by e-mail, close;
* ``web/console_saved_replies.py``: the saved replies for a handoff or ticket;
* ``web/console_requests.py``: what they share (input checks, rendering).

Everything but the login needs a logged-in agent and, for POST, the
session's CSRF token (``web/auth.py``).
"""

from __future__ import annotations

from starlette.routing import Route
from starlette.templating import Jinja2Templates

from web import (
    console_handoffs,
    console_login,
    console_pages,
    console_saved_replies,
    console_tickets,
)
from web.auth import guard, public
from web.console_handoffs import MAX_NOTE, MAX_REPLY, agent_message, claim_message
from web.console_login import LOGIN_COOKIE_SECONDS
from web.console_requests import (
    ConsoleContext,
    Endpoint,
    Refused,
    clean_text,
    parse_id,
    with_context,
)

__all__ = [
    "LOGIN_COOKIE_SECONDS",
    "MAX_NOTE",
    "MAX_REPLY",
    "PUBLIC_ROUTES",
    "Refused",
    "agent_message",
    "claim_message",
    "clean_text",
    "parse_id",
    "routes",
]

# Open without a login; every other console route must refuse strangers
# (tests/test_console.py checks the whole route table against this).
PUBLIC_ROUTES = {("/console/login", "GET"), ("/console/login", "POST")}

HANDOFF = "/console/api/handoffs/{handoff_id}"
TICKET = "/console/api/tickets/{ticket_id}"


def routes(templates: Jinja2Templates) -> list[Route]:
    context = ConsoleContext(templates)

    def opened(endpoint: Endpoint) -> Endpoint:
        return public(with_context(context, endpoint))

    def guarded(endpoint: Endpoint) -> Endpoint:
        return guard(with_context(context, endpoint))

    pages, handoffs, tickets = console_pages, console_handoffs, console_tickets
    saved = console_saved_replies
    return [
        Route(
            "/console/login",
            opened(console_login.login_page),
            methods=["GET"],
            name="console_login",
        ),
        Route("/console/login", opened(console_login.login_submit), methods=["POST"]),
        Route(
            "/console/logout",
            guarded(console_login.logout),
            methods=["POST"],
            name="console_logout",
        ),
        Route("/console", guarded(pages.queue_page), methods=["GET"], name="console"),
        Route("/console/handoffs/{handoff_id}", guarded(pages.conversation_page), methods=["GET"]),
        Route(
            "/console/metrics", guarded(pages.metrics_page), methods=["GET"], name="console_metrics"
        ),
        Route("/console/api/queue", guarded(pages.api_queue), methods=["GET"]),
        Route(HANDOFF, guarded(handoffs.api_handoff), methods=["GET"]),
        Route(f"{HANDOFF}/transcript", guarded(handoffs.api_transcript), methods=["GET"]),
        Route(f"{HANDOFF}/saved-replies", guarded(saved.api_handoff_replies), methods=["GET"]),
        Route(f"{HANDOFF}/claim", guarded(handoffs.api_claim), methods=["POST"]),
        Route(f"{HANDOFF}/reply", guarded(handoffs.api_reply), methods=["POST"]),
        Route(f"{HANDOFF}/note", guarded(handoffs.api_note), methods=["POST"]),
        Route(f"{HANDOFF}/resolve", guarded(handoffs.api_resolve), methods=["POST"]),
        Route("/console/tickets/{ticket_id}", guarded(pages.ticket_view), methods=["GET"]),
        Route(TICKET, guarded(tickets.api_ticket), methods=["GET"]),
        Route(f"{TICKET}/saved-replies", guarded(saved.api_ticket_replies), methods=["GET"]),
        Route(f"{TICKET}/assign", guarded(tickets.api_ticket_assign), methods=["POST"]),
        Route(f"{TICKET}/reply", guarded(tickets.api_ticket_reply), methods=["POST"]),
        Route(f"{TICKET}/close", guarded(tickets.api_ticket_close), methods=["POST"]),
    ]
