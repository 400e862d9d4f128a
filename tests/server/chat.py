"""Helpers for conversations with the running bot."""

from __future__ import annotations

import queue
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import socketio
import yaml
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[2]


@cache
def domain() -> dict:
    """domain.yml as the action server receives it from Rasa."""
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def response_texts(name: str, language: str | None = None, **slots: str) -> set[str]:
    """All variants of a domain response, the named ``{slot}``s filled (the
    others still read ``{...}``); with ``language``, only the variants for that
    value of the ``language`` slot ("de": those without a condition)."""
    variants = {
        variant["text"]
        for variant in domain()["responses"][name]
        if language is None or _variant_language(variant) == language
    }
    for slot, value in slots.items():
        variants = {text.replace(f"{{{slot}}}", value) for text in variants}
    return variants


def response_opening(name: str) -> str:
    """The words of a domain response before its first ``{placeholder}``:
    what a reply that fills them in starts with."""
    return next(iter(response_texts(name))).split("{")[0]


def opens_as(text: str, name: str) -> bool:
    """Whether ``text`` starts like one of the variants of the domain response
    ``name`` (its words before the first ``{placeholder}``)."""
    return any(text.startswith(variant.split("{")[0]) for variant in response_texts(name))


def code_asked(text: str, code_prefix: str) -> bool:
    """Whether ``text`` is the form's question for the code: in full, or
    as the short reminder once the same question was asked before."""
    full = response_texts("utter_ask_referral_code", code_prefix=code_prefix)
    return text in full | response_texts("utter_ask_referral_code_again")


def _variant_language(variant: dict) -> str:
    for condition in variant.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return "de"


# A date as the bot writes it ("18. Januar 2027"). The demo data's dates
# move with the day the tests run: tests take dates from what the bot said
# before (the status) or from the database, never hard-code them.
DATE = re.compile(
    r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
    r"|November|Dezember) \d{4}"
)


def dates_in(text: str) -> set[str]:
    """The dates in ``text`` as the bot writes them."""
    return {match.group(0) for match in DATE.finditer(text)}


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(replies: list[dict]) -> list[str]:
    return [reply.get("text", "") for reply in replies]


def spoken(replies: list[dict]) -> list[str]:
    """The texts of the replies, without the messages that carry only data
    (the help-page entry a reply links to)."""
    return [text for text in texts(replies) if text]


def joined(replies: list[dict]) -> str:
    return "\n".join(texts(replies))


def button_titles(replies: list[dict]) -> list[str]:
    return [button["title"] for reply in replies for button in reply.get("buttons") or []]


WAIT_S = 60


class WidgetClient:
    """A socket.io client that speaks the widget's protocol."""

    def __init__(self, url: str) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        for name in ("session_confirm", "session_history", "bot_uttered", "user_echo", "bot_error"):
            self.sio.on(name, self._recorder(name))
        self.sio.connect(url, transports=["polling"], wait_timeout=30)
        self.session_id: str | None = None

    def _recorder(self, name: str):
        return lambda data=None: self.events.put((name, data))

    def next(self, name: str, timeout: float = WAIT_S) -> Any:
        while True:
            event, data = self.events.get(timeout=timeout)
            if event == name:
                return data

    def request_session(self, session_id: str | None = None, **extra: Any) -> list[dict]:
        self.sio.emit("session_request", {"session_id": session_id, **extra})
        self.session_id = self.next("session_confirm")
        history = self.next("session_history")
        assert history["session_id"] == self.session_id
        return history["messages"]

    def say(self, text: str, **extra: Any) -> dict:
        self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id, **extra})
        return self.next("bot_uttered")

    def close(self) -> None:
        """Leave the way a closed browser tab does: the server gets engine.io's
        close packet (which ends the socket.io session too), and the client
        does not wait for its pending long-poll request, which the server may
        hold for up to its ping interval (25 s)."""
        self.sio.eio.disconnect(abort=True)


