"""household timezone: each family's own wall clock

Revision ID: c41f2a9d7e10
Revises: b7e1c2d3f4a5
Create Date: 2026-12-01 15:00:00

Existing families get the DEFAULT_TIMEZONE setting (UTC when unset), the zone the server has
effectively used for them so far; they can change it on the family page.
"""

import os

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "c41f2a9d7e10"
down_revision = "b7e1c2d3f4a5"
branch_labels = None
depends_on = None


def default_zone() -> str:
    try:
        return current_app.config.get("DEFAULT_TIMEZONE") or "UTC"
    except RuntimeError:  # run outside the app (plain alembic)
        return os.environ.get("DEFAULT_TIMEZONE") or "UTC"


def upgrade():
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False)
        )
    zone = default_zone()
    if zone != "UTC":
        op.execute(sa.text("UPDATE household SET timezone = :zone").bindparams(zone=zone))


def downgrade():
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_column("timezone")
