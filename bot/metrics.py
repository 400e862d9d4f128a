"""Service metrics from the database: how well the bot and the service team do.

Computed for a period (the last ``days`` days) from two sources:

* Rasa's ``events`` table (the tracker store, ``bot/tracker_store.py``):
  conversations, customer messages, their intents, fallbacks, the program of
  each conversation (its ``program`` slot);
* the project's tables: handoffs (reasons, first response of agents), tickets
  and ratings (CSAT 1-5).

Definitions, as the report shows them:

* *conversation*: a sender with at least one customer message in the period;
* *contained*: a conversation for which no handoff and no ticket was created,
  i.e. the bot solved it without a person;
* *fallback rate*: customer messages the NLU could not classify
  (``nlu_fallback``), out of all customer messages;
* *first response time*: from the handoff request to the agent's first reply
  (handoffs that were answered);
* *CSAT*: mean rating and the share of 4 and 5;
* *NPS*: answers to the recommendation question (0 to 10) after the rating,
  counted as promoters (9-10), passives (7-8) and detractors (0-6); the NPS
  is % promoters minus % detractors (``bot.nps``), for the whole period and
  per program and calendar week (ISO 8601, German time);
* *within target*: per program and channel (live chat, callback ticket), the
  share of requests answered within the program's response-time target
  (``bot/targets.py``), out of those answered or already past the target;
  requests still within their time and those that ended unanswered in time
  (the customer left, the ticket was closed) do not count.

The web console shows it at ``/console/metrics``; ``python -m web.report``
writes the same page as a file.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.clock import local, utcnow
from bot.db import make_engine, separate_tracker_url
from bot.db import tracker_events as events
from bot.models import Handoff, HandoffReason, NpsAnswer, Program, Rating, Ticket, TicketKind
from bot.nps import NpsTally
from bot.stats import percentile
from bot.targets import Target, callback_days, chat_seconds, chat_target, ticket_target

FALLBACK_INTENT = "nlu_fallback"
DEFAULT_DAYS = 30
MAX_DAYS = 365
TOP_INTENTS = 5
NO_PROGRAM = "ohne Programm"


@dataclass(frozen=True)
class Distribution:
    """A sample of durations in seconds, summarised."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Distribution:
        if not seconds:
            return cls(0, None, None)
        ordered = sorted(seconds)
        return cls(len(ordered), statistics.median(ordered), percentile(ordered, 0.9))


@dataclass(frozen=True)
class Csat:
    count: int
    mean: float | None
    satisfied_share: float | None  # ratings of 4 or 5
    scores: dict[int, int]  # 1..5 -> how many


@dataclass(frozen=True)
class TargetShare:
    """Requests of one channel answered within their target, of those that count."""

    within: int = 0
    counted: int = 0

    @property
    def share(self) -> float | None:
        return self.within / self.counted if self.counted else None

    @classmethod
    def of(cls, targets: list[Target], now: datetime) -> TargetShare:
        verdicts = [met for met in (t.met(now) for t in targets) if met is not None]
        return cls(within=sum(verdicts), counted=len(verdicts))


@dataclass(frozen=True)
class ProgramTargets:
    """One program's response-time targets and how often they were kept."""

    name: str
    chat_seconds: int
    callback_days: int
    chat: TargetShare
    callback: TargetShare


