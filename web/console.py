"""The agent console: the queue of handoffs, a conversation view with the
live transcript, and the JSON API the pages' script (``console.js``) uses.

Pages: ``/console/login``, ``/console`` (queue), ``/console/handoffs/{id}``,
``/console/tickets/{id}``. API (``/console/api/…``): the queue (sorted by the
time left to each request's response-time target, ``bot/targets.py``), one
handoff's state and transcript, the agent's moves: claim, reply, note,
resolve; and the work on tickets: assign, answer by e-mail
(``web/mailer.py``), close. Everything but the login needs a logged-in agent
and, for POST, the session's CSRF token (``web/auth.py``).

An agent's move changes the database and tells the customer through Rasa
(``web/rasa_client.py``) in one transaction: when Rasa is unreachable the
change is rolled back and the API answers 502, so the console never shows a
state the customer has not seen. Nothing is flushed before the Rasa call, so
an SQLite file is not locked while Rasa (and the action it runs) works.
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot import cases, metrics
from bot import handoff as handoffs
from bot.agents import authenticate, end_session, go_offline, start_session
from bot.clock import utcnow
from bot.formatting import mask_email
from bot.models import Agent, Handoff, HandoffStatus, Program, Ticket
from bot.targets import Standing
from web import auth, csrf, database, mailer, metrics_view
from web.auth import ConsoleUser, api_error
from web.console_data import (
    clock,
    handoff_row,
    iso,
    note_row,
    referrer_card,
    reply_row,
    ticket_row,
)
from web.login_throttle import LoginThrottle, wait_text
from web.proxies import client_address
from web.rasa_client import RasaUnavailable
from web.transcript import transcript

logger = logging.getLogger(__name__)

# Open without a login; every other console route must refuse strangers
# (tests/test_console.py checks the whole route table against this).
PUBLIC_ROUTES = {("/console/login", "GET"), ("/console/login", "POST")}

MAX_REPLY = 2000
MAX_NOTE = handoffs.MAX_NOTE
MAX_SUBJECT = 200
MAX_MAIL = 8000
MAX_JSON_BYTES = 64 * 1024
HANDBACK_ACTION = "action_handoff_back"
LOGIN_COOKIE_SECONDS = 3600
_ID = re.compile(r"[0-9]{1,12}")
_LOGIN_NONCE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
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
UNKNOWN_AGENT = "Diese Person gibt es im Service-Team nicht."
TICKET_CLOSED = "Dieses Ticket ist bereits erledigt."
ASSIGN_FIRST = "Bitte weisen Sie sich das Ticket zuerst zu."
NO_ADDRESS = (
    "Für dieses Ticket ist keine E-Mail-Adresse bekannt: Eine Antwort per E-Mail geht nicht."
)
MAIL_SENT = "Ihre Antwort wurde per E-Mail gesendet."
LOGIN_FAILED = "Benutzername oder Passwort ist falsch."
LOGIN_EXPIRED = "Die Anmeldeseite ist abgelaufen. Bitte versuchen Sie es noch einmal."
LOGIN_MISSING = "Bitte geben Sie Benutzername und Passwort ein."


def login_throttled(wait: int) -> str:
    return (
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in "
        f"{wait_text(wait)} noch einmal."
    )


def claim_message(first_name: str) -> str:
    return f"{first_name} aus dem Service-Team ist jetzt für Sie da und liest Ihre Nachrichten."


class Refused(Exception):
    """An agent's move that the handoff's state does not allow."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


# ---- input ---------------------------------------------------------------------


def parse_id(raw: str) -> int | None:
    return int(raw) if _ID.fullmatch(raw) else None


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


async def json_mail(request: Request) -> tuple[str, str]:
    """``{"subject": …, "text": …}``: the subject on one line, and the text."""
    data = await json_object(request)
    subject = " ".join(clean_text(data.get("subject"), MAX_SUBJECT, "einen Betreff").split())
    return subject, clean_text(data.get("text"), MAX_MAIL, "eine Antwort")


