"""form keys: one-time keys that make create forms safe to submit twice

Revision ID: d7a3b5e1f920
Revises: c41f2a9d7e10
Create Date: 2026-12-01 15:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d7a3b5e1f920"
down_revision = "c41f2a9d7e10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form_key",
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_form_key_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_form_key")),
    )
    with op.batch_alter_table("form_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_key_household_id"), ["household_id"], unique=False)


def downgrade():
    with op.batch_alter_table("form_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_key_household_id"))
    op.drop_table("form_key")
