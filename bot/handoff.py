"""Handoffs to the service team: the queue, its states and its timers.

One place for the life of a handoff, used by the bot's actions (open, ask
whether anyone is there) and by the agent console (claim, reply, note,
resolve) and its background sweep (waits that take too long, agents who went
idle):

    waiting --claim--> active --resolve--> resolved (back to the bot)
       |                 |
       |                 +--agent idle--> waiting (back in the queue)
       +--customer cancels--> cancelled
       +--nobody came in time--> timed_out (+ callback ticket when we know
                                            the customer's address)

Times are naive UTC (``bot.clock.utcnow``); business hours are compared in
the programs' time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot import settings
from bot.cases import OVERDUE_REPLY_WORKDAYS, add_workdays, open_ticket
from bot.clock import TIMEZONE, utcnow
from bot.clock import local as local_time
from bot.formatting import mask_personal_data
from bot.knowledge.phrases import phrase
from bot.models import (
    Agent,
    CaseState,
    Handoff,
    HandoffNote,
    HandoffReason,
    HandoffStatus,
    Program,
    Rating,
    Referrer,
    Ticket,
    TicketKind,
)

OPEN_STATES = (HandoffStatus.WAITING, HandoffStatus.ACTIVE)
MAX_NOTE = 4000
WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass(frozen=True)
class HandoffSettings:
    """The handoff timers; ``from_env`` reads them from the environment.

    * ``HANDOFF_MAX_WAIT_SECONDS`` (600): a customer waits at most this long
      for an agent, then gets a callback ticket instead.
    * ``AGENT_IDLE_SECONDS`` (300): an agent whose console has not been heard
      from for this long loses their active conversations back to the queue.
    * ``AGENT_ONLINE_SECONDS`` (60): an agent counts as online while their
      console was heard from within this time (it polls every few seconds).
    * ``HANDOFF_MINUTES_PER_CUSTOMER`` (5): for the expected waiting time.
    """

    max_wait: timedelta = timedelta(seconds=600)
    agent_idle: timedelta = timedelta(seconds=300)
    agent_online: timedelta = timedelta(seconds=60)
    minutes_per_customer: int = 5

    @classmethod
    def from_env(cls) -> HandoffSettings:
        return cls(
            max_wait=timedelta(seconds=settings.number("HANDOFF_MAX_WAIT_SECONDS")),
            agent_idle=timedelta(seconds=settings.number("AGENT_IDLE_SECONDS")),
            agent_online=timedelta(seconds=settings.number("AGENT_ONLINE_SECONDS")),
            minutes_per_customer=int(settings.number("HANDOFF_MINUTES_PER_CUSTOMER")),
        )


# ---- business hours -------------------------------------------------------


def _open_on(program: Program, day_number: int) -> bool:
    return str(day_number) in program.hours_weekdays


def _all_day(program: Program) -> bool:
    """Opening and closing at the same time means: around the clock."""
    return program.hours_open == program.hours_close


def is_business_hours(program: Program, now_utc: datetime | None = None) -> bool:
    local = local_time(now_utc or utcnow())
    if not _open_on(program, local.isoweekday()):
        return False
    if _all_day(program):
        return True
    return program.hours_open <= local.time().replace(tzinfo=None) < program.hours_close


def next_opening(program: Program, now_utc: datetime | None = None) -> datetime | None:
    """When the team is next there (local time), or None if the program has
    no opening days at all."""
    local = local_time(now_utc or utcnow())
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        if not _open_on(program, day.isoweekday()):
            continue
        opens = datetime.combine(day, program.hours_open, tzinfo=TIMEZONE)
        if opens > local:
            return opens
    return None


def describe_opening(opening: datetime, now_utc: datetime | None = None) -> str:
    """``"heute um 8:00 Uhr"``, ``"morgen um 9:00 Uhr"``, ``"am Montag um 8:00 Uhr"``."""
    today = local_time(now_utc or utcnow()).date()
    clock = f"{opening.hour}:{opening.minute:02d} Uhr"
    days = (opening.date() - today).days
    if days == 0:
        return f"heute um {clock}"
    if days == 1:
        return f"morgen um {clock}"
    return f"am {WEEKDAY_NAMES[opening.weekday()]} um {clock}"


# ---- availability ----------------------------------------------------------


def agents_online(
    session: Session, now: datetime | None = None, settings: HandoffSettings | None = None
) -> int:
    settings = settings or HandoffSettings.from_env()
    since = (now or utcnow()) - settings.agent_online
    return (
        session.scalar(
            select(func.count(Agent.id)).where(Agent.active.is_(True), Agent.last_seen_at >= since)
        )
        or 0
    )


@dataclass(frozen=True)
class Availability:
    open_now: bool  # within the program's business hours
    agents: int  # agents online right now
    back_at: datetime | None  # next opening (local time) when closed

    @property
    def can_hand_over(self) -> bool:
        return self.open_now and self.agents > 0


def availability(
    session: Session,
    program: Program | None,
    now: datetime | None = None,
    settings: HandoffSettings | None = None,
) -> Availability:
    """Can a person take over now? Without a known program, only agents count."""
    now = now or utcnow()
    open_now = program is None or is_business_hours(program, now)
    back_at = None if open_now or program is None else next_opening(program, now)
    return Availability(open_now, agents_online(session, now, settings), back_at)


# ---- the queue -------------------------------------------------------------


def open_handoff_for(session: Session, conversation_id: str) -> Handoff | None:
    """The conversation's waiting or active handoff, if any."""
    return session.scalars(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN_STATES))
        .order_by(Handoff.id.desc())
    ).first()


