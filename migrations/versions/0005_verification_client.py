"""Verification attempts remember the client they came from (the channels'
keyed hash of its address), so failures can be limited per client across
conversations.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.add_column(sa.Column("client_key", sa.String(64), nullable=True))
        batch.create_index(
            "ix_verification_attempts_client_time", ["client_key", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("verification_attempts") as batch:
        batch.drop_index("ix_verification_attempts_client_time")
        batch.drop_column("client_key")
