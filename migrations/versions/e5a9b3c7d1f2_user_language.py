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
    op.add_column(
        "user", sa.Column("language", sa.String(length=12), server_default="", nullable=False)
    )


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): rebuilding "user" in batch mode would drop
    # the table, and every row pointing at an adult (who ticked an item, who wrote a moment)
    # would lose its link through ON DELETE SET NULL.
    op.drop_column("user", "language")
