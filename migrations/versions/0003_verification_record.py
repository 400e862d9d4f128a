"""A successful verification records whom it verified, so actions can check
the database record (bound to the conversation, with an expiry) instead of
trusting the conversation's slots.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.add_column(sa.Column("referrer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_verification_attempts_referrer_id_referrers",
            "referrers",
            ["referrer_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.drop_constraint("fk_verification_attempts_referrer_id_referrers", type_="foreignkey")
        batch.drop_column("referrer_id")
