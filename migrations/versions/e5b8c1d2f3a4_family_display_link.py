"""family display link: a read-only, revocable address (only its token's hash is stored)

Revision ID: e5b8c1d2f3a4
Revises: e5a9b3c7d1f2
Create Date: 2026-12-01 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5b8c1d2f3a4"
down_revision = "e5a9b3c7d1f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "display_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_display_link_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_display_link_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_display_link")),
        sa.UniqueConstraint("household_id", name=op.f("uq_display_link_household_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_display_link_token_hash")),
    )
    # Every foreign key has an index that starts with it (removing an adult finds their links).
    op.create_index(
        op.f("ix_display_link_created_by_id"), "display_link", ["created_by_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_display_link_created_by_id"), table_name="display_link")
    op.drop_table("display_link")
