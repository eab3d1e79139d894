"""progress summary: each household's settled weeks summed once, so progress costs the same at any
length of history (derived data: `flask progress summarise` fills it, `make run` runs that); and
moments indexed by household and day, so the page finds the recent ones without the rest

Revision ID: f1a2b3c4d5e6
Revises: e5b8c1d2f3a4
Create Date: 2026-12-02 01:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f1a2b3c4d5e6"
down_revision = "e5b8c1d2f3a4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "progress_summary",
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_progress_summary_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_progress_summary")),
    )
    with op.batch_alter_table("moment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moment_household_id_happened_on", ["household_id", "happened_on"], unique=False
        )


def downgrade():
    with op.batch_alter_table("moment", schema=None) as batch_op:
        batch_op.drop_index("ix_moment_household_id_happened_on")
    op.drop_table("progress_summary")
