"""send pace: one send schedule per platform shared by every instance

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('send_pace',
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('next_slot', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('platform', name=op.f('pk_send_pace'))
    )


def downgrade() -> None:
    op.drop_table('send_pace')
