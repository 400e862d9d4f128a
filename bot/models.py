"""The referral database: programs, referrers, referrals, rewards and the
records the bot and the agents create (complaints, handoffs, tickets,
verification attempts, queued mails).

Written in SQLAlchemy 2.0 style (typed ``Mapped[...]`` attributes, queries with
``select()`` and ``Session.execute``). Rasa 3.6 pins SQLAlchemy 1.4, which has
no ``mapped_column`` yet, so columns are declared with ``Column``; moving to
2.0 means replacing ``Column`` with ``mapped_column`` and nothing else.

All timestamps are naive UTC (``bot.clock.utcnow``); dates are calendar dates
in the programs' time zone (Europe/Berlin).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
)
from sqlalchemy.orm import Mapped, declarative_base, relationship

from bot.clock import utcnow

# Stable constraint names, so Alembic migrations look the same on SQLite and
# PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def _enum(cls: type[enum.Enum]) -> Enum:
    """Enums are stored as plain strings (values), portable across databases."""
    return Enum(
        cls,
        native_enum=False,
        length=24,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class RewardKind(enum.StrEnum):
    CASH = "cash"
    VOUCHER = "voucher"
    ITEM = "item"  # a non-cash reward such as a streaming subscription


class ReferralStatus(enum.StrEnum):
    """The life of a referral, in the order it normally runs."""

    RECOMMENDED = "recommended"  # the friend got the recommendation
    CONTRACT_SIGNED = "contract_signed"  # the friend signed; cancellation window runs
    WAITING_PERIOD = "waiting_period"  # window over; the program's waiting period runs
    QUALIFIED = "qualified"  # all conditions met; reward to be ordered
    REWARD_ORDERED = "reward_ordered"  # ordered at the payout partner
    REWARD_SENT = "reward_sent"  # voucher/item mail sent or cash paid
    REJECTED = "rejected"  # not eligible, with a reason
    EXPIRED = "expired"  # no contract within the recommendation's validity


class RejectionReason(enum.StrEnum):
    CONTRACT_CANCELLED = "contract_cancelled"  # friend withdrew within the window
    ALREADY_CUSTOMER = "already_customer"
    SELF_REFERRAL = "self_referral"
    CONTRACT_NOT_ELIGIBLE = "contract_not_eligible"
    DUPLICATE = "duplicate"  # someone else recommended the friend first


class CaseState(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class HandoffStatus(enum.StrEnum):
    WAITING = "waiting"  # in the queue, no agent yet
    ACTIVE = "active"  # an agent holds the conversation
    RESOLVED = "resolved"  # the agent handed it back to the bot
    CANCELLED = "cancelled"  # the customer stopped waiting
    TIMED_OUT = "timed_out"  # nobody came in time: a callback ticket instead


class HandoffReason(enum.StrEnum):
    """Why the bot handed over (``actions/handoff.py``, ``handoff_reason``);
    agents see it in the queue, the metrics count it."""

    CUSTOMER_REQUEST = "customer_request"
    REPEATED_FALLBACK = "repeated_fallback"
    COMPLAINT = "complaint"  # a complaint the customer wants escalated
    OVERDUE_REWARD = "overdue_reward"
    ACTION_ERROR = "action_error"  # a custom action failed (e.g. database down)


class TicketKind(enum.StrEnum):
    CALLBACK = "callback"  # customer asked to be called back by e-mail
    DATA_RIGHTS = "data_rights"  # GDPR information/deletion/objection
    OVERDUE_REWARD = "overdue_reward"  # reward past the program's deadline
    RESEND_LIMIT = "resend_limit"  # resend limit reached, a person decides
    ADDRESS_CHECK = "address_check"  # the reward mail bounced: confirm a new address
    COMPLAINT = "complaint"  # a complaint told in the chat, followed up by the team


class Program(Base):
    """A brand's referral program, with the rules the bot explains."""

    __tablename__ = "programs"

    id: Mapped[int] = Column(Integer, primary_key=True)
    slug: Mapped[str] = Column(String(40), nullable=False, unique=True)
    brand: Mapped[str] = Column(String(120), nullable=False)
    reward_kind: Mapped[RewardKind] = Column(_enum(RewardKind), nullable=False)
    # Cents for cash and vouchers; for items the retail value, shown nowhere.
    reward_value_cents: Mapped[int] = Column(Integer, nullable=False)
    reward_description: Mapped[str] = Column(String(200), nullable=False)
    # Days the friend has to sign after the recommendation.
    recommendation_valid_days: Mapped[int] = Column(Integer, nullable=False)
    cancellation_days: Mapped[int] = Column(Integer, nullable=False, default=14)
    # Days after the cancellation window before the referral qualifies.
    waiting_period_days: Mapped[int] = Column(Integer, nullable=False)
    # Days from qualification until the reward must be ordered and sent/paid.
    payout_days: Mapped[int] = Column(Integer, nullable=False)
    resend_limit: Mapped[int] = Column(Integer, nullable=False, default=3)
    terms_url: Mapped[str] = Column(String(300), nullable=False)
    privacy_url: Mapped[str] = Column(String(300), nullable=False)
    # The brand's own customer service (contracts, claims, invoices), which is
    # not the referral program's: customers with such questions are sent there.
    service_name: Mapped[str] = Column(String(120), nullable=False)
    service_phone: Mapped[str] = Column(String(40), nullable=False)
    service_email: Mapped[str] = Column(String(120), nullable=False)
    service_url: Mapped[str] = Column(String(300), nullable=False)
    # The referral program's own contact address (the operator's service team).
    program_email: Mapped[str | None] = Column(String(120))
    imprint_url: Mapped[str | None] = Column(String(300))
    # The reward as an accusative phrase for answers: "eine Geldprämie von 50 €".
    reward_phrase: Mapped[str | None] = Column(String(200))
    # What the recommended friend gets, same form; None: nothing.
    friend_reward: Mapped[str | None] = Column(String(200))
    # Rewards per referrer and calendar year; None: no limit.
    max_rewards_per_year: Mapped[int | None] = Column(Integer)
    # Months a voucher or activation code stays valid; None: not applicable.
    redeem_months: Mapped[int | None] = Column(Integer)
    redeem_url: Mapped[str | None] = Column(String(300))
    # Business hours of the operator's service team for this program:
    # ISO weekdays as digits ("12345" = Monday to Friday), local time.
    hours_weekdays: Mapped[str] = Column(String(7), nullable=False, default="12345")
    hours_open: Mapped[time] = Column(Time, nullable=False)
    hours_close: Mapped[time] = Column(Time, nullable=False)
    # Response-time targets of the service team (``bot/targets.py``): the first
    # answer of a person in the live chat within this many seconds of the
    # handoff, and to a callback ticket within this many of the program's
    # service days (``hours_weekdays``). Internal: customers are promised less.
    chat_target_seconds: Mapped[int] = Column(
        Integer, nullable=False, default=120, server_default="120"
    )
    callback_target_days: Mapped[int] = Column(
        Integer, nullable=False, default=1, server_default="1"
    )

    referrers: Mapped[list[Referrer]] = relationship("Referrer", back_populates="program")


