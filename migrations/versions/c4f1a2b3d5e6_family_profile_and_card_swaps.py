"""family profile for the planner (all optional) and the cards a family swapped away

Revision ID: c4f1a2b3d5e6
Revises: ac7fa0bbce1d
Create Date: 2026-12-01 16:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4f1a2b3d5e6"
down_revision = "ac7fa0bbce1d"
branch_labels = None
depends_on = None

PROFILE = (
    ("adults_at_home", sa.String(8)),
    ("raised_by_relative", sa.Boolean()),
    ("two_homes", sa.Boolean()),
    ("other_adults_nearby", sa.Boolean()),
    ("has_car", sa.Boolean()),
    ("has_garden", sa.Boolean()),
    ("has_pet", sa.Boolean()),
    ("outing_money", sa.String(10)),
    ("school_days", sa.String(20)),
    ("usual_breakfast", sa.String(5)),
    ("usual_after_school", sa.String(5)),
    ("usual_dinner", sa.String(5)),
    ("usual_bedtime", sa.String(5)),
)


def upgrade():
    # Every profile field starts unknown, so existing families' plans are filtered by nothing new.
    with op.batch_alter_table("household", schema=None) as batch_op:
        for name, type_ in PROFILE:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(
            sa.Column("grown_ups_per_week", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "card_swap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_card_swap_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_card_swap_household_id_household"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_swap")),
    )
    with op.batch_alter_table("card_swap", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_card_swap_household_id"), ["household_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("card_swap", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_swap_household_id"))
    op.drop_table("card_swap")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ has it): rebuilding household in batch mode
    # drops the table, which the families' rows pointing at it (foreign keys) do not allow.
    op.drop_column("household", "grown_ups_per_week")
    for name, _type in reversed(PROFILE):
        op.drop_column("household", name)