def iso_week(day: date) -> str:
    """The ISO 8601 week of ``day``: ``"2026-W22"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class NpsRow:
    """One answer to the recommendation question, as the report and the CSV
    export show it (no conversation id: a widget's session id is a secret)."""

    id: int
    created_at: datetime  # naive UTC
    program: str
    score: int
    comment: str | None

    @property
    def week(self) -> date:
        """The Monday of the answer's calendar week, in German time."""
        day = local(self.created_at).date()
        return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class NpsWeek:
    monday: date
    tally: NpsTally

    @property
    def label(self) -> str:
        return iso_week(self.monday)


@dataclass(frozen=True)
class ProgramNps:
    """One program's answers in the period: in total and per calendar week
    (every week of the period, those without answers too)."""

    name: str
    tally: NpsTally
    weeks: list[NpsWeek]


@dataclass
class Metrics:
    days: int
    since: datetime
    until: datetime
    conversations: int = 0
    contained: int = 0
    customer_messages: int = 0
    fallback_messages: int = 0
    handoffs: int = 0
    handoff_reasons: list[tuple[HandoffReason, int]] = field(default_factory=list)
    first_response: Distribution = field(default_factory=lambda: Distribution(0, None, None))
    csat: Csat = field(default_factory=lambda: Csat(0, None, None, {}))
    top_intents: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    targets: list[ProgramTargets] = field(default_factory=list)
    nps: NpsTally = field(default_factory=NpsTally)
    nps_programs: list[ProgramNps] = field(default_factory=list)

    @property
    def containment_rate(self) -> float | None:
        return self.contained / self.conversations if self.conversations else None

    @property
    def fallback_rate(self) -> float | None:
        return self.fallback_messages / self.customer_messages if self.customer_messages else None


@dataclass
class _Conversation:
    intents: Counter[str] = field(default_factory=Counter)
    program: str | None = None


def _conversations(session: Session, since: datetime, until: datetime) -> dict[str, _Conversation]:
    """Customer messages and program per sender, from the tracker store.

    ``TRACKER_DATABASE_URL`` set means the events live in a database of their
    own; otherwise they are in the session's database.
    """
    query = (
        select(
            events.c.sender_id,
            events.c.type_name,
            events.c.intent_name,
            events.c.action_name,
            events.c.data,
        )
        .where(events.c.timestamp >= since.replace(tzinfo=UTC).timestamp())
        .where(events.c.timestamp < until.replace(tzinfo=UTC).timestamp())
        .where(
            (events.c.type_name == "user")
            | ((events.c.type_name == "slot") & (events.c.action_name == "program"))
        )
        .order_by(events.c.id)
    )
    separate = separate_tracker_url()
    if separate:
        engine = make_engine(separate)
        try:
            with engine.connect() as connection:
                rows = _rows_if_table(connection, query)
        finally:
            engine.dispose()
    else:
        rows = _rows_if_table(session.connection(), query)

    found: dict[str, _Conversation] = defaultdict(_Conversation)
    for sender, kind, intent, _action, data in rows:
        conversation = found[sender]
        if kind == "user":
            conversation.intents[intent or FALLBACK_INTENT] += 1
        else:
            value = json.loads(data).get("value")
            conversation.program = value or conversation.program
    return {sender: c for sender, c in found.items() if c.intents}


def _rows_if_table(connection: Connection, query: Select) -> list[Row]:
    """Rasa creates ``events`` on its first start; before that there is nothing."""
    if not inspect(connection).has_table("events"):
        return []
    return list(connection.execute(query))


def compute(session: Session, days: int = DEFAULT_DAYS, now: datetime | None = None) -> Metrics:
    """The metrics of the last ``days`` days up to ``now`` (naive UTC)."""
    until = now or utcnow()
    since = until - timedelta(days=days)
    metrics = Metrics(days=days, since=since, until=until)

    conversations = _conversations(session, since, until)
    handoffs = session.scalars(
        select(Handoff).where(Handoff.created_at >= since, Handoff.created_at < until)
    ).all()
    ticket_conversations = set(
        session.scalars(
            select(Ticket.conversation_id).where(
                Ticket.created_at >= since, Ticket.created_at < until
            )
        )
    )
    with_people = {h.conversation_id for h in handoffs} | ticket_conversations

    metrics.conversations = len(conversations)
    metrics.contained = sum(1 for sender in conversations if sender not in with_people)
    metrics.customer_messages = sum(sum(c.intents.values()) for c in conversations.values())
    metrics.fallback_messages = sum(c.intents[FALLBACK_INTENT] for c in conversations.values())

    metrics.handoffs = len(handoffs)
    metrics.handoff_reasons = Counter(h.reason for h in handoffs).most_common()
    metrics.first_response = Distribution.of(
        [
            (h.first_response_at - h.created_at).total_seconds()
            for h in handoffs
            if h.first_response_at is not None
        ]
    )

    scores = list(
        session.scalars(
            select(Rating.score).where(Rating.created_at >= since, Rating.created_at < until)
        )
    )
    metrics.csat = Csat(
        count=len(scores),
        mean=statistics.fmean(scores) if scores else None,
        satisfied_share=sum(1 for s in scores if s >= 4) / len(scores) if scores else None,
        scores={score: scores.count(score) for score in range(1, 6)},
    )

    callbacks = session.scalars(
        select(Ticket).where(
            Ticket.kind == TicketKind.CALLBACK,
            Ticket.created_at >= since,
            Ticket.created_at < until,
        )
    ).all()
    metrics.targets = _targets(session, handoffs, callbacks, until)

    answers = nps_answers(session, since, until)
    metrics.nps = NpsTally.of([row.score for row in answers])
    metrics.nps_programs = nps_per_program(session, answers, since, until)

    brands = {slug: brand for slug, brand in session.execute(select(Program.slug, Program.brand))}
    per_program: dict[str, Counter[str]] = defaultdict(Counter)
    for conversation in conversations.values():
        label = brands.get(conversation.program or "", NO_PROGRAM)
        per_program[label].update(conversation.intents)
    metrics.top_intents = {
        label: counts.most_common(TOP_INTENTS) for label, counts in sorted(per_program.items())
    }
    return metrics


def _targets(
    session: Session, handoffs: list[Handoff], callbacks: list[Ticket], now: datetime
) -> list[ProgramTargets]:
    """The share within target per program (every program, and requests
    without a program when there are any)."""
    programs: list[Program | None] = list(session.scalars(select(Program).order_by(Program.brand)))
    if any(h.program_id is None for h in handoffs) or any(t.program_id is None for t in callbacks):
        programs.append(None)
    return [
        ProgramTargets(
            name=program.brand if program else NO_PROGRAM,
            chat_seconds=chat_seconds(program),
            callback_days=callback_days(program),
            chat=TargetShare.of([chat_target(h) for h in handoffs if h.program is program], now),
            callback=TargetShare.of(
                [ticket_target(t) for t in callbacks if t.program is program], now
            ),
        )
        for program in programs
    ]


def nps_answers(session: Session, since: datetime, until: datetime) -> list[NpsRow]:
    """The answers to the recommendation question in the period, oldest first."""
    rows = session.execute(
        select(NpsAnswer, Program.brand)
        .outerjoin(Program, NpsAnswer.program_id == Program.id)
        .where(NpsAnswer.created_at >= since, NpsAnswer.created_at < until)
        .order_by(NpsAnswer.created_at, NpsAnswer.id)
    ).all()
    return [
        NpsRow(
            id=answer.id,
            created_at=answer.created_at,
            program=brand or NO_PROGRAM,
            score=answer.score,
            comment=answer.comment,
        )
        for answer, brand in rows
    ]


def weeks_between(since: datetime, until: datetime) -> list[date]:
    """The Mondays of every calendar week (German time) the period touches."""
    first = local(since).date()
    last = local(until).date()
    monday = first - timedelta(days=first.weekday())
    mondays = []
    while monday <= last:
        mondays.append(monday)
        monday += timedelta(days=7)
    return mondays


def nps_per_program(
    session: Session, answers: list[NpsRow], since: datetime, until: datetime
) -> list[ProgramNps]:
    """Every program (and answers without a program, if any), by calendar week."""
    names = list(session.scalars(select(Program.brand).order_by(Program.brand)))
    if any(row.program == NO_PROGRAM for row in answers):
        names.append(NO_PROGRAM)
    mondays = weeks_between(since, until)
    result = []
    for name in names:
        scores: dict[date, list[int]] = defaultdict(list)
        for row in answers:
            if row.program == name:
                scores[row.week].append(row.score)
        result.append(
            ProgramNps(
                name=name,
                tally=NpsTally.of([score for week in scores.values() for score in week]),
                weeks=[NpsWeek(monday, NpsTally.of(scores.get(monday, []))) for monday in mondays],
            )
        )
    return result
