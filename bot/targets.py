"""Response-time targets of the service team, per program and channel.

Seed 003 asks to measure the time from a request to the first answer of a
person, and seed 004 to set such goals; each program sets its own
(``Program.chat_target_seconds``, ``Program.callback_target_days``; values in
``bot/demo_data.py``):

* **live chat**: the first reply of an agent within ``chat_target_seconds``
  of the handoff request;
* **callback ticket** (reply by e-mail): the first e-mail answer within
  ``callback_target_days`` of the program's service days (``hours_weekdays``),
  counted from the request, or from the next opening when it came outside
  the business hours. The customer is promised more time (``bot.cases``).

Other tickets (data-protection requests, overdue rewards, …) run until the
end of their due date. A target's counter stops when the request is answered
or ends without an answer (the customer stopped waiting, the ticket was
closed). ``Target.standing`` is what the console shows; ``Target.met`` what
the metrics count.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.clock import TIMEZONE
from bot.handoff import is_business_hours, next_opening
from bot.models import Handoff, Program, Ticket, TicketKind

DEFAULT_CHAT_SECONDS = 120
DEFAULT_CALLBACK_DAYS = 1
DEFAULT_SERVICE_DAYS = "12345"
# "Close to the target": less than this share of its time is left.
CLOSE_SHARE = 1 / 3


class Standing(enum.StrEnum):
    ON_TRACK = "on_track"  # running, enough time left
    CLOSE = "close"  # running, less than a third of the time left
    OVERDUE = "overdue"  # running past the deadline
    MET = "met"  # answered in time
    MISSED = "missed"  # answered late, or ended unanswered after the deadline
    ENDED = "ended"  # ended unanswered before the deadline: not counted

    @property
    def running(self) -> bool:
        return self in (Standing.ON_TRACK, Standing.CLOSE, Standing.OVERDUE)


@dataclass(frozen=True)
class Target:
    """One request's target; times are naive UTC like the database's."""

    start: datetime
    deadline: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def span(self) -> timedelta:
        return self.deadline - self.start

    def standing(self, now: datetime) -> Standing:
        if self.answered_at is not None:
            return Standing.MET if self.answered_at <= self.deadline else Standing.MISSED
        if self.ended_at is not None:
            return Standing.MISSED if self.ended_at > self.deadline else Standing.ENDED
        left = self.deadline - now
        if left < timedelta(0):
            return Standing.OVERDUE
        return Standing.CLOSE if left <= self.span * CLOSE_SHARE else Standing.ON_TRACK

    def seconds_left(self, now: datetime) -> float | None:
        """Negative when overdue; None once the counter stopped."""
        if not self.standing(now).running:
            return None
        return (self.deadline - now).total_seconds()

    def met(self, now: datetime) -> bool | None:
        """For the share answered within target: True or False for requests
        that count (answered, or past the deadline), None for the others."""
        standing = self.standing(now)
        if standing is Standing.MET:
            return True
        if standing in (Standing.MISSED, Standing.OVERDUE):
            return False
        return None


# ---- targets of the two channels -------------------------------------------------


def chat_seconds(program: Program | None) -> int:
    return program.chat_target_seconds if program else DEFAULT_CHAT_SECONDS


def callback_days(program: Program | None) -> int:
    return program.callback_target_days if program else DEFAULT_CALLBACK_DAYS


def chat_target(handoff: Handoff) -> Target:
    """From the handoff request to the agent's first reply."""
    return Target(
        start=handoff.created_at,
        deadline=handoff.created_at + timedelta(seconds=chat_seconds(handoff.program)),
        answered_at=handoff.first_response_at,
        ended_at=handoff.ended_at,
    )


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def after_service_days(program: Program | None, start: datetime, days: int) -> datetime:
    """``days`` of the program's service days after ``start`` (naive UTC),
    same local time; a start outside the business hours counts from the next
    opening."""
    weekdays = (program.hours_weekdays if program else "") or DEFAULT_SERVICE_DAYS
    moment = start.replace(tzinfo=UTC).astimezone(TIMEZONE)
    if program is not None and not is_business_hours(program, start):
        moment = next_opening(program, start) or moment
    while days > 0:
        # Wall-clock arithmetic in the programs' zone: same local time each day.
        moment += timedelta(days=1)
        if str(moment.isoweekday()) in weekdays:
            days -= 1
    return _naive_utc(moment)


def end_of_day(day: date) -> datetime:
    """The end of a local calendar day (``due_on``), as naive UTC."""
    midnight = datetime.combine(day, time(0), tzinfo=TIMEZONE)
    return _naive_utc(midnight + timedelta(days=1))


def ticket_target(ticket: Ticket) -> Target:
    """Callbacks: the program's target for an e-mail answer; other tickets:
    the end of their due date."""
    if ticket.kind is TicketKind.CALLBACK:
        deadline = after_service_days(
            ticket.program, ticket.created_at, callback_days(ticket.program)
        )
    else:
        deadline = end_of_day(ticket.due_on)
    return Target(
        start=ticket.created_at,
        deadline=max(deadline, ticket.created_at),
        answered_at=ticket.answered_at,
        ended_at=ticket.closed_at,
    )
