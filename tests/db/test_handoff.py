"""The handoff services (bot/handoff.py) and agent accounts (bot/agents.py):
business hours, the queue, the state rules, the timers, ratings, passwords
and console sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import agents
from bot import handoff as handoffs
from bot.cases import add_workdays
from bot.clock import TIMEZONE, utcnow
from bot.models import (
    AgentSession,
    Handoff,
    HandoffReason,
    HandoffStatus,
    Rating,
    Ticket,
    TicketKind,
)
from tests.factories import make_program, make_referrer

pytestmark = pytest.mark.db
SETTINGS = handoffs.HandoffSettings()  # 10 min wait, 5 min idle, 60 s online, 5 min per customer


def utc(local: str) -> datetime:
    """German local time ``"2026-11-23 10:00"`` as the naive UTC the services take."""
    moment = datetime.fromisoformat(local).replace(tzinfo=TIMEZONE)
    return moment.astimezone(UTC).replace(tzinfo=None)


def new_handoff(session: Session, conversation: str, created: datetime, **extra) -> Handoff:
    return handoffs.open_handoff(
        session,
        conversation_id=conversation,
        reason=extra.pop("reason", HandoffReason.CUSTOMER_REQUEST),
        summary=extra.pop("summary", "Frage zur Prämie"),
        now=created,
        **extra,
    )


@pytest.fixture
def anna(session: Session):
    return agents.create_agent(session, "anna", "Anna", "richtig-geheim-1")


@pytest.fixture
def max_(session: Session):
    return agents.create_agent(session, "max", "Max", "richtig-geheim-2")


# ---- business hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "open_"),
    [
        ("2026-11-23 07:59", False),  # Monday, before 8:00
        ("2026-11-23 08:00", True),
        ("2026-11-23 17:59", True),
        ("2026-11-23 18:00", False),  # closing time is not open any more
        ("2026-11-28 10:00", False),  # Saturday
        ("2026-07-06 08:30", True),  # summer time: 06:30 UTC
        ("2026-07-06 07:30", False),  # 05:30 UTC, still closed in Berlin
    ],
)
def test_business_hours_in_german_time(session, local, open_):
    program = make_program(session)  # Monday to Friday, 8:00 to 18:00
    assert handoffs.is_business_hours(program, utc(local)) is open_


def test_business_hours_around_the_clock(session):
    program = make_program(
        session, hours_weekdays="1234567", hours_open=time(0, 0), hours_close=time(0, 0)
    )
    for local in ("2026-11-29 03:00", "2026-11-23 23:59", "2026-11-24 00:00"):
        assert handoffs.is_business_hours(program, utc(local))
    weekdays = make_program(
        session, "werktags", hours_weekdays="12345", hours_open=time(0), hours_close=time(0)
    )
    assert not handoffs.is_business_hours(weekdays, utc("2026-11-28 12:00"))  # Saturday
    opening = handoffs.next_opening(weekdays, utc("2026-11-28 12:00"))
    assert opening == datetime(2026, 11, 30, 0, 0, tzinfo=TIMEZONE)
    assert handoffs.describe_opening(opening, utc("2026-11-28 12:00")) == "am Montag um 0:00 Uhr"


@pytest.mark.parametrize(
    ("local", "opening", "words"),
    [
        ("2026-11-23 07:00", datetime(2026, 11, 23, 8, 0), "heute um 8:00 Uhr"),
        ("2026-11-23 19:00", datetime(2026, 11, 24, 8, 0), "morgen um 8:00 Uhr"),
        ("2026-11-27 18:30", datetime(2026, 11, 30, 8, 0), "am Montag um 8:00 Uhr"),
        ("2026-11-28 09:00", datetime(2026, 11, 30, 8, 0), "am Montag um 8:00 Uhr"),
        ("2026-11-29 23:30", datetime(2026, 11, 30, 8, 0), "morgen um 8:00 Uhr"),
    ],
)
def test_next_opening(session, local, opening, words):
    program = make_program(session)
    found = handoffs.next_opening(program, utc(local))
    assert found == opening.replace(tzinfo=TIMEZONE)
    assert handoffs.describe_opening(found, utc(local)) == words


def test_next_opening_with_half_past_and_no_days(session):
    program = make_program(session, hours_open=time(9, 30), hours_close=time(16, 0))
    opening = handoffs.next_opening(program, utc("2026-11-23 16:05"))
    assert handoffs.describe_opening(opening, utc("2026-11-23 16:05")) == "morgen um 9:30 Uhr"
    never = make_program(session, "nie", hours_weekdays="")
    assert handoffs.next_opening(never, utc("2026-11-23 10:00")) is None
    assert not handoffs.is_business_hours(never, utc("2026-11-23 10:00"))


def test_availability(session, anna):
    program = make_program(session)
    monday = utc("2026-11-23 10:00")
    anna.last_seen_at = monday - timedelta(seconds=30)
    assert handoffs.availability(session, program, monday, SETTINGS) == handoffs.Availability(
        True, 1, None
    )
    assert handoffs.availability(session, program, monday, SETTINGS).can_hand_over
    later = monday + timedelta(minutes=2)  # Anna's console fell silent 2.5 min ago
    assert not handoffs.availability(session, program, later, SETTINGS).can_hand_over
    saturday = utc("2026-11-28 10:00")
    closed = handoffs.availability(session, program, saturday, SETTINGS)
    assert (closed.open_now, closed.back_at) == (False, datetime(2026, 11, 30, 8, tzinfo=TIMEZONE))
    assert handoffs.availability(session, None, saturday, SETTINGS).open_now  # no program: no hours


def test_agents_online_counts_active_agents_seen_lately(session, anna, max_):
    now = utcnow()
    anna.last_seen_at = now - timedelta(seconds=59)
    max_.last_seen_at = now - timedelta(seconds=61)
    assert handoffs.agents_online(session, now, SETTINGS) == 1
    max_.last_seen_at = now
    assert handoffs.agents_online(session, now, SETTINGS) == 2
    max_.active = False
    agents.go_offline(session, anna)
    assert handoffs.agents_online(session, now, SETTINGS) == 0


# ---- the queue ----------------------------------------------------------------------------------


def test_opening_twice_keeps_one_entry_and_masks_the_summary(session):
    start = utc("2026-11-23 10:00")
    first = new_handoff(session, "k1", start, summary="Code ASV-ABC234, Mail lena.h@example.de")
    second = new_handoff(session, "k1", start + timedelta(minutes=1), summary="nochmal")
    assert first.id == second.id
    assert first.summary == "Code ASV-******, Mail le***@example.de"
    assert handoffs.open_handoff_for(session, "k1").id == first.id
    assert handoffs.open_handoff_for(session, "k2") is None


def test_queue_position_and_expected_wait(session, anna):
    start = utc("2026-11-23 10:00")
    opened = [new_handoff(session, f"k{i}", start + timedelta(minutes=i)) for i in range(3)]
    assert [handoffs.queue_position(session, h) for h in opened] == [1, 2, 3]
    assert handoffs.claim(session, opened[0], anna)
    session.flush()
    assert [handoffs.queue_position(session, h) for h in opened] == [0, 1, 2]
    assert handoffs.expected_wait_minutes(0, 1, SETTINGS) == 0
    assert handoffs.expected_wait_minutes(1, 1, SETTINGS) == 5
    assert handoffs.expected_wait_minutes(3, 2, SETTINGS) == 8  # 15 min shared by two, rounded up
    assert handoffs.expected_wait_minutes(2, 0, SETTINGS) == 10  # nobody online: counted as one
    assert handoffs.expected_wait_minutes(1, 10, SETTINGS) == 1  # never "0 minutes"


def test_queue_lists_open_handoffs_oldest_first_per_program(session, anna):
    auto = make_program(session, "autosicher")
    funk = make_program(session, "funknetz")
    start = utc("2026-11-23 10:00")
    late = new_handoff(session, "k1", start + timedelta(minutes=5), program=auto)
    early = new_handoff(session, "k2", start, program=funk)
    done = new_handoff(session, "k3", start, program=auto)
    handoffs.resolve(done, start + timedelta(minutes=1))
    assert [h.id for h in handoffs.queue(session)] == [early.id, late.id]
    assert [h.id for h in handoffs.queue(session, "autosicher")] == [late.id]
    recent = handoffs.queue(session, "autosicher", include_ended_since=start)
    assert [h.id for h in recent] == [done.id, late.id]


def test_open_tickets_by_due_date(session):
    program = make_program(session)
    referrer = make_referrer(session, program, "TST-ABC234")
    kwargs = {"program_id": program.id, "referrer_id": referrer.id}
    later = handoffs.callback_ticket(session, conversation_id="k1", details="später", **kwargs)
    later.due_on = date(2026, 12, 10)
    sooner = handoffs.callback_ticket(session, conversation_id="k2", details="früher", **kwargs)
    sooner.due_on = date(2026, 12, 1)
    done = handoffs.callback_ticket(session, conversation_id="k3", details="erledigt", **kwargs)
    done.state = "done"
    session.flush()
    assert [t.id for t in handoffs.open_tickets(session)] == [sooner.id, later.id]
    assert handoffs.open_tickets(session, "anderes") == []


# ---- state rules ---------------------------------------------------------------------------------


def test_claim_rules(session, anna, max_):
    handoff = new_handoff(session, "k1", utcnow())
    claimed_at = utcnow()
    assert handoffs.claim(session, handoff, anna, claimed_at)
    assert (handoff.status, handoff.agent_id, handoff.claimed_at) == (
        HandoffStatus.ACTIVE,
        anna.id,
        claimed_at,
    )
    assert handoffs.holds(handoff, anna) and not handoffs.holds(handoff, max_)
    assert handoffs.claim(session, handoff, anna)  # again: fine
    assert handoff.claimed_at == claimed_at
    assert not handoffs.claim(session, handoff, max_)
    assert handoff.agent_id == anna.id
    handoffs.resolve(handoff)
    assert not handoffs.claim(session, handoff, anna)  # over


def test_resolve_and_cancel_rules(session, anna):
    now = utcnow()
    waiting = new_handoff(session, "k1", now)
    assert handoffs.cancel_wait(session, "k1", now) is waiting
    assert (waiting.status, waiting.ended_at) == (HandoffStatus.CANCELLED, now)
    assert handoffs.cancel_wait(session, "k1") is None  # nothing open any more
    assert not handoffs.resolve(waiting)  # cancelled stays cancelled

    held = new_handoff(session, "k2", now)
    handoffs.claim(session, held, anna)
    assert handoffs.cancel_wait(session, "k2") is None  # the agent hands back, not the customer
    assert held.status is HandoffStatus.ACTIVE
    assert handoffs.resolve(held, now)
    assert (held.status, held.ended_at) == (HandoffStatus.RESOLVED, now)
    assert not handoffs.resolve(held)
    assert handoffs.open_handoff_for(session, "k2") is None
    assert handoffs.latest_handoff_for(session, "k2") is held


def test_record_reply_keeps_the_first_answer(session):
    handoff = new_handoff(session, "k1", utcnow())
    first = utcnow()
    handoffs.record_reply(handoff, first)
    handoffs.record_reply(handoff, first + timedelta(minutes=2))
    assert handoff.first_response_at == first


def test_notes(session, anna):
    handoff = new_handoff(session, "k1", utcnow())
    assert handoffs.add_note(session, handoff, anna, "   ") is None
    note = handoffs.add_note(session, handoff, anna, "  Rückruf morgen  ")
    long = handoffs.add_note(session, handoff, anna, "x" * 5000)
    session.refresh(handoff)
    assert [n.text for n in handoff.notes] == ["Rückruf morgen", "x" * handoffs.MAX_NOTE]
    assert (note.agent_id, note.handoff_id) == (anna.id, handoff.id)
    assert long.id > note.id


def test_lock_handoff(session):
    handoff = new_handoff(session, "k1", utcnow())
    assert handoffs.lock_handoff(session, handoff.id) is handoff
    assert handoffs.lock_handoff(session, 987654) is None


# ---- timers --------------------------------------------------------------------------------------


def test_time_out_opens_a_callback_ticket_only_for_known_customers(session):
    program = make_program(session)
    referrer = make_referrer(session, program, "TST-ABC234")
    now = utcnow()
    known = new_handoff(
        session, "k1", now - timedelta(minutes=11), program=program, referrer=referrer
    )
    unknown = new_handoff(session, "k2", now - timedelta(minutes=10, seconds=1), program=program)
    fresh = new_handoff(session, "k3", now - timedelta(minutes=9, seconds=59), program=program)
    due = add_workdays(datetime.now(TIMEZONE).date(), 2)
    ended = handoffs.time_out_waiting(session, now, SETTINGS)
    assert sorted(h.id for h in ended) == sorted([known.id, unknown.id])
    assert (known.status, known.ended_at) == (HandoffStatus.TIMED_OUT, now)
    assert unknown.status is HandoffStatus.TIMED_OUT and unknown.ticket_id is None
    assert fresh.status is HandoffStatus.WAITING
    ticket = session.get(Ticket, known.ticket_id)
    assert (ticket.kind, ticket.referrer_id, ticket.program_id, ticket.conversation_id) == (
        TicketKind.CALLBACK,
        referrer.id,
        program.id,
        "k1",
    )
    assert ticket.details.endswith(" im Chat. Anliegen: Frage zur Prämie")
    assert ticket.due_on == due
    assert session.scalars(select(Ticket)).all() == [ticket]
    assert handoffs.time_out_waiting(session, now, SETTINGS) == []  # once only


def test_masking_leaves_ordinary_words_of_tickets_and_summaries_alone(session):
    program = make_program(session)
    referrer = make_referrer(session, program, "TST-ABC234")
    handoff = new_handoff(
        session,
        "k1",
        utcnow() - timedelta(hours=1),
        summary="Wo bleibt mein Gutschein?",
        program=program,
        referrer=referrer,
    )
    handoffs.time_out_waiting(session, utcnow(), SETTINGS)
    assert handoff.summary == "Wo bleibt mein Gutschein?"
    ticket = session.get(Ticket, handoff.ticket_id)
    assert ticket.details == ("Rückruf nach Wartezeit im Chat. Anliegen: Wo bleibt mein Gutschein?")


def test_an_active_conversation_never_times_out(session, anna):
    handoff = new_handoff(session, "k1", utcnow() - timedelta(hours=2))
    handoffs.claim(session, handoff, anna)
    assert handoffs.time_out_waiting(session, utcnow(), SETTINGS) == []


def test_idle_agents_lose_their_conversations_to_the_queue(session, anna, max_):
    now = utcnow()
    created = now - timedelta(minutes=3)
    annas = new_handoff(session, "k1", created)
    maxs = new_handoff(session, "k2", created)
    offline = new_handoff(session, "k3", created)
    handoffs.claim(session, annas, anna)
    handoffs.claim(session, maxs, max_)
    anna.last_seen_at = now - timedelta(minutes=5, seconds=1)
    max_.last_seen_at = now - timedelta(minutes=4, seconds=59)
    session.flush()
    assert [h.id for h in handoffs.release_idle_claims(session, now, SETTINGS)] == [annas.id]
    assert (annas.status, annas.agent_id, annas.claimed_at) == (HandoffStatus.WAITING, None, None)
    assert annas.created_at == created  # keeps its place in the queue
    assert maxs.status is HandoffStatus.ACTIVE
    # Logged out (go_offline): released at once.
    handoffs.claim(session, offline, anna)
    agents.go_offline(session, anna)
    session.flush()
    assert [h.id for h in handoffs.release_idle_claims(session, now, SETTINGS)] == [offline.id]


def test_timer_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("HANDOFF_MAX_WAIT_SECONDS", "120")
    monkeypatch.setenv("AGENT_IDLE_SECONDS", "kaputt")
    monkeypatch.setenv("AGENT_ONLINE_SECONDS", "0")
    settings = handoffs.HandoffSettings.from_env()
    assert settings.max_wait == timedelta(seconds=120)
    assert settings.agent_idle == timedelta(seconds=300)  # unreadable: the default
    assert settings.agent_online == timedelta(seconds=1)  # at least one second


# ---- ratings --------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 6, -1, 10])
def test_ratings_outside_one_to_five_are_ignored(session, score):
    assert handoffs.record_rating(session, conversation_id="k1", score=score) is None
    assert session.scalars(select(Rating)).all() == []


def test_ratings_belong_to_the_resolved_handoff(session, anna):
    assert handoffs.record_rating(session, conversation_id="k0", score=1).handoff_id is None
    handoff = new_handoff(session, "k1", utcnow())
    handoffs.claim(session, handoff, anna)
    pending = handoffs.record_rating(session, conversation_id="k1", score=3)
    assert pending.handoff_id is None  # not handed back yet
    handoffs.resolve(handoff)
    rating = handoffs.record_rating(session, conversation_id="k1", score=5, program_id=None)
    assert (rating.score, rating.handoff_id) == (5, handoff.id)


# ---- agents: passwords and sessions ----------------------------------------------------------


def test_password_hashes_are_salted_scrypt():
    first, second = agents.hash_password("richtig-geheim"), agents.hash_password("richtig-geheim")
    assert first != second and first.startswith("scrypt$131072$8$1$")
    assert "richtig-geheim" not in first
    assert agents.check_password("richtig-geheim", first)
    assert not agents.check_password("Richtig-geheim", first)
    for broken in ("", "scrypt$1$2", "md5$1$1$1$AA==$AA==", "scrypt$x$8$1$AA==$AA=="):
        assert not agents.check_password("richtig-geheim", broken)


def test_create_agent_rules(session, anna):
    assert (anna.username, anna.display_name, anna.active) == ("anna", "Anna", True)
    with pytest.raises(ValueError, match="mindestens 10 Zeichen"):
        agents.create_agent(session, "max", "Max", "kurz")
    with pytest.raises(ValueError, match="gibt es schon"):
        agents.create_agent(session, " ANNA ", "Anna", "richtig-geheim-9")
    with pytest.raises(ValueError, match="nicht leer"):
        agents.create_agent(session, "  ", "Max", "richtig-geheim-9")


def test_authenticate(session, anna):
    assert agents.authenticate(session, " Anna", "richtig-geheim-1") is anna
    assert agents.authenticate(session, "anna", "falsch-falsch") is None
    anna.active = False
    assert agents.authenticate(session, "anna", "richtig-geheim-1") is None


def test_a_wrong_user_name_costs_a_hash_check_too(session, monkeypatch):
    checks = []
    real = agents.check_password
    monkeypatch.setattr(
        agents,
        "check_password",
        lambda password, stored: checks.append(stored) or real(password, stored),
    )
    assert agents.authenticate(session, "niemand", "irgendwas-langes") is None
    assert checks == [agents.dummy_hash()]


def test_sessions_store_only_a_digest_and_expire(session, anna):
    start = utcnow()
    login = agents.start_session(session, anna, start)
    session.flush()
    stored = session.scalars(select(AgentSession)).one()
    assert stored.token_digest != login.token and len(stored.token_digest) == 64
    assert stored.csrf_token == login.csrf_token != login.token
    assert stored.expires_at == start + timedelta(hours=10)
    found = agents.find_session(session, login.token, start + timedelta(hours=9))
    assert found is stored
    assert anna.last_seen_at == start + timedelta(hours=9)  # a sign of life
    assert agents.find_session(session, login.token, start + timedelta(hours=10, seconds=1)) is None
    assert agents.find_session(session, "falsch", start) is None
    assert agents.find_session(session, None, start) is None
    assert agents.find_session(session, "x" * 201, start) is None
    agents.end_session(session, login.token)
    assert agents.find_session(session, login.token, start) is None


def test_new_password_ends_every_session(session, anna):
    login = agents.start_session(session, anna)
    session.flush()
    agents.set_password(session, "anna", "ganz-neues-passwort")
    assert agents.find_session(session, login.token) is None
    assert agents.authenticate(session, "anna", "ganz-neues-passwort") is anna


def test_expired_sessions_are_cleared_on_the_next_login(session, anna):
    old = agents.start_session(session, anna, utcnow() - timedelta(hours=11))
    session.flush()
    agents.start_session(session, anna)
    session.flush()
    assert len(session.scalars(select(AgentSession)).all()) == 1
    assert agents.find_session(session, old.token) is None
