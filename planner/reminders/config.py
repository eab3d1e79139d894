"""Reminder settings from the app config or the environment (MAIL_URL, MAIL_FROM, BASE_URL, ...)."""

from __future__ import annotations

import os

from flask import current_app

from .mail import MailServer, parse_mail_url

DEFAULTS = {
    "MAIL_URL": "",
    "MAIL_FROM": "Together <together@localhost>",
    "BASE_URL": "http://127.0.0.1:5000",
    # First retry after this many seconds, then 4x longer each time (see outbox.retry_delay).
    "REMINDER_RETRY_SECONDS": "60",
    # How often `flask reminders run` looks for due messages.
    "REMINDER_POLL_SECONDS": "20",
}


def setting(name: str) -> str:
    """The app config's value, else the environment's, else the default."""
    value = current_app.config.get(name)
    if value in (None, ""):
        value = os.environ.get(name, DEFAULTS[name])
    return str(value)


def mail_server() -> MailServer | None:
    """The configured SMTP server, or None when e-mail is not set up (everything else still works)."""
    url = setting("MAIL_URL").strip()
    return parse_mail_url(url) if url else None


def mail_configured() -> bool:
    return bool(setting("MAIL_URL").strip())


def base_url() -> str:
    return setting("BASE_URL").rstrip("/")


def explicit_base_url() -> str | None:
    """BASE_URL only when the host set it (links then use the request's own host otherwise)."""
    value = current_app.config.get("BASE_URL") or os.environ.get("BASE_URL")
    return value.rstrip("/") if value else None
