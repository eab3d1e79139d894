"""an index that starts with every foreign key (deleting a child, stopping a ritual, removing an
adult no longer scans every family's rows)

Revision ID: e5b9c7d1a2f3
Revises: e2b9c7d41a05
Create Date: 2026-12-01 18:30:00

"""

from alembic import op

revision = "e5b9c7d1a2f3"
down_revision = "e2b9c7d41a05"
branch_labels = None
depends_on = None

# (table, column): the index is named ix_<table>_<column>, as `index=True` in the models names it.
INDEXES = (
    ("invite", "created_by_id"),
    ("invite", "used_by_id"),
    ("plan_item", "ritual_id"),
    ("plan_item", "done_by_id"),
    ("plan_item_child", "child_id"),
    ("plan_item_participant", "child_id"),
    ("ritual", "activity_id"),
    ("card_swap", "activity_id"),
    ("moment", "created_by_id"),
    ("moment_child", "child_id"),
)


def upgrade():
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade():
    for table, column in reversed(INDEXES):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