class Referrer(Base):
    """A customer who recommends the brand and expects the reward."""

    __tablename__ = "referrers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    program_id: Mapped[int] = Column(ForeignKey("programs.id"), nullable=False, index=True)
    salutation: Mapped[str | None] = Column(String(10))  # "Frau", "Herr" or none
    first_name: Mapped[str] = Column(String(80), nullable=False)
    last_name: Mapped[str] = Column(String(80), nullable=False)
    email: Mapped[str] = Column(String(254), nullable=False, index=True)  # GDPR lookups
    referral_code: Mapped[str] = Column(String(16), nullable=False, unique=True)
    created_on: Mapped[date] = Column(Date, nullable=False)

    program: Mapped[Program] = relationship("Program", back_populates="referrers")
    referrals: Mapped[list[Referral]] = relationship(
        "Referral", back_populates="referrer", order_by="Referral.recommended_on.desc()"
    )


class Referral(Base):
    """One recommendation of a friend, through its whole life."""

    __tablename__ = "referrals"

    id: Mapped[int] = Column(Integer, primary_key=True)
    referrer_id: Mapped[int] = Column(ForeignKey("referrers.id"), nullable=False, index=True)
    program_id: Mapped[int] = Column(ForeignKey("programs.id"), nullable=False, index=True)
    friend_first_name: Mapped[str] = Column(String(80), nullable=False)
    friend_last_name: Mapped[str] = Column(String(80), nullable=False)
    status: Mapped[ReferralStatus] = Column(_enum(ReferralStatus), nullable=False, index=True)
    rejection_reason: Mapped[RejectionReason | None] = Column(_enum(RejectionReason))
    recommended_on: Mapped[date] = Column(Date, nullable=False)
    contract_signed_on: Mapped[date | None] = Column(Date)
    cancellation_ends_on: Mapped[date | None] = Column(Date)
    qualified_on: Mapped[date | None] = Column(Date)
    status_changed_on: Mapped[date] = Column(Date, nullable=False)

    referrer: Mapped[Referrer] = relationship("Referrer", back_populates="referrals")
    program: Mapped[Program] = relationship("Program")
    reward: Mapped[Reward | None] = relationship("Reward", back_populates="referral", uselist=False)