# ---- database work (runs in the thread pool) --------------------------------------


def programs(session: Session) -> list[dict[str, str]]:
    return [
        {"slug": p.slug, "brand": p.brand}
        for p in session.scalars(select(Program).order_by(Program.brand))
    ]


def by_time_left(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests whose target clock runs first, the least time left on top
    (overdue ones first of all); then the others in their order."""
    return sorted(rows, key=lambda row: (row["seconds_left"] is None, row["seconds_left"] or 0))


def alerts(waiting: list[dict[str, Any]], tickets: list[dict[str, Any]]) -> dict[str, int]:
    """What the console's tab title and sound tell: customers waiting in the
    chat, and requests close to or past their response-time target."""
    rows = waiting + tickets
    return {
        "waiting": sum(1 for h in waiting if h["status"] == HandoffStatus.WAITING.value),
        "close": sum(1 for row in rows if row["target"] == Standing.CLOSE.value),
        "overdue": sum(1 for row in rows if row["target"] == Standing.OVERDUE.value),
    }


def queue_view(session: Session, program: str | None, agent_id: int) -> dict[str, Any]:
    known = programs(session)
    if program not in {p["slug"] for p in known}:
        program = None
    now = utcnow()
    requests = by_time_left(
        [handoff_row(h, agent_id, now) for h in handoffs.queue(session, program)]
    )
    tickets = by_time_left(
        [ticket_row(t, agent_id, now) for t in handoffs.open_tickets(session, program)]
    )
    return {
        "program": program,
        "programs": known,
        "handoffs": requests,
        "tickets": tickets,
        "alerts": alerts(requests, tickets),
        "agents_online": handoffs.agents_online(session, now),
        "now": iso(now),
    }


def handoff_state(session: Session, handoff_id: int, agent_id: int) -> dict[str, Any] | None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        return None
    return {
        "handoff": handoff_row(handoff, agent_id),
        "notes": [note_row(n) for n in handoff.notes],
    }


def handoff_page(session: Session, handoff_id: int, agent_id: int) -> dict[str, Any] | None:
    state = handoff_state(session, handoff_id, agent_id)
    if state is None:
        return None
    handoff = session.get(Handoff, handoff_id)
    return {
        **state,
        "customer": referrer_card(handoff.referrer),
        "conversation_id": handoff.conversation_id,
        "claimed_label": clock(handoff.claimed_at),
        "ticket_url": f"/console/tickets/{handoff.ticket_id}" if handoff.ticket_id else None,
    }


def conversation_of(session: Session, handoff_id: int) -> str | None:
    handoff = session.get(Handoff, handoff_id)
    return handoff.conversation_id if handoff else None


def _refusal(handoff: Handoff, agent: Agent) -> Refused:
    if handoff.status is HandoffStatus.ACTIVE and handoff.agent_id != agent.id:
        name = handoff.agent.display_name if handoff.agent else "Jemand anderes"
        return Refused(409, f"{name} hat dieses Gespräch bereits übernommen.")
    if handoff.status is HandoffStatus.WAITING:
        return Refused(409, "Bitte übernehmen Sie das Gespräch zuerst.")
    return Refused(409, "Dieses Gespräch ist bereits beendet.")


@dataclass(frozen=True)
class Move:
    conversation_id: str
    agent_name: str
    changed: bool = True


def _locked(session: Session, handoff_id: int, agent_id: int) -> tuple[Handoff, Agent]:
    handoff = handoffs.lock_handoff(session, handoff_id)
    if handoff is None:
        raise Refused(404, UNKNOWN_HANDOFF)
    agent = session.get(Agent, agent_id)
    # Loaded now for the refusal message: once the handoff is changed, nothing
    # may query any more (a query would flush and lock an SQLite file).
    handoff.agent  # noqa: B018
    return handoff, agent


def claim_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if handoffs.holds(handoff, agent):
        return Move(handoff.conversation_id, agent.display_name, changed=False)
    if not handoffs.claim(session, handoff, agent):
        raise _refusal(handoff, agent)
    return Move(handoff.conversation_id, agent.display_name)


def reply_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if not handoffs.holds(handoff, agent):
        raise _refusal(handoff, agent)
    handoffs.record_reply(handoff)
    return Move(handoff.conversation_id, agent.display_name)


def resolve_step(session: Session, handoff_id: int, agent_id: int) -> Move:
    handoff, agent = _locked(session, handoff_id, agent_id)
    if not handoffs.holds(handoff, agent):
        raise _refusal(handoff, agent)
    handoffs.resolve(handoff)
    return Move(handoff.conversation_id, agent.display_name)


def note_step(session: Session, handoff_id: int, agent_id: int, text: str) -> None:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise Refused(404, UNKNOWN_HANDOFF)
    handoffs.add_note(session, handoff, session.get(Agent, agent_id), text)


# ---- tickets ----------------------------------------------------------------------


def ticket_state(session: Session, ticket_id: int, agent_id: int) -> dict[str, Any] | None:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        return None
    return {
        "ticket": ticket_row(ticket, agent_id),
        "replies": [reply_row(r) for r in ticket.replies if r.sent_at is not None],
    }


def ticket_page(session: Session, ticket_id: int, agent_id: int) -> dict[str, Any] | None:
    """The ticket view: the state, the customer (address masked unless the
    agent works the ticket), the team for assigning, the answer to edit (the
    open draft, or greeting and signature), the chat it came from."""
    state = ticket_state(session, ticket_id, agent_id)
    if state is None:
        return None
    ticket = session.get(Ticket, ticket_id)
    me = session.get(Agent, agent_id)
    customer = referrer_card(ticket.referrer)
    if customer and not state["ticket"]["mine"]:
        customer["email"] = mask_email(customer["email"])
    draft = next((r for r in ticket.replies if r.sent_at is None), None)
    handoff = handoffs.latest_handoff_for(session, ticket.conversation_id)
    team = session.scalars(select(Agent).where(Agent.active.is_(True)).order_by(Agent.display_name))
    return {
        **state,
        "customer": customer,
        "conversation_id": ticket.conversation_id,
        "handoff_url": f"/console/handoffs/{handoff.id}" if handoff else None,
        "agents": [{"id": a.id, "name": a.display_name} for a in team],
        "subject": draft.subject if draft else cases.answer_subject(ticket),
        "body": draft.body if draft else cases.answer_draft(ticket, me.display_name),
        "has_draft": draft is not None,
    }


def _ticket(session: Session, ticket_id: int) -> Ticket:
    ticket = cases.lock_ticket(session, ticket_id)
    if ticket is None:
        raise Refused(404, UNKNOWN_TICKET)
    return ticket


def _working(session: Session, ticket_id: int, agent_id: int) -> tuple[Ticket, Agent]:
    """The ticket, if it is open and the agent works it; else ``Refused``."""
    ticket = _ticket(session, ticket_id)
    if cases.is_closed(ticket):
        raise Refused(409, TICKET_CLOSED)
    if ticket.agent_id != agent_id:
        if ticket.agent is not None:
            raise Refused(409, f"{ticket.agent.display_name} bearbeitet dieses Ticket.")
        raise Refused(409, ASSIGN_FIRST)
    return ticket, session.get(Agent, agent_id)


def assign_step(session: Session, ticket_id: int, agent_id: int, to_agent: Any) -> None:
    ticket = _ticket(session, ticket_id)
    target_id = agent_id if to_agent is None else to_agent
    if isinstance(target_id, bool) or not isinstance(target_id, int):
        raise Refused(400, "Bitte wählen Sie aus, wem das Ticket zugewiesen wird.")
    agent = session.get(Agent, target_id) if 0 < target_id < 2**31 else None
    if agent is None or not agent.active:
        raise Refused(400, UNKNOWN_AGENT)
    if not cases.assign_ticket(ticket, agent):
        raise Refused(409, TICKET_CLOSED)


@dataclass(frozen=True)
class Outgoing:
    """A stored answer on its way to the mail server."""

    reply_id: int
    to: str
    reply_to: str | None


def draft_step(
    session: Session, ticket_id: int, agent_id: int, subject: str, text: str
) -> Outgoing:
    ticket, agent = _working(session, ticket_id, agent_id)
    address = cases.reply_address(ticket)
    if address is None:
        raise Refused(409, NO_ADDRESS)
    reply = cases.draft_reply(session, ticket, agent, subject, text)
    program_email = ticket.program.program_email if ticket.program else None
    return Outgoing(reply.id, address, program_email)


def sent_step(session: Session, ticket_id: int, reply_id: int) -> None:
    ticket = _ticket(session, ticket_id)
    reply = next((r for r in ticket.replies if r.id == reply_id), None)
    if reply is not None:
        cases.mark_sent(ticket, reply)


def close_step(session: Session, ticket_id: int, agent_id: int) -> None:
    ticket, _agent = _working(session, ticket_id, agent_id)
    cases.close_ticket(ticket)


def login_step(session: Session, username: str, password: str) -> str | None:
    """The new session's token, or None for a wrong user name or password."""
    agent = authenticate(session, username, password)
    return start_session(session, agent).token if agent else None


def logout_step(session: Session, token: str | None, agent_id: int) -> None:
    end_session(session, token)
    agent = session.get(Agent, agent_id)
    if agent is not None:
        go_offline(session, agent)


# ---- events for the customer's widget -----------------------------------------------


def agent_message(text: str, first_name: str, handoff: str | None = None) -> dict[str, Any]:
    """A bot event the widget shows as the agent's message (``docs/widget.md``)."""
    custom: dict[str, Any] = {"agent": {"first_name": first_name}}
    if handoff:
        custom["handoff"] = handoff
    return {"event": "bot", "text": text, "data": {"custom": custom}}


# ---- routes ------------------------------------------------------------------------


def routes(templates: Jinja2Templates) -> list[Route]:
    throttle = LoginThrottle()

    def render(
        request: Request, name: str, context: dict[str, Any], status_code: int = 200
    ) -> Response:
        user: ConsoleUser | None = getattr(request.state, "user", None)
        return templates.TemplateResponse(
            request,
            name,
            {"user": user, "csrf_token": user.csrf_token if user else None, **context},
            status_code=status_code,
        )

    def not_found(request: Request) -> Response:
        return render(request, "console_notice.html", {"message": UNKNOWN_HANDOFF}, 404)

    def url(request: Request) -> str | None:
        return auth.settings_of(request).database_url

    def user_of(request: Request) -> ConsoleUser:
        return request.state.user

    # -- login and logout

    def login_form(
        request: Request,
        message: str | None,
        status_code: int,
        username: str = "",
        next_url: str | None = None,
    ) -> Response:
        # The browser's login nonce stays while it is valid, so that two open
        # login tabs both work.
        nonce = request.cookies.get(auth.LOGIN_COOKIE, "")
        if not _LOGIN_NONCE.fullmatch(nonce):
            nonce = auth.new_login_nonce()
        secret = auth.settings_of(request).console_secret
        response = render(
            request,
            "console_login.html",
            {
                "login_token": csrf.login_token(secret, nonce, time.time()),
                "next": auth.safe_next(next_url or request.query_params.get("next")),
                "message": message,
                "username": username,
            },
            status_code,
        )
        auth.set_cookie(response, request, auth.LOGIN_COOKIE, nonce, LOGIN_COOKIE_SECONDS)
        return response

    async def login_page(request: Request) -> Response:
        token = request.cookies.get(auth.COOKIE)
        secret = auth.settings_of(request).console_secret
        if token and await database.run(url(request), auth.load_user, token, secret):
            return RedirectResponse(auth.safe_next(request.query_params.get("next")), 303)
        return login_form(request, None, 200)

    async def login_submit(request: Request) -> Response:
        form = await auth.read_form(request)
        if form is None:
            return login_form(request, LOGIN_MISSING, 400)
        target = auth.safe_next(form.get("next"))
        if not csrf.login_token_valid(
            auth.settings_of(request).console_secret,
            request.cookies.get(auth.LOGIN_COOKIE),
            form.get(auth.CSRF_FIELD),
            time.time(),
            LOGIN_COOKIE_SECONDS,
        ):
            return login_form(request, LOGIN_EXPIRED, 403, next_url=target)
        username = form.get("username", "").strip()[:80]
        password = form.get("password", "")
        if not username or not password or len(password) > 1024:
            return login_form(request, LOGIN_MISSING, 400, username, target)
        address = client_address(request)
        wait = throttle.wait(username, address)
        if wait:
            response = login_form(request, login_throttled(wait), 429, username, target)
            response.headers["Retry-After"] = str(wait)
            return response
        token = await database.run(url(request), login_step, username, password)
        if token is None:
            throttle.failed(username, address)
            logger.info("Failed console login from %s.", address)
            return login_form(request, LOGIN_FAILED, 401, username, target)
        throttle.succeeded(username)
        response = RedirectResponse(target, status_code=303)
        auth.set_session_cookie(response, request, token)
        auth.clear_cookie(response, request, auth.LOGIN_COOKIE)
        return response

    async def logout(request: Request) -> Response:
        await database.run(
            url(request), logout_step, request.cookies.get(auth.COOKIE), user_of(request).agent_id
        )
        response = RedirectResponse(auth.LOGIN_URL, status_code=303)
        auth.clear_cookie(response, request, auth.COOKIE)
        return response

    # -- pages

    async def queue_page(request: Request) -> Response:
        data = await database.run(
            url(request), queue_view, request.query_params.get("program"), user_of(request).agent_id
        )
        return render(request, "console_queue.html", data)

    async def page_data(request: Request, param: str, load: Any) -> dict[str, Any] | None:
        """The data of a handoff's or a ticket's page (``load``), with the
        conversation's transcript from Rasa, or a notice when Rasa cannot be
        reached; None for an unknown id."""
        item_id = parse_id(request.path_params[param])
        if item_id is None:
            return None
        data = await database.run(url(request), load, item_id, user_of(request).agent_id)
        if data is None:
            return None
        entries, notice = None, None
        try:
            tracker = await auth.settings_of(request).rasa().tracker(data["conversation_id"])
            entries = transcript(tracker)
        except RasaUnavailable as error:
            logger.warning("Transcript of %s %s: %s", param.removesuffix("_id"), item_id, error)
            notice = TRANSCRIPT_DOWN
        return {**data, "transcript": entries, "transcript_notice": notice}

    async def conversation_page(request: Request) -> Response:
        data = await page_data(request, "handoff_id", handoff_page)
        if data is None:
            return not_found(request)
        return render(request, "console_conversation.html", data)

    async def ticket_view(request: Request) -> Response:
        data = await page_data(request, "ticket_id", ticket_page)
        if data is None:
            return render(request, "console_notice.html", {"message": UNKNOWN_TICKET}, 404)
        smtp = auth.settings_of(request).smtp
        mail_notice = None if smtp.configured else mailer.NOT_CONFIGURED_PAGE
        return render(request, "console_ticket.html", {**data, "mail_notice": mail_notice})

    async def metrics_page(request: Request) -> Response:
        raw = request.query_params.get("days", str(metrics.DEFAULT_DAYS))
        days = int(raw) if raw.isdigit() else 0
        if not 1 <= days <= metrics.MAX_DAYS:
            message = f"Der Zeitraum muss zwischen 1 und {metrics.MAX_DAYS} Tagen liegen."
            return render(request, "console_notice.html", {"message": message}, 400)
        figures = await database.run(url(request), metrics.compute, days)
        return render(request, "console_metrics.html", metrics_view.context(figures))

    # -- API

    async def api_queue(request: Request) -> Response:
        data = await database.run(
            url(request), queue_view, request.query_params.get("program"), user_of(request).agent_id
        )
        data.pop("programs")
        return JSONResponse(data)

    async def state_response(request: Request, handoff_id: int) -> Response:
        state = await database.run(
            url(request), handoff_state, handoff_id, user_of(request).agent_id
        )
        return JSONResponse(state) if state else api_error(UNKNOWN_HANDOFF, 404)

    async def api_handoff(request: Request) -> Response:
        handoff_id = parse_id(request.path_params["handoff_id"])
        if handoff_id is None:
            return api_error(UNKNOWN_HANDOFF, 404)
        return await state_response(request, handoff_id)

    async def api_transcript(request: Request) -> Response:
        handoff_id = parse_id(request.path_params["handoff_id"])
        conversation_id = None
        if handoff_id is not None:
            conversation_id = await database.run(url(request), conversation_of, handoff_id)
        if conversation_id is None:
            return api_error(UNKNOWN_HANDOFF, 404)
        try:
            tracker = await auth.settings_of(request).rasa().tracker(conversation_id)
        except RasaUnavailable as error:
            # Polled every second by every open conversation: no warning each time.
            logger.debug("Transcript of handoff %s: %s", handoff_id, error)
            return api_error(TRANSCRIPT_DOWN, 502)
        return JSONResponse(transcript(tracker))

    async def move(request: Request, step: Any, tell: Any) -> Response:
        """Change the handoff (``step``), tell the customer (``tell(rasa, move)``),
        commit; roll back when telling fails."""
        handoff_id = parse_id(request.path_params["handoff_id"])
        if handoff_id is None:
            return api_error(UNKNOWN_HANDOFF, 404)
        settings = auth.settings_of(request)
        try:
            async with (
                database.handoff_lock(request.app),
                database.transaction(settings.database_url) as session,
            ):
                done: Move = await database.step(
                    session, step, handoff_id, user_of(request).agent_id
                )
                if done.changed:
                    await tell(settings.rasa(), done)
        except Refused as refused:
            return api_error(refused.message, refused.status_code)
        except RasaUnavailable as error:
            logger.warning("Handoff %s, %s: %s", handoff_id, step.__name__, error)
            return api_error(RASA_DOWN, 502)
        return await state_response(request, handoff_id)

    async def api_claim(request: Request) -> Response:
        async def tell(rasa: Any, done: Move) -> None:
            message = agent_message(claim_message(done.agent_name), done.agent_name, "started")
            await rasa.append_events(done.conversation_id, [message])

        return await move(request, claim_step, tell)

    async def api_reply(request: Request) -> Response:
        try:
            text = await json_text(request, MAX_REPLY, "eine Nachricht")
        except Refused as refused:
            return api_error(refused.message, refused.status_code)

        async def tell(rasa: Any, done: Move) -> None:
            await rasa.append_events(done.conversation_id, [agent_message(text, done.agent_name)])

        return await move(request, reply_step, tell)

    async def api_resolve(request: Request) -> Response:
        async def tell(rasa: Any, done: Move) -> None:
            await rasa.execute(done.conversation_id, HANDBACK_ACTION)

        return await move(request, resolve_step, tell)

    async def api_note(request: Request) -> Response:
        handoff_id = parse_id(request.path_params["handoff_id"])
        if handoff_id is None:
            return api_error(UNKNOWN_HANDOFF, 404)
        try:
            text = await json_text(request, MAX_NOTE, "eine Notiz")
            await database.run(url(request), note_step, handoff_id, user_of(request).agent_id, text)
        except Refused as refused:
            return api_error(refused.message, refused.status_code)
        return await state_response(request, handoff_id)

    async def ticket_response(
        request: Request, ticket_id: int, notice: str | None = None
    ) -> Response:
        state = await database.run(url(request), ticket_state, ticket_id, user_of(request).agent_id)
        if state is None:
            return api_error(UNKNOWN_TICKET, 404)
        return JSONResponse({**state, "notice": notice})

    def ticket_id_of(request: Request) -> int:
        ticket_id = parse_id(request.path_params["ticket_id"])
        if ticket_id is None:
            raise Refused(404, UNKNOWN_TICKET)
        return ticket_id

    async def api_ticket(request: Request) -> Response:
        try:
            return await ticket_response(request, ticket_id_of(request))
        except Refused as refused:
            return api_error(refused.message, refused.status_code)

    async def ticket_move(request: Request, step: Any, *args: Any) -> Response:
        """A change of a ticket (assign, close) under the app's lock."""
        try:
            ticket_id = ticket_id_of(request)
            async with database.handoff_lock(request.app):
                await database.run(url(request), step, ticket_id, user_of(request).agent_id, *args)
        except Refused as refused:
            return api_error(refused.message, refused.status_code)
        return await ticket_response(request, ticket_id)

    async def api_ticket_assign(request: Request) -> Response:
        try:
            data = await json_object(request)
        except Refused as refused:
            return api_error(refused.message, refused.status_code)
        return await ticket_move(request, assign_step, data.get("agent_id"))

    async def api_ticket_close(request: Request) -> Response:
        return await ticket_move(request, close_step)

    async def api_ticket_reply(request: Request) -> Response:
        """Store the answer (as a draft), then hand it to the mail server; it
        counts as sent only once the server took it. Without a mail server
        the draft stays and the console says so."""
        settings = auth.settings_of(request)
        try:
            ticket_id = ticket_id_of(request)
            subject, text = await json_mail(request)
            async with database.handoff_lock(request.app):
                outgoing: Outgoing = await database.run(
                    url(request), draft_step, ticket_id, user_of(request).agent_id, subject, text
                )
                if not settings.smtp.configured:
                    return await ticket_response(request, ticket_id, mailer.NOT_CONFIGURED)
                mail = mailer.message(settings.smtp, outgoing.to, subject, text, outgoing.reply_to)
                await run_in_threadpool(mailer.send, settings.smtp, mail)
                await database.run(url(request), sent_step, ticket_id, outgoing.reply_id)
        except Refused as refused:
            return api_error(refused.message, refused.status_code)
        except mailer.MailFailed as failed:
            # The exception's text never names the address; its cause might.
            logger.warning(
                "Ticket %s: answer not sent (%s).", ticket_id, type(failed.__cause__).__name__
            )
            return api_error(str(failed), 502)
        logger.info("Ticket %s: answer sent by e-mail.", ticket_id)
        return await ticket_response(request, ticket_id, MAIL_SENT)

    guard, public = auth.guard, auth.public
    handoff = "/console/api/handoffs/{handoff_id}"
    ticket = "/console/api/tickets/{ticket_id}"
    return [
        Route("/console/login", public(login_page), methods=["GET"], name="console_login"),
        Route("/console/login", public(login_submit), methods=["POST"]),
        Route("/console/logout", guard(logout), methods=["POST"], name="console_logout"),
        Route("/console", guard(queue_page), methods=["GET"], name="console"),
        Route("/console/handoffs/{handoff_id}", guard(conversation_page), methods=["GET"]),
        Route("/console/metrics", guard(metrics_page), methods=["GET"], name="console_metrics"),
        Route("/console/api/queue", guard(api_queue), methods=["GET"]),
        Route(handoff, guard(api_handoff), methods=["GET"]),
        Route(f"{handoff}/transcript", guard(api_transcript), methods=["GET"]),
        Route(f"{handoff}/claim", guard(api_claim), methods=["POST"]),
        Route(f"{handoff}/reply", guard(api_reply), methods=["POST"]),
        Route(f"{handoff}/note", guard(api_note), methods=["POST"]),
        Route(f"{handoff}/resolve", guard(api_resolve), methods=["POST"]),
        Route("/console/tickets/{ticket_id}", guard(ticket_view), methods=["GET"]),
        Route(ticket, guard(api_ticket), methods=["GET"]),
        Route(f"{ticket}/assign", guard(api_ticket_assign), methods=["POST"]),
        Route(f"{ticket}/reply", guard(api_ticket_reply), methods=["POST"]),
        Route(f"{ticket}/close", guard(api_ticket_close), methods=["POST"]),
    ]
