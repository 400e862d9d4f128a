"""Human handoff and the agent console: agents, their console sessions,
handoffs in their final shape, internal notes, and customer ratings.

The ``handoffs`` table of 0001 was a placeholder that nothing wrote to; it is
replaced by the table the console works with (agent as a foreign key, first
response and end times, the callback ticket a timed-out wait became).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HANDOFF_STATUS = ("waiting", "active", "resolved", "cancelled", "timed_out")
HANDOFF_REASON = (
    "customer_request",
    "repeated_fallback",
    "complaint",
    "overdue_reward",
    "action_error",
)


def _enum(name: str, *values: str) -> sa.Enum:
    """An enum stored as its values in a VARCHAR(24) (models: ``bot.models._enum``)."""
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{referred}.id"], name=op.f(f"fk_{table}_{column}_{referred}")
    )


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.drop_table("handoffs")

    op.create_table(
        "agents",
        _id(),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        _pk("agents"),
        sa.UniqueConstraint("username", name=op.f("uq_agents_username")),
    )

    op.create_table(
        "agent_sessions",
        _id(),
        sa.Column("token_digest", sa.String(64), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        _fk("agent_sessions", "agent_id", "agents"),
        _pk("agent_sessions"),
        sa.UniqueConstraint("token_digest", name=op.f("uq_agent_sessions_token_digest")),
    )
    _index("agent_sessions", "agent_id")

    op.create_table(
        "handoffs",
        _id(),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.Column("reason", _enum("handoffreason", *HANDOFF_REASON), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", _enum("handoffstatus", *HANDOFF_STATUS), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        _fk("handoffs", "agent_id", "agents"),
        _fk("handoffs", "program_id", "programs"),
        _fk("handoffs", "referrer_id", "referrers"),
        _fk("handoffs", "ticket_id", "tickets"),
        _pk("handoffs"),
    )
    for column in (
        "conversation_id",
        "program_id",
        "referrer_id",
        "status",
        "agent_id",
        "ticket_id",
    ):
        _index("handoffs", column)

    op.create_table(
        "handoff_notes",
        _id(),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("handoff_notes", "agent_id", "agents"),
        _fk("handoff_notes", "handoff_id", "handoffs"),
        _pk("handoff_notes"),
    )
    _index("handoff_notes", "handoff_id")
    _index("handoff_notes", "agent_id")

    op.create_table(
        "ratings",
        _id(),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("handoff_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("ratings", "handoff_id", "handoffs"),
        _fk("ratings", "program_id", "programs"),
        _pk("ratings"),
    )
    for column in ("conversation_id", "program_id", "handoff_id"):
        _index("ratings", column)


def downgrade() -> None:
    for table in ("ratings", "handoff_notes", "handoffs", "agent_sessions", "agents"):
        op.drop_table(table)
    # The placeholder of 0001, as it was.
    op.create_table(
        "handoffs",
        _id(),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column(
            "status",
            _enum("handoffstatus", "waiting", "active", "resolved", "cancelled"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(80), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        _fk("handoffs", "program_id", "programs"),
        _fk("handoffs", "referrer_id", "referrers"),
        _pk("handoffs"),
    )
    for column in ("conversation_id", "program_id", "referrer_id", "status"):
        _index("handoffs", column)
