"""The sender: claim due messages, render, deliver, record; safe to run many times over one database."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import outbox
from .channels import DeliveryError, build_email, deliver_apprise, deliver_push
from .compose import NothingToSend, compose
from .config import base_url, mail_server, setting
from .mail import Mailer
from .models import OutboxMessage
from .settings import adult_settings

log = logging.getLogger("planner.reminders")


@dataclass
class Tally:
    """What one pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    queued: int = 0

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def worker_name() -> str:
    """Unique per process and run: host, pid and a random tail."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class Sender:
    """One sender: holds the SMTP connection across a pass, claims in batches."""

    def __init__(self, app: Flask, worker: str | None = None, batch: int = 50):
        self.app = app
        self.worker = worker or worker_name()
        self.batch = batch
        self.mailer: Mailer | None = None

    def context(self):
        """A request context on BASE_URL, so url_for builds absolute links; POST takes SQLite's
        write lock up front (see extensions._sqlite_begin), as a sender reads then writes."""
        return self.app.test_request_context("/", method="POST", base_url=base_url_of(self.app))

    def pass_once(self, schedule: bool = True) -> Tally:
        """Queue what has fallen due, then send until nothing is left to claim."""
        tally = Tally()
        with self.context():
            server = mail_server()
            self.mailer = Mailer(server) if server else None
            try:
                if schedule:
                    from .schedule import queue_due

                    tally.queued = queue_due()
                    db.session.commit()
                while self.send_batch(tally):
                    pass
            finally:
                if self.mailer:
                    self.mailer.close()
                db.session.remove()
        return tally

    def send_batch(self, tally: Tally) -> bool:
        ids = outbox.claim(self.worker, self.batch)
        db.session.commit()
        if not ids:
            return False
        retry_base = float(setting("REMINDER_RETRY_SECONDS"))
        for message_id in ids:
            message = db.session.get(OutboxMessage, message_id)
            tally.add(self.send_one(message, retry_base))
            db.session.commit()
        return True

    def send_one(self, message: OutboxMessage, retry_base: float) -> str:
        """Deliver one claimed message and record the outcome; returns the tally field."""
        message_id, attempts = message.id, message.attempts
        channel, user_id = message.channel, message.user_id
        try:
            content = compose(message)
            if channel == "email":
                # End the read before the slow hand-over: on SQLite it holds the write lock,
                # and another sender must not wait on our SMTP server.
                db.session.commit()
            self.deliver(channel, user_id, message_id, content)
        except NothingToSend as reason:
            outbox.mark_cancelled(message_id, self.worker, str(reason))
            return "cancelled"
        except Exception as error:  # any failure: retry later, never lose the message
            if isinstance(error, SQLAlchemyError):
                db.session.rollback()
            log.warning("reminder %s not delivered (try %s): %s", message_id, attempts, error)
            status = outbox.mark_failed(
                message_id, self.worker, attempts, f"{type(error).__name__}: {error}", retry_base
            )
            return "failed" if status == "failed" else "retried"
        outbox.mark_sent(message_id, self.worker)
        return "sent"

    def deliver(self, channel: str, user_id: int, message_id: int, content) -> None:
        if channel == "email":
            if self.mailer is None:
                raise DeliveryError("e-mail is not configured (MAIL_URL)")
            self.mailer.send(build_email(content, message_id))
        elif channel == "push":
            deliver_push(user_id, content)
        elif channel == "apprise":
            deliver_apprise(adult_settings(user_id).apprise_urls, content)
        else:
            raise NothingToSend(f"unknown channel {channel}")

    def run_forever(self, poll_seconds: float | None = None, stop=None) -> None:
        """The long-running sender: a pass, a pause, again, until `stop()` says so."""
        with self.app.app_context():
            poll = poll_seconds or float(setting("REMINDER_POLL_SECONDS"))
        while not (stop and stop()):
            try:
                tally = self.pass_once()
                if tally.sent or tally.retried or tally.failed:
                    log.info("reminders: %s", tally)
            except Exception:  # a database blip must not end the sender
                log.exception("reminder pass failed; trying again shortly")
            deadline = time.monotonic() + poll
            while time.monotonic() < deadline and not (stop and stop()):
                time.sleep(0.2)


def base_url_of(app: Flask) -> str:
    with app.app_context():
        return base_url()
