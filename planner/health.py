"""Readiness: can this worker read and write its database? (`/healthz` stays database-free.)"""

from flask import Blueprint, g
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from .clock import now_utc
from .extensions import db
from .models import LoginAttempt

bp = Blueprint("health", __name__)
PLAIN = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/readyz")
def readyz():
    """200 "ready" when a read and a (rolled back) write both work, else 503 with the reason.

    SQLite takes its write lock up front here (BEGIN IMMEDIATE), which a read-only file refuses;
    the test row is never committed.
    """
    g.sqlite_immediate = True
    try:
        db.session.execute(select(text("1")))
        db.session.execute(
            insert(LoginAttempt).values(
                email_key="readyz", remote_addr="readyz", scope="readyz", created_at=now_utc()
            )
        )
        db.session.flush()
    except DBAPIError as error:
        from .faults import reset_connections, set_paused

        set_paused(True)
        reset_connections()
        reason = str(getattr(error, "orig", error)).splitlines()[0][:200]
        return f"not ready: {reason}\n", 503, PLAIN
    finally:
        db.session.rollback()
    from .faults import set_paused

    set_paused(False)
    return "ready\n", 200, PLAIN
