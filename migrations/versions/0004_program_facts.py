"""Program facts the knowledge base answers with: the program's own contact
address (until now ``service_email`` held it, although the other ``service_*``
columns describe the brand's customer service), imprint, the reward as a
phrase, the friend's reward, the yearly limit and how long vouchers are valid.
Tickets get the contact address of a customer who could not verify, so that a
callback request never needs a referral code.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("program_email", sa.String(120)),
    ("imprint_url", sa.String(300)),
    ("reward_phrase", sa.String(200)),
    ("friend_reward", sa.String(200)),
    ("max_rewards_per_year", sa.Integer()),
    ("redeem_months", sa.Integer()),
    ("redeem_url", sa.String(300)),
)


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))
    # The address stored so far was the program's own mailbox.
    op.execute("UPDATE programs SET program_email = service_email")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("contact_email")
    with op.batch_alter_table("programs") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