class Reward(Base):
    """The reward for a qualified referral."""

    __tablename__ = "rewards"

    id: Mapped[int] = Column(Integer, primary_key=True)
    referral_id: Mapped[int] = Column(ForeignKey("referrals.id"), nullable=False, unique=True)
    kind: Mapped[RewardKind] = Column(_enum(RewardKind), nullable=False)
    value_cents: Mapped[int] = Column(Integer, nullable=False)
    description: Mapped[str] = Column(String(200), nullable=False)
    voucher_code: Mapped[str | None] = Column(String(40))
    ordered_on: Mapped[date | None] = Column(Date)
    sent_on: Mapped[date | None] = Column(Date)
    # The address on file the reward mail goes to; resends never go elsewhere.
    delivery_email: Mapped[str] = Column(String(254), nullable=False)
    mail_bounced: Mapped[bool] = Column(Boolean, nullable=False, default=False)
    resend_count: Mapped[int] = Column(Integer, nullable=False, default=0)
    last_resent_at: Mapped[datetime | None] = Column(DateTime)

    referral: Mapped[Referral] = relationship("Referral", back_populates="reward")


class Agent(Base):
    """A member of the service team who works in the agent console."""

    __tablename__ = "agents"

    id: Mapped[int] = Column(Integer, primary_key=True)
    username: Mapped[str] = Column(String(80), nullable=False, unique=True)
    # Shown to customers next to the agent's messages: the first name only.
    display_name: Mapped[str] = Column(String(80), nullable=False)
    password_hash: Mapped[str] = Column(String(255), nullable=False)
    active: Mapped[bool] = Column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    # Any console request counts as a sign of life: agents online, idle release.
    last_seen_at: Mapped[datetime | None] = Column(DateTime)


class AgentSession(Base):
    """A login to the console. The cookie holds a random token; only its
    SHA-256 digest is stored, so a database leak opens no sessions."""

    __tablename__ = "agent_sessions"

    id: Mapped[int] = Column(Integer, primary_key=True)
    token_digest: Mapped[str] = Column(String(64), nullable=False, unique=True)
    agent_id: Mapped[int] = Column(ForeignKey("agents.id"), nullable=False, index=True)
    csrf_token: Mapped[str] = Column(String(64), nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[datetime] = Column(DateTime, nullable=False)

    agent: Mapped[Agent] = relationship("Agent")


class Handoff(Base):
    """A conversation handed to the service team."""

    __tablename__ = "handoffs"

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    program_id: Mapped[int | None] = Column(ForeignKey("programs.id"), index=True)
    referrer_id: Mapped[int | None] = Column(ForeignKey("referrers.id"), index=True)
    reason: Mapped[HandoffReason] = Column(_enum(HandoffReason), nullable=False)
    summary: Mapped[str] = Column(Text, nullable=False)
    status: Mapped[HandoffStatus] = Column(
        _enum(HandoffStatus), nullable=False, default=HandoffStatus.WAITING, index=True
    )
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    # Since when the customer waits in the queue: set when the handoff opens
    # and again when an idle agent's claim is released (the maximum wait
    # counts from here; the place in the queue still follows created_at).
    queued_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    agent_id: Mapped[int | None] = Column(ForeignKey("agents.id"), index=True)
    claimed_at: Mapped[datetime | None] = Column(DateTime)
    first_response_at: Mapped[datetime | None] = Column(DateTime)
    ended_at: Mapped[datetime | None] = Column(DateTime)
    ticket_id: Mapped[int | None] = Column(ForeignKey("tickets.id"), index=True)

    program: Mapped[Program | None] = relationship("Program")
    referrer: Mapped[Referrer | None] = relationship("Referrer")
    agent: Mapped[Agent | None] = relationship("Agent")
    notes: Mapped[list[HandoffNote]] = relationship(
        "HandoffNote", order_by="HandoffNote.id", back_populates="handoff"
    )


class HandoffNote(Base):
    """An internal note of an agent on a handoff; never shown to the customer."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = Column(Integer, primary_key=True)
    handoff_id: Mapped[int] = Column(ForeignKey("handoffs.id"), nullable=False, index=True)
    agent_id: Mapped[int] = Column(ForeignKey("agents.id"), nullable=False, index=True)
    text: Mapped[str] = Column(Text, nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)

    handoff: Mapped[Handoff] = relationship("Handoff", back_populates="notes")
    agent: Mapped[Agent] = relationship("Agent")


class Rating(Base):
    """The customer's rating (CSAT, 1 to 5) at the end of a conversation."""

    __tablename__ = "ratings"

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    program_id: Mapped[int | None] = Column(ForeignKey("programs.id"), index=True)
    handoff_id: Mapped[int | None] = Column(ForeignKey("handoffs.id"), index=True)
    score: Mapped[int] = Column(Integer, nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)


class NpsAnswer(Base):
    """The customer's answer to the recommendation question (net promoter
    score, 0 to 10) asked after the rating, with an optional comment, masked
    before it is stored (``bot.nps``)."""

    __tablename__ = "nps_answers"

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    program_id: Mapped[int | None] = Column(ForeignKey("programs.id"), index=True)
    score: Mapped[int] = Column(Integer, nullable=False)
    comment: Mapped[str | None] = Column(Text)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow, index=True)

    program: Mapped[Program | None] = relationship("Program")


