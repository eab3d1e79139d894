"""The outbox: queued once by its natural key, each message delivered exactly once by any senders."""

import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from planner import clock
from planner.extensions import db
from planner.models import User
from planner.reminders import outbox
from planner.reminders.models import OutboxMessage
from planner.reminders.sender import Sender
from tests.helpers import database_url, make_app
from tests.reminders_support import SmtpServer, make_family, queue_digests
from tests.servers import ROOT, free_port

SUNDAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 18, 0)


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def statuses() -> dict[str, int]:
    rows = db.session.execute(
        db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status)
    )
    return dict(rows.all())


def test_the_same_message_cannot_be_queued_twice(app):
    with app.app_context():
        _, (user,) = make_family()
        row = {
            "family_id": user.household_id, "user_id": user.id, "kind": "digest",
            "channel": "email", "on_date": SUNDAY, "subject_key": "2026-11-29", "due_at": NOW,
        }  # fmt: skip
        assert outbox.enqueue([row]) == 1
        assert outbox.enqueue([row, dict(row, channel="apprise")]) == 1
        db.session.commit()
        assert db.session.execute(db.select(db.func.count(OutboxMessage.id))).scalar() == 2


def test_a_claimed_message_is_not_claimed_again(app):
    with app.app_context(), clock.frozen(NOW):
        _, users = make_family(adults=3)
        queue_digests(users, SUNDAY, NOW)
        first = outbox.claim("one", limit=2)
        db.session.commit()
        second = outbox.claim("two", limit=5)
        db.session.commit()
        assert len(first) == 2 and len(second) == 1
        assert not set(first) & set(second)
        assert outbox.claim("three") == []


def test_a_message_not_yet_due_waits(app):
    with app.app_context(), clock.frozen(NOW):
        _, users = make_family()
        queue_digests(users, SUNDAY, NOW + timedelta(minutes=1))
        assert outbox.claim("one") == []


def sender_process(app_url: str, instance, mail_url: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": app_url,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "test-secret-key",
            "MAIL_URL": mail_url,
            "BASE_URL": "http://together.test",
        }
    )
    flask_bin = str(ROOT / ".venv" / "bin" / "flask")
    command = [flask_bin] if os.path.exists(flask_bin) else [sys.executable, "-m", "flask"]
    return subprocess.Popen(
        [*command, "--app", "app", "reminders", "send-due", "--no-schedule", "--batch", "7"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_sender_processes_deliver_500_messages_exactly_once(tmp_path, smtp):
    app = make_app(tmp_path)
    with app.app_context():
        users = []
        for index in range(50):
            _, adults = make_family(name=f"F{index}", adults=10)
            users += adults
        due = clock.now_utc() - timedelta(minutes=1)
        ids = queue_digests(users, SUNDAY, due)
        assert len(ids) == 500
        db.session.remove()
    processes = [
        sender_process(database_url(tmp_path), tmp_path / "instance", smtp.url) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    sent_by_each = [int(out.split("sent ")[1].split(",")[0]) for out, _ in outputs]
    assert sum(sent_by_each) == 500
    assert all(count > 0 for count in sent_by_each), sent_by_each  # both took part
    delivered = smtp.inbox.outbox_ids()
    assert sorted(delivered) == sorted(ids)  # every message, none twice
    with app.app_context():
        assert statuses() == {"sent": 500}
        recipients = {to[0] for _, to in smtp.inbox.envelopes}
        assert recipients == set(db.session.execute(db.select(User.email)).scalars())


def test_smtp_down_then_up_delivers_once_and_loses_nothing(tmp_path):
    port = free_port()
    server = SmtpServer(port)
    app = make_app(tmp_path, MAIL_URL=server.url, REMINDER_RETRY_SECONDS=60)
    with app.app_context(), clock.frozen(NOW):
        _, users = make_family(adults=5)
        ids = queue_digests(users, SUNDAY, NOW)
    sender = Sender(app)
    with clock.frozen(NOW):
        tally = sender.pass_once(schedule=False)
    assert (tally.sent, tally.retried) == (0, 5)
    with app.app_context():
        assert statuses() == {"due": 5}
        assert all("Connection refused" in m.last_error or "Errno" in m.last_error
                   for m in db.session.execute(db.select(OutboxMessage)).scalars())  # fmt: skip
    server.start()
    try:
        with clock.frozen(NOW + timedelta(seconds=30)):  # before the backoff is over: nothing
            assert sender.pass_once(schedule=False).sent == 0
        with clock.frozen(NOW + timedelta(seconds=61)):
            assert sender.pass_once(schedule=False).sent == 5
        with clock.frozen(NOW + timedelta(hours=5)):
            assert sender.pass_once(schedule=False).sent == 0
    finally:
        server.stop()
    assert sorted(server.inbox.outbox_ids()) == sorted(ids)
    with app.app_context():
        assert statuses() == {"sent": 5}


def test_after_several_tries_the_adult_sees_we_could_not_reach_you(tmp_path, auth, client):
    app = client.application
    app.config.update(
        MAIL_URL=f"smtp://127.0.0.1:{free_port()}?timeout=2", REMINDER_RETRY_SECONDS=1
    )
    auth.register()
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        queue_digests([user], SUNDAY, clock.now_utc())
    sender = Sender(app)
    moment = clock.now_utc()
    for attempt in range(outbox.MAX_ATTEMPTS):
        moment += timedelta(hours=7)
        with clock.frozen(moment):
            tally = sender.pass_once(schedule=False)
        expected = "failed" if attempt == outbox.MAX_ATTEMPTS - 1 else "retried"
        assert getattr(tally, expected) == 1
    with app.app_context():
        assert statuses() == {"failed": 1}
    page = client.get("/reminders/settings")
    assert "We could not reach you" in page.text
