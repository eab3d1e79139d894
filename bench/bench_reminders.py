"""Reminder sender throughput and memory, against a local SMTP sink (aiosmtpd) in the same run.

    .venv/bin/python bench/bench_reminders.py [--messages 2000] [--memory-messages 10000]

Figures:
- messages per second one sender renders ("Your week" with three items each) and hands to the
  sink, claiming, marking sent and committing each one as in production;
- the same bytes sent by a bare smtplib loop over one connection (the baseline), and the ratio;
- a sender process's peak memory (ru_maxrss) with 10,000 due messages, and its growth over a
  process that only started the app.
"""

import argparse
import logging
import os
import resource
import smtplib
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, no install

from aiosmtpd.controller import Controller  # noqa: E402

WEEK = date(2026, 11, 30)


class Sink:
    """Keeps each message's bytes (for the baseline) and counts them."""

    def __init__(self, keep: bool):
        self.keep = keep
        self.count = 0
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.keep:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_app(workdir: Path, mail_url: str):
    os.environ["INSTANCE_PATH"] = str(workdir / "instance")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    from planner import create_app

    return create_app(
        {"SECRET_KEY": "bench", "MAIL_URL": mail_url, "BASE_URL": "https://together.example"}
    )


def seed(app, messages: int) -> None:
    """`messages` adults in families of five, each family with three items, one digest due each."""
    from planner.extensions import db
    from planner.models import Activity, Household, PlanItem, User, Week
    from planner.reminders.models import OutboxMessage

    with app.app_context():
        db.create_all()
        activities = [
            Activity(slug=f"b-{n}", title=f"Bench activity {n}", practice="teamwork", age_min=2,
                     age_max=17, minutes=15, setting="home", who="whole-family", materials="None",
                     steps_text="One.\nTwo.", say=f"Shall we do number {n} together?", why="It helps.")
            for n in range(3)
        ]  # fmt: skip
        db.session.add_all(activities)
        for family in range((messages + 4) // 5):
            household = Household(name=f"Family {family}")
            db.session.add(household)
            db.session.flush()
            week = Week(household_id=household.id, week_start=WEEK)
            db.session.add(week)
            db.session.flush()
            for offset, activity in enumerate(activities):
                db.session.add(PlanItem(household_id=household.id, week_id=week.id,
                                        activity_id=activity.id, day=WEEK + timedelta(days=offset)))  # fmt: skip
            for adult in range(min(5, messages - family * 5)):
                user = User(email=f"f{family}a{adult}@example.com", display_name=f"Adult {adult}",
                            password_hash="x", household_id=household.id)  # fmt: skip
                db.session.add(user)
                db.session.flush()
                db.session.add(
                    OutboxMessage(
                        family_id=household.id,
                        user_id=user.id,
                        kind="digest",
                        channel="email",
                        on_date=WEEK - timedelta(days=1),
                        subject_key="digest",
                        due_at=date(2026, 1, 1),
                        status="due",
                        attempts=0,
                        payload="",
                        last_error="",
                    )  # fmt: skip
                )
        db.session.commit()


def throughput(messages: int) -> None:
    from planner.reminders.sender import Sender

    sink = Sink(keep=True)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = make_app(Path(tmp), f"smtp://127.0.0.1:{controller.port}")
            seed(app, messages)
            started = time.perf_counter()
            tally = Sender(app, batch=50).pass_once(schedule=False)
            sender_seconds = time.perf_counter() - started
            assert tally.sent == messages == sink.count, (tally, sink.count)
        sent = list(sink.messages)
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", controller.port) as smtp:
            for mail_from, rcpt_tos, content in sent:
                smtp.sendmail(mail_from, rcpt_tos, content)
        bare_seconds = time.perf_counter() - started
    finally:
        controller.stop()
    sender_rate, bare_rate = messages / sender_seconds, messages / bare_seconds
    print(f"sender:      {messages} messages in {sender_seconds:.2f} s = {sender_rate:,.0f} msg/s")
    print(f"bare smtplib: same bytes in {bare_seconds:.2f} s = {bare_rate:,.0f} msg/s")
    print(
        f"ratio sender/bare: {sender_rate / bare_rate:.3f} (1.0 would be free rendering and bookkeeping)"
    )


def memory_child(workdir: str, send: bool) -> None:
    """Run in a child process on an already seeded database: print peak RSS (KiB) after starting
    the app, or after sending every due message."""
    from planner.reminders.sender import Sender

    sink = Sink(keep=False)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app = make_app(Path(workdir), f"smtp://127.0.0.1:{controller.port}")
        if send:
            tally = Sender(app, batch=50).pass_once(schedule=False)
            assert tally.sent == sink.count > 0, tally
    finally:
        controller.stop()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def memory(messages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seed(make_app(Path(tmp), ""), messages)

        def child(send: bool) -> int:
            command = [sys.executable, __file__, "--memory-child", tmp]
            out = subprocess.run(command + (["--send"] if send else []), capture_output=True,
                                 text=True, check=True, cwd=ROOT)  # fmt: skip
            return int(out.stdout.strip().splitlines()[-1])

        idle, busy = child(False), child(True)
    print(f"sender peak memory with {messages:,} due messages: {busy / 1024:.1f} MiB "
          f"(the same process started but sending nothing: {idle / 1024:.1f} MiB; "
          f"growth {(busy - idle) / 1024:.1f} MiB, ratio {busy / idle:.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--memory-messages", type=int, default=10_000)
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    parser.add_argument("--send", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--memory-only", action="store_true", help="Skip the throughput figures.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    if args.memory_child:
        memory_child(args.memory_child, args.send)
        return
    if not args.memory_only:
        throughput(args.messages)
    memory(args.memory_messages)


if __name__ == "__main__":
    main()