class Ticket(Base):
    """Work for a person that needs no live chat: callbacks, GDPR requests,
    overdue rewards, resends beyond the limit, complaints. One sequence of
    numbers for all kinds: the number the bot tells a customer is the one
    the agent sees in the console."""

    __tablename__ = "tickets"

    id: Mapped[int] = Column(Integer, primary_key=True)
    kind: Mapped[TicketKind] = Column(_enum(TicketKind), nullable=False, index=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    program_id: Mapped[int | None] = Column(ForeignKey("programs.id"), index=True)
    referrer_id: Mapped[int | None] = Column(ForeignKey("referrers.id"), index=True)
    referral_id: Mapped[int | None] = Column(ForeignKey("referrals.id"), index=True)
    details: Mapped[str] = Column(Text, nullable=False)
    # Where to answer a customer who could not verify: the address they typed
    # (not checked; the agent confirms who it is before naming any data).
    contact_email: Mapped[str | None] = Column(String(254))
    due_on: Mapped[date] = Column(Date, nullable=False)
    state: Mapped[CaseState] = Column(_enum(CaseState), nullable=False, default=CaseState.OPEN)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    # The agent who works the ticket (assigned in the console), when the first
    # answer went out by e-mail (response-time target) and when it was closed.
    agent_id: Mapped[int | None] = Column(ForeignKey("agents.id"), index=True)
    assigned_at: Mapped[datetime | None] = Column(DateTime)
    answered_at: Mapped[datetime | None] = Column(DateTime)
    closed_at: Mapped[datetime | None] = Column(DateTime)

    program: Mapped[Program | None] = relationship("Program")
    referrer: Mapped[Referrer | None] = relationship("Referrer")
    agent: Mapped[Agent | None] = relationship("Agent")
    replies: Mapped[list[TicketReply]] = relationship(
        "TicketReply", order_by="TicketReply.id", back_populates="ticket"
    )


class TicketReply(Base):
    """An agent's answer to a ticket by e-mail: a draft until the mail server
    accepted it (``sent_at``). The recipient is not copied here: it is the
    ticket's address (``contact_email``, else the referrer's on file)."""

    __tablename__ = "ticket_replies"

    id: Mapped[int] = Column(Integer, primary_key=True)
    ticket_id: Mapped[int] = Column(ForeignKey("tickets.id"), nullable=False, index=True)
    agent_id: Mapped[int] = Column(ForeignKey("agents.id"), nullable=False, index=True)
    subject: Mapped[str] = Column(String(200), nullable=False)
    body: Mapped[str] = Column(Text, nullable=False)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = Column(DateTime)

    ticket: Mapped[Ticket] = relationship("Ticket", back_populates="replies")
    agent: Mapped[Agent] = relationship("Agent")


class VerificationAttempt(Base):
    """One check of referral code + e-mail. Only a digest of the code is kept,
    enough to count failures per code without storing what was typed."""

    __tablename__ = "verification_attempts"
    __table_args__ = (
        Index("ix_verification_attempts_code_time", "code_digest", "created_at"),
        Index("ix_verification_attempts_client_time", "client_key", "created_at"),
    )

    id: Mapped[int] = Column(Integer, primary_key=True)
    conversation_id: Mapped[str] = Column(String(128), nullable=False, index=True)
    code_digest: Mapped[str] = Column(String(64), nullable=False)
    success: Mapped[bool] = Column(Boolean, nullable=False)
    # On success: who was verified. Actions check this record, bound to the
    # conversation and fresh, before they show anything (not the slots alone).
    referrer_id: Mapped[int | None] = Column(ForeignKey("referrers.id"))
    # The channel's keyed hash of the client's address (metadata ``client``),
    # to limit failures per client across conversations; never the address.
    client_key: Mapped[str | None] = Column(String(64))
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)


class OutgoingMail(Base):
    """Mails the bot queued (reward resends). A mail service outside this
    project sends them and sets ``sent_at``."""

    __tablename__ = "outgoing_mails"

    id: Mapped[int] = Column(Integer, primary_key=True)
    to_email: Mapped[str] = Column(String(254), nullable=False)
    subject: Mapped[str] = Column(String(200), nullable=False)
    body: Mapped[str] = Column(Text, nullable=False)
    reward_id: Mapped[int | None] = Column(ForeignKey("rewards.id"), index=True)
    created_at: Mapped[datetime] = Column(DateTime, nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = Column(DateTime)
