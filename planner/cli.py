"""Command-line tools for the person hosting Together (there is no e-mail to reset passwords)."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import backup as backups
from .auth.passwords import hash_password, password_problem
from .extensions import db
from .models import Household, User, UserSession


def register(app: Flask) -> None:
    """Attach the command groups to the app's `flask` CLI."""
    from .library.cli import library

    app.cli.add_command(users)
    app.cli.add_command(library)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(progress)


users = AppGroup("users", help="Manage accounts.")
progress = AppGroup("progress", help="The progress pages' stored figures.")


@progress.command("summarise")
@click.option("--all", "every", is_flag=True, help="Sum every family again, due or not.")
def summarise(every: bool) -> None:
    """Store each family's settled weeks summed, where missing or a week behind (make run does
    this at start: the progress page then reads only the latest weeks)."""
    from .progress import summary

    refreshed = summary.refresh_all(only_due=not every)
    db.session.commit()
    click.echo(f"Summed the settled weeks of {refreshed} families.")


def read_password(password: str | None, *own_words: str) -> str:
    password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, own_words)
    if problem:
        raise click.ClickException(problem)
    return password


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--password", help="Prompted for (hidden) when left out.")
def create_user(email: str, display_name: str, password: str | None) -> None:
    """Create an account with a household of its own."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.ClickException("Give a valid email address.")
    if db.session.execute(db.select(User.id).where(User.email == email)).first():
        raise click.ClickException(f"An account with {email} already exists.")
    password = read_password(password, email, display_name)
    household = Household(name=f"{display_name}'s family")
    db.session.add(household)
    db.session.add(
        User(
            email=email,
            display_name=display_name.strip()[:80],
            password_hash=hash_password(password),
            household=household,
            role="owner",
        )
    )
    db.session.commit()
    click.echo(f"Created {email}.")


@users.command("reset-password")
@click.option("--email", required=True)
@click.option("--password", help="Prompted for (hidden) when left out.")
def reset_password(email: str, password: str | None) -> None:
    """Set a new password and log the account out everywhere."""
    user = db.session.execute(
        db.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"No account with {email}.")
    user.password_hash = hash_password(read_password(password, user.email, user.display_name))
    db.session.execute(db.delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    click.echo(f"Password reset for {user.email}; all their sessions ended.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Copy the live SQLite database to PATH (safe while the app is serving)."""
    try:
        size = backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path, force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path} ({size:,} bytes).")


def schema_revisions() -> list[str]:
    """This version's Alembic revisions, newest first (the migrations' single head first)."""
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return [revision.revision for revision in script.walk_revisions()]


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds family data.")
@click.option(
    "--upgrade", is_flag=True, help="Accept a backup from an older version and migrate it."
)
@with_appcontext
def restore_command(path: Path, force: bool, upgrade: bool) -> None:
    """Replace the SQLite database with the backup at PATH (stop the app first)."""
    from flask_migrate import upgrade as migrate_upgrade

    from .extensions import db

    db.session.remove()
    db.engine.dispose()
    try:
        damaged = backups.restore(
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            path,
            force=force,
            revisions=schema_revisions(),
            upgrade=upgrade,
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    if damaged:
        click.echo(f"The damaged database was kept as {damaged}.")
    if upgrade:
        migrate_upgrade()
    click.echo(f"Restored from {path}.")
