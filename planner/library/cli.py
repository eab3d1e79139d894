"""`flask library sync`: load the card files into the database (run by `make run`)."""

import click
from flask.cli import AppGroup

from ..extensions import db
from .loader import CardError, load_cards
from .stats import coverage_table
from .sync import sync_library

library = AppGroup("library", help="Manage the activity library.")


@library.command("sync")
def sync_command() -> None:
    """Add new cards, update changed ones and retire removed ones (safe to run again)."""
    try:
        cards = load_cards()
    except CardError as error:
        raise click.ClickException(f"The library was not changed: {error}") from error
    report = sync_library(cards)
    db.session.commit()
    click.echo(f"Library synced ({len(cards)} cards): {report}.")


@library.command("stats")
def stats_command() -> None:
    """Print the library's numbers as the Markdown table the README shows."""
    click.echo(coverage_table(load_cards()))
