"""household.addresses_renewed_at: when an adult left by themselves and the calendar feed's and the
family display's addresses were renewed unseen, so the owner is told until they dismiss it

Revision ID: a8d4e2f6c1b3
Revises: f1a2b3c4d5e6
Create Date: 2026-12-02 05:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a8d4e2f6c1b3"
down_revision = "f1a2b3c4d5e6"
branch_labels = None
depends_on = None


# Plain ALTER TABLE both ways (SQLite 3.35+ drops a column in place): a batch copy of household
# would have to drop the table every family's rows point at.
def upgrade():
    op.add_column("household", sa.Column("addresses_renewed_at", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("household", "addresses_renewed_at")
