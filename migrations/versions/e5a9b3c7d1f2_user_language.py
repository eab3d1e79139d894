"""each adult's language (empty: follow the browser)

Revision ID: e5a9b3c7d1f2
Revises: e5b9c7d1a2f3
Create Date: 2026-12-01 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5a9b3c7d1f2"
down_revision = "e5b9c7d1a2f3"
branch_labels = None
depends_on = None


def upgrade():
    # Existing adults keep seeing the language their browser asks for until they choose one.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=12), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("language")
