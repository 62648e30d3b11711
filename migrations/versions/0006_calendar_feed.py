"""calendar feeds: an officer's or a unit's private iCalendar link

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('created_at', models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('renewed_at', models.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(officer_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_calendar_feed_one_owner')),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], name=op.f('fk_calendar_feed_officer_id_officer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organization.id'], name=op.f('fk_calendar_feed_org_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_calendar_feed_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('officer_id', name=op.f('uq_calendar_feed_officer_id')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feed_token')),
    sa.UniqueConstraint('unit_id', name=op.f('uq_calendar_feed_unit_id'))
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feed_org_id'))
    op.drop_table('calendar_feed')
