"""Tickets as work in the agent console, and response-time targets.

Tickets get the agent who works them, when the first answer went out and
when they were closed; the agents' answers by e-mail (drafts until the mail
server accepted them) get a table of their own. Programs get their
response-time targets: the first answer in the live chat (seconds) and to a
callback ticket (the program's service days).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TICKET_TIMES = ("assigned_at", "answered_at", "closed_at")


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(
            sa.Column("chat_target_seconds", sa.Integer(), nullable=False, server_default="120")
        )
        batch.add_column(
            sa.Column("callback_target_days", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("agent_id", sa.Integer(), nullable=True))
        for name in TICKET_TIMES:
            batch.add_column(sa.Column(name, sa.DateTime(), nullable=True))
        batch.create_index(op.f("ix_tickets_agent_id"), ["agent_id"], unique=False)
        batch.create_foreign_key(op.f("fk_tickets_agent_id_agents"), "agents", ["agent_id"], ["id"])
    # Tickets closed before this revision have no closing time: their last
    # known moment is when they were opened.
    op.execute("UPDATE tickets SET closed_at = created_at WHERE state = 'done'")

    op.create_table(
        "ticket_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_replies_ticket_id_tickets")
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_ticket_replies_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_replies")),
    )
    op.create_index(op.f("ix_ticket_replies_ticket_id"), "ticket_replies", ["ticket_id"])
    op.create_index(op.f("ix_ticket_replies_agent_id"), "ticket_replies", ["agent_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_replies_agent_id"), table_name="ticket_replies")
    op.drop_index(op.f("ix_ticket_replies_ticket_id"), table_name="ticket_replies")
    op.drop_table("ticket_replies")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint(op.f("fk_tickets_agent_id_agents"), type_="foreignkey")
        batch.drop_index(op.f("ix_tickets_agent_id"))
        for name in reversed(TICKET_TIMES):
            batch.drop_column(name)
        batch.drop_column("agent_id")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("callback_target_days")
        batch.drop_column("chat_target_seconds")
