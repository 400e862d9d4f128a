"""Answers to the recommendation question (net promoter score).

After the rating (CSAT) the bot asks a share of customers how likely they
are to recommend the program (0 to 10) and for an optional comment, which is
stored with personal data masked.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXED = ("conversation_id", "program_id", "created_at")


def upgrade() -> None:
    op.create_table(
        "nps_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_nps_answers_program_id_programs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nps_answers")),
    )
    for column in INDEXED:
        op.create_index(op.f(f"ix_nps_answers_{column}"), "nps_answers", [column])


def downgrade() -> None:
    for column in reversed(INDEXED):
        op.drop_index(op.f(f"ix_nps_answers_{column}"), table_name="nps_answers")
    op.drop_table("nps_answers")