def lock_handoff(session: Session, handoff_id: int) -> Handoff | None:
    """The handoff, locked until the transaction ends where the database can
    (PostgreSQL: ``SELECT … FOR UPDATE``), so that two agents cannot both
    claim it; the console holds the lock while it tells the customer."""
    return session.get(Handoff, handoff_id, with_for_update=True)


def latest_handoff_for(session: Session, conversation_id: str) -> Handoff | None:
    return session.scalars(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.id.desc())
    ).first()


def open_handoff(
    session: Session,
    *,
    conversation_id: str,
    reason: HandoffReason,
    summary: str,
    program: Program | None = None,
    referrer: Referrer | None = None,
    now: datetime | None = None,
) -> Handoff:
    """Put the conversation into the queue; asking twice keeps one entry."""
    existing = open_handoff_for(session, conversation_id)
    if existing is not None:
        return existing
    handoff = Handoff(
        conversation_id=conversation_id,
        program_id=program.id if program else None,
        referrer_id=referrer.id if referrer else None,
        reason=reason,
        summary=mask_personal_data(summary)[:MAX_NOTE],
        status=HandoffStatus.WAITING,
        created_at=now or utcnow(),
        queued_at=now or utcnow(),
    )
    session.add(handoff)
    session.flush()
    return handoff


def queue_position(session: Session, handoff: Handoff) -> int:
    """1 for the next in line; 0 when the handoff no longer waits."""
    if handoff.status is not HandoffStatus.WAITING:
        return 0
    ahead = session.scalar(
        select(func.count(Handoff.id)).where(
            Handoff.status == HandoffStatus.WAITING, Handoff.created_at < handoff.created_at
        )
    )
    return (ahead or 0) + 1


