"""Complaints become tickets (kind ``complaint``).

The bot told customers a complaint's number from the ``complaints`` table and
a data request's number from ``tickets``: two sequences, so one chat could
hold two cases "Nummer 4", and agents never saw complaints in the console.
Complaints now are tickets: one sequence of numbers, one queue. Existing
complaints move over with new numbers (their text becomes the ticket's
details, their follow-up day its due date); the old keyword category is
dropped (agents read the customer's words).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = ("conversation_id", "program_id", "referrer_id")


def upgrade() -> None:
    op.execute(
        "INSERT INTO tickets (kind, conversation_id, program_id, referrer_id, details,"
        " due_on, state, created_at)"
        " SELECT 'complaint', conversation_id, program_id, referrer_id, text,"
        " follow_up_on, state, created_at FROM complaints ORDER BY id"
    )
    for column in INDEXED:
        op.drop_index(op.f(f"ix_complaints_{column}"), table_name="complaints")
    op.drop_table("complaints")


def downgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("referrer_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(24), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_complaints_program_id_programs")
        ),
        sa.ForeignKeyConstraint(
            ["referrer_id"], ["referrers.id"], name=op.f("fk_complaints_referrer_id_referrers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    for column in INDEXED:
        op.create_index(op.f(f"ix_complaints_{column}"), "complaints", [column])
    op.execute(
        "INSERT INTO complaints (conversation_id, program_id, referrer_id, text, category,"
        " follow_up_on, state, created_at)"
        " SELECT conversation_id, program_id, referrer_id, details, 'other', due_on, state,"
        " created_at FROM tickets WHERE kind = 'complaint' ORDER BY id"
    )
    op.execute("DELETE FROM tickets WHERE kind = 'complaint'")