def reaches_person(replies: list[dict]) -> bool:
    """A person: queued for an agent, or (nobody there) the e-mail reply offered."""
    queued = any((reply.get("custom") or {}).get("handoff") == "waiting" for reply in replies)
    return queued or "Ja, bitte per E-Mail melden" in button_titles(replies)


def kb_text(
    database_url: str, entry_id: str, slug: str, part: str = "answer", *, female: bool = False
) -> str:
    """The knowledge-base entry as the bot says it for the program ``slug``;
    ``female`` when the conversation speaks of the friend as a woman."""
    from bot.db import session_scope
    from bot.knowledge.entries import knowledge_base
    from bot.knowledge.facts import as_message, render
    from bot.programs import find_program

    base = knowledge_base()
    with session_scope(database_url) as session:
        program = find_program(session, slug)
        return as_message(render(base.get(entry_id), base, program, part, female))


def speaks_of_a_woman_to(said: list[str], entry_id: str) -> bool:
    """Whether the bot speaks of the friend as a woman in the answer
    ``entry_id`` after the customer wrote ``said`` (the bot's own reading)."""
    from rasa_sdk import Tracker

    from actions.base import friend_is_a_woman
    from bot.knowledge.entries import knowledge_base

    events = [{"event": "user", "text": text} for text in said]
    tracker = Tracker("test", {}, {}, events, False, None, {}, "action_listen")
    return friend_is_a_woman(tracker, entry_id in knowledge_base().for_referred_friends)


def kb_english(database_url: str, entry_id: str, slug: str) -> str:
    """The short English answer of an entry (its first line: the links under
    it lead to German help pages)."""
    return kb_text(database_url, entry_id, slug, "english").split("\n")[0]


def once_stored(read: Callable[[], dict], said: str, timeout_s: float = 10) -> dict:
    """The tracker that ``read`` returns, once Rasa stored the turn of the
    customer message ``said``: a socket.io customer gets the answer while the
    turn runs, and Rasa stores the turn when it ends."""
    deadline = time.monotonic() + timeout_s
    while True:
        state = read()
        stored = (state.get("latest_message") or {}).get("text")
        if stored == said or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def only_complaint(database_url: str, sender: str) -> Any:
    """The one complaint recorded in conversation ``sender`` (detached)."""
    (complaint,) = complaints_of(database_url, sender)
    return complaint


def complaints_of(database_url: str, sender: str) -> list[Any]:
    """The complaints recorded in the conversation ``sender`` (tickets of
    kind ``complaint``)."""
    from bot.db import session_scope
    from bot.models import Ticket, TicketKind

    with session_scope(database_url) as session:
        query = select(Ticket).where(
            Ticket.conversation_id == sender, Ticket.kind == TicketKind.COMPLAINT
        )
        found = list(session.scalars(query).all())
        for complaint in found:
            session.expunge(complaint)
        return found


@contextmanager
def resends_of(database_url: str, code: str, count: int = 0) -> Iterator[None]:
    """The reward mails of the referrer with ``code`` as resent ``count``
    times, for one test: the demo data is shared, and tests before may have
    used up the resends the test needs (restored afterwards)."""
    from bot.db import session_scope
    from bot.models import Referral, Referrer, Reward

    query = (
        select(Reward)
        .join(Referral, Reward.referral_id == Referral.id)
        .join(Referrer, Referral.referrer_id == Referrer.id)
        .where(Referrer.referral_code == code)
    )
    with session_scope(database_url) as session:
        before = {reward.id: reward.resend_count for reward in session.scalars(query)}
        for reward in session.scalars(query):
            reward.resend_count = count
    try:
        yield
    finally:
        with session_scope(database_url) as session:
            for reward in session.scalars(query):
                reward.resend_count = before[reward.id]


def close_tickets(database_url: str, sender: str) -> None:
    """Close the tickets a test opened: the demo data is shared, and a later
    test of the same referral must open its own (an open one is reused)."""
    from sqlalchemy import update

    from bot.db import session_scope
    from bot.models import CaseState, Ticket

    with session_scope(database_url) as session:
        session.execute(
            update(Ticket).where(Ticket.conversation_id == sender).values(state=CaseState.DONE)
        )