def expected_wait_minutes(position: int, agents: int, settings: HandoffSettings) -> int:
    """A rough promise: customers ahead times minutes each, shared by the agents."""
    if position <= 0:
        return 0
    return max(1, -(-position * settings.minutes_per_customer // max(agents, 1)))


def queue(
    session: Session, program_slug: str | None = None, include_ended_since: datetime | None = None
) -> list[Handoff]:
    """Waiting and active handoffs, oldest first, optionally of one program."""
    condition = Handoff.status.in_(OPEN_STATES)
    if include_ended_since is not None:
        condition = condition | (Handoff.ended_at >= include_ended_since)
    query = (
        select(Handoff)
        .where(condition)
        .options(selectinload(Handoff.program), selectinload(Handoff.agent))
        .order_by(Handoff.created_at, Handoff.id)
    )
    if program_slug:
        query = query.join(Program, Handoff.program_id == Program.id).where(
            Program.slug == program_slug
        )
    return list(session.scalars(query))


def open_tickets(
    session: Session, program_slug: str | None = None, limit: int = 200
) -> list[Ticket]:
    """Tickets not done yet (callbacks, data rights, overdue rewards), by due date."""
    query = (
        select(Ticket)
        .where(Ticket.state != CaseState.DONE)
        .options(
            selectinload(Ticket.program),
            selectinload(Ticket.agent),
            selectinload(Ticket.referrer),
        )
        .order_by(Ticket.due_on, Ticket.id)
    )
    if program_slug:
        query = query.join(Program, Ticket.program_id == Program.id).where(
            Program.slug == program_slug
        )
    return list(session.scalars(query.limit(limit)))


# ---- agents' moves -----------------------------------------------------------


def claim(session: Session, handoff: Handoff, agent: Agent, now: datetime | None = None) -> bool:
    """The agent takes a waiting conversation. False if someone else holds it
    or it is over; claiming one's own again is fine."""
    if handoff.status is HandoffStatus.ACTIVE and handoff.agent_id == agent.id:
        return True
    if handoff.status is not HandoffStatus.WAITING:
        return False
    handoff.status = HandoffStatus.ACTIVE
    handoff.agent_id = agent.id
    handoff.claimed_at = now or utcnow()
    return True


def holds(handoff: Handoff, agent: Agent) -> bool:
    return handoff.status is HandoffStatus.ACTIVE and handoff.agent_id == agent.id


def record_reply(handoff: Handoff, now: datetime | None = None) -> None:
    """Remember the first answer of a person (first response time)."""
    if handoff.first_response_at is None:
        handoff.first_response_at = now or utcnow()


def add_note(session: Session, handoff: Handoff, agent: Agent, text: str) -> HandoffNote | None:
    text = text.strip()[:MAX_NOTE]
    if not text:
        return None
    note = HandoffNote(handoff_id=handoff.id, agent_id=agent.id, text=text, created_at=utcnow())
    session.add(note)
    session.flush()
    return note


def resolve(handoff: Handoff, now: datetime | None = None) -> bool:
    """The agent hands the conversation back to the bot."""
    if handoff.status not in OPEN_STATES:
        return False
    handoff.status = HandoffStatus.RESOLVED
    handoff.ended_at = now or utcnow()
    return True


def release(handoff: Handoff, now: datetime | None = None) -> None:
    """Back into the queue, keeping its place (created_at is unchanged); the
    maximum wait starts again (queued_at)."""
    handoff.status = HandoffStatus.WAITING
    handoff.agent_id = None
    handoff.claimed_at = None
    handoff.queued_at = now or utcnow()


# ---- the customer's moves and the timers -------------------------------------


def cancel_wait(
    session: Session, conversation_id: str, now: datetime | None = None
) -> Handoff | None:
    """The customer stops waiting. Only a *waiting* handoff can be cancelled:
    once an agent holds the conversation, the agent hands it back."""
    handoff = open_handoff_for(session, conversation_id)
    if handoff is None or handoff.status is not HandoffStatus.WAITING:
        return None
    handoff.status = HandoffStatus.CANCELLED
    handoff.ended_at = now or utcnow()
    return handoff


def time_out_waiting(
    session: Session, now: datetime | None = None, settings: HandoffSettings | None = None
) -> list[Handoff]:
    """Waits longer than ``max_wait`` end; where the customer is verified,
    a callback ticket to the address on file takes their place."""
    settings = settings or HandoffSettings.from_env()
    now = now or utcnow()
    overdue = session.scalars(
        select(Handoff).where(
            Handoff.status == HandoffStatus.WAITING, Handoff.queued_at < now - settings.max_wait
        )
    ).all()
    for handoff in overdue:
        handoff.status = HandoffStatus.TIMED_OUT
        handoff.ended_at = now
        if handoff.referrer_id is not None:
            handoff.ticket_id = callback_ticket(
                session,
                conversation_id=handoff.conversation_id,
                program_id=handoff.program_id,
                referrer_id=handoff.referrer_id,
                details=phrase("ticket.callback_after_wait", summary=handoff.summary),
            ).id
    return list(overdue)


def release_idle_claims(
    session: Session, now: datetime | None = None, settings: HandoffSettings | None = None
) -> list[Handoff]:
    """Active conversations of agents not heard from for ``agent_idle`` go
    back to the queue."""
    settings = settings or HandoffSettings.from_env()
    now = now or utcnow()
    cutoff = now - settings.agent_idle
    idle = session.scalars(
        select(Handoff)
        .join(Agent, Handoff.agent_id == Agent.id)
        .where(
            Handoff.status == HandoffStatus.ACTIVE,
            (Agent.last_seen_at < cutoff) | Agent.last_seen_at.is_(None),
        )
    ).all()
    for handoff in idle:
        release(handoff, now)
    return list(idle)


def callback_due() -> date:
    """By when the team answers an e-mail reply requested now."""
    return add_workdays(local_time(utcnow()).date(), OVERDUE_REPLY_WORKDAYS)


def callback_ticket(
    session: Session,
    *,
    conversation_id: str,
    program_id: int | None,
    referrer_id: int | None,
    details: str,
    contact_email: str | None = None,
) -> Ticket:
    """A request to answer the customer by e-mail: at the address on file of
    a verified customer (``referrer_id``), else at ``contact_email``."""
    opened = open_ticket(
        session,
        TicketKind.CALLBACK,
        conversation_id,
        details,
        due_on=callback_due(),
        program_id=program_id,
        referrer_id=referrer_id,
        contact_email=contact_email,
    )
    return opened.ticket


# ---- ratings -----------------------------------------------------------------


def record_rating(
    session: Session,
    *,
    conversation_id: str,
    score: int,
    program_id: int | None = None,
) -> Rating | None:
    """Store a CSAT score (1 to 5); anything else is ignored."""
    if not 1 <= score <= 5:
        return None
    latest = latest_handoff_for(session, conversation_id)
    rating = Rating(
        conversation_id=conversation_id,
        program_id=program_id,
        handoff_id=latest.id if latest and latest.status is HandoffStatus.RESOLVED else None,
        score=score,
        created_at=utcnow(),
    )
    session.add(rating)
    session.flush()
    return rating
