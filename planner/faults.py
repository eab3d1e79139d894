"""Surviving database faults without a restart: "saving is paused" instead of a 500.

When the database refuses writes (a SQLite file made read-only, a full disk, a PostgreSQL restart
or a read-only standby), the request gets a 503 page saying saving is paused and nothing saved is
lost. Connections opened during the spell may stay read-only for good (SQLite opens a file it
cannot write read-only), so while the spell lasts every request ends by closing the pool's
connections; the first request after the file is writable again gets a fresh one and works.
"""

from __future__ import annotations

import contextlib
import logging
import threading

from flask import Flask, g, request
from flask_babel import gettext
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError

from .extensions import db, login_manager

log = logging.getLogger("planner")

WRITE_REFUSED = (
    "readonly database",
    "read-only",
    "read only",
    "disk i/o error",
    "database or disk is full",
    "unable to open database",
    "server closed the connection",
    "terminating connection",
    "connection refused",
    "could not connect",
    "connection is closed",
    "the database system is",
    "consuming input failed",
)

_state = threading.Lock()
_paused = {"on": False}


def is_write_refusal(error: DBAPIError) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return isinstance(error, OperationalError | InternalError) and any(
        phrase in text for phrase in WRITE_REFUSED
    )


def reset_connections() -> None:
    """Drop this request's session and every pooled connection (fresh ones come on demand)."""
    with contextlib.suppress(DBAPIError):
        db.session.rollback()
    db.session.remove()
    db.engine.dispose()


def paused() -> bool:
    return _paused["on"]


def set_paused(value: bool) -> None:
    with _state:
        _paused["on"] = value


def register_fault_handlers(app: Flask) -> None:
    """The 503 page for refused writes, and the pool reset while a spell lasts."""
    from .web import render_error

    @app.errorhandler(OperationalError)
    @app.errorhandler(InternalError)
    def database_refused(error):
        if not is_write_refusal(error):
            raise error
        set_paused(True)
        log.warning("database refused the request on %s: saving paused", request.endpoint)
        reset_connections()
        if "_login_user" not in g:  # the page must not ask the database who is logged in
            g._login_user = login_manager.anonymous_user()
        page, code = render_error(
            503,
            gettext(
                "Saving is paused for a moment: the server cannot write to its database right "
                "now. Nothing you saved before is lost. Please try again in a minute."
            ),
        )
        return page, code, {"Retry-After": "30"}

    @app.teardown_request
    def end_spell(_error=None):
        if paused():
            db.session.remove()
            db.engine.dispose()

    @app.after_request
    def note_recovery(response):
        # A write that went through ends with a redirect (a refused form is a 400, proving nothing).
        if paused() and request.method == "POST" and response.status_code in {302, 303}:
            set_paused(False)
            log.info("database writable again: saving resumed")
        return response
