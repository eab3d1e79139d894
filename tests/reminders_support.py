"""Real parts for reminder tests: an aiosmtpd server that keeps what it receives, family builders."""

from __future__ import annotations

import email
import email.policy
import threading
from datetime import date, datetime

from aiosmtpd.controller import Controller

from planner.extensions import db
from planner.models import Household, PlanItem, User, Week
from planner.reminders.models import OutboxMessage
from tests.helpers import make_activities
from tests.servers import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"

    def outbox_ids(self) -> list[int]:
        return [int(message["X-Together-Outbox"]) for message in self.messages]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (start/stop it to play an outage)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?timeout=5"

    def start(self) -> SmtpServer:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def make_family(
    name="Ana", email_address=None, zone=None, adults=1
) -> tuple[Household, list[User]]:
    """A household with `adults` adults written straight to the database (no password hashing)."""
    household = Household(name=f"{name}'s family")
    db.session.add(household)
    users = []
    for index in range(adults):
        address = (
            email_address if index == 0 and email_address else f"{name.lower()}{index}@example.com"
        )
        user = User(
            email=address, display_name=f"{name}{index or ''}", password_hash="x",
            household=household, role="owner" if index == 0 else "member",
        )  # fmt: skip
        db.session.add(user)
        users.append(user)
    db.session.flush()
    if zone:
        household.timezone = zone
    db.session.commit()
    return household, users


def plan_items(
    household: Household, week_start: date, days: list[date], prefix="rem"
) -> list[PlanItem]:
    """One plan item per day in `days` (all in the week starting `week_start`)."""
    activities = make_activities(
        len(days), household_id=household.id, prefix=f"{prefix}-{household.id}"
    )
    week = Week(household_id=household.id, week_start=week_start)
    db.session.add(week)
    db.session.flush()
    items = []
    for activity, day in zip(activities, days, strict=True):
        item = PlanItem(
            household_id=household.id, week_id=week.id, activity_id=activity.id, day=day
        )
        db.session.add(item)
        items.append(item)
    db.session.commit()
    return items


def queue_digests(users: list[User], on: date, due: datetime) -> list[int]:
    """Queue one digest per adult, due at `due`, straight into the outbox."""
    rows = [
        OutboxMessage(
            family_id=user.household_id,
            user_id=user.id,
            kind="digest",
            channel="email",
            on_date=on,
            subject_key=on.isoformat(),
            due_at=due,
            status="due",
            attempts=0,
            payload="",
            last_error="",
        )  # fmt: skip
        for user in users
    ]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


class Recorder:
    """A local HTTP server standing in for a push service or an Apprise target: it keeps every
    request and answers with the status set for its path (201 unless told)."""

    def __init__(self):
        import http.server

        recorder = self
        self.requests: list[tuple[str, dict, bytes]] = []
        self.status_for: dict[str, int] = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorder.requests.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(recorder.status_for.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
