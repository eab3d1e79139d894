"""`flask reminders run` (a long-running sender) and `flask reminders send-due` (one pass, for cron)."""

import signal

import click
from flask import current_app
from flask.cli import AppGroup

from .sender import Sender

reminders = AppGroup("reminders", help="Send reminders: the digest, nudges and follow-ups.")


@reminders.command("send-due")
@click.option("--no-schedule", is_flag=True, help="Only send what is already queued.")
@click.option("--batch", type=click.IntRange(1, 1000), default=50, help="Messages claimed at once.")
def send_due(no_schedule: bool, batch: int) -> None:
    """Queue what has fallen due and send it, once (for cron or a systemd timer)."""
    sender = Sender(current_app._get_current_object(), batch=batch)
    tally = sender.pass_once(schedule=not no_schedule)
    click.echo(
        f"queued {tally.queued}, sent {tally.sent}, retrying {tally.retried}, "
        f"gave up {tally.failed}, cancelled {tally.cancelled}"
    )


@reminders.command("run")
@click.option("--poll", type=float, default=None, help="Seconds between passes (default 20).")
def run(poll: float | None) -> None:
    """Keep sending until stopped (SIGTERM or Ctrl-C end it after the current pass)."""
    stopping = []

    def stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo("reminder sender running")
    Sender(current_app._get_current_object()).run_forever(poll, stop=lambda: bool(stopping))
