"""card kind, needs, named day and time, age adaptations, merged-card link

Revision ID: b7e1c2d3f4a5
Revises: abd4dc47a279
Create Date: 2026-12-01 15:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e1c2d3f4a5"
down_revision = "abd4dc47a279"
branch_labels = None
depends_on = None

COLUMNS = (
    ("kind", 12, "activity"),
    ("needs", 200, ""),
    ("day", 12, ""),
    ("time_of_day", 16, ""),
    ("younger", 300, ""),
    ("older", 300, ""),
    ("replaced_by", 120, ""),
)


def upgrade():
    with op.batch_alter_table("activity", schema=None) as batch_op:
        for name, length, default in COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length), server_default=default, nullable=False)
            )
    # First-edition cards for the adults become the grown-ups' kind.
    op.execute("UPDATE activity SET kind = 'grown-ups' WHERE for_adults")


def downgrade():
    with op.batch_alter_table("activity", schema=None) as batch_op:
        for name, _length, _default in reversed(COLUMNS):
            batch_op.drop_column(name)
