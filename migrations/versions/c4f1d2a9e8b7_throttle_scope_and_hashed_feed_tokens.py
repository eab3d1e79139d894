"""throttle scope on login_attempt; calendar feed tokens stored hashed

Revision ID: c4f1d2a9e8b7
Revises: d7a3b5e1f920
Create Date: 2026-12-01 15:00:00

The feed secret is kept as a SHA-256, like session and invite tokens. Existing feed addresses keep
working: their tokens are hashed in place (a 64-character hex digest fits the same column).
"""
import hashlib

from alembic import op
import sqlalchemy as sa


revision = 'c4f1d2a9e8b7'
down_revision = 'd7a3b5e1f920'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('scope', sa.String(length=20), server_default='login', nullable=False)
        )
    connection = op.get_bind()
    household = sa.table('household', sa.column('id', sa.Integer), sa.column('calendar_token', sa.String))
    rows = connection.execute(
        sa.select(household.c.id, household.c.calendar_token).where(
            household.c.calendar_token.is_not(None)
        )
    ).all()
    for row in rows:
        connection.execute(
            household.update()
            .where(household.c.id == row.id)
            .values(calendar_token=hashlib.sha256(row.calendar_token.encode()).hexdigest())
        )


def downgrade():
    # Hashes cannot be turned back into addresses: feeds are switched off and must be made anew.
    household = sa.table('household', sa.column('calendar_token', sa.String))
    op.get_bind().execute(household.update().values(calendar_token=None))
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_column('scope')
