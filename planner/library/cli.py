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


@library.command("translations")
@click.option("--strict", is_flag=True, help="Fail when anything is still in English.")
def translations_command(strict: bool) -> None:
    """List the cards (and fields) not yet translated into each language; refuse broken files."""
    from .translations import CARD_LANGUAGES, missing_translations, read_translations

    english = load_cards()
    broken, untranslated = 0, 0
    for language in CARD_LANGUAGES:
        checked = read_translations(language, english)
        missing = missing_translations(language, english, checked)
        done = len(english) - len(missing)
        click.echo(f"{language}: {done} of {len(english)} cards fully translated.")
        for problem in checked.problems:
            click.echo(f"  refused: {problem}")
        for slug, fields in missing.items():
            click.echo(f"  missing: {slug} ({', '.join(fields)})")
        broken += len(checked.problems)
        untranslated += len(missing)
    if broken or (strict and untranslated):
        raise click.ClickException(
            f"{broken} refused translation(s), {untranslated} incomplete card(s)."
        )
