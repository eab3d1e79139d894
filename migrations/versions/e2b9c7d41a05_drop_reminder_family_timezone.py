"""the family's one time zone is household.timezone: drop reminder_family.timezone

Reminders were written while households had no zone of their own; since then every area reads
household.timezone and the reminders page edits it too, so the reminders' copy is dead. A family
whose household still says UTC but whose reminder settings named a zone keeps that zone.

Revision ID: e2b9c7d41a05
Revises: c4f1a2b3d5e6
Create Date: 2026-12-01 18:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e2b9c7d41a05"
down_revision = "c4f1a2b3d5e6"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE household SET timezone = (SELECT r.timezone FROM reminder_family r"
        " WHERE r.family_id = household.id)"
        " WHERE (timezone IS NULL OR timezone = 'UTC') AND EXISTS (SELECT 1 FROM reminder_family r"
        " WHERE r.family_id = household.id AND r.timezone IS NOT NULL AND r.timezone <> 'UTC')"
    )
    with op.batch_alter_table("reminder_family", schema=None) as batch_op:
        batch_op.drop_column("timezone")


def downgrade():
    with op.batch_alter_table("reminder_family", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("timezone", sa.String(64), server_default="UTC", nullable=False)
        )
    op.execute(
        "UPDATE reminder_family SET timezone = (SELECT h.timezone FROM household h"
        " WHERE h.id = reminder_family.family_id)"
    )
