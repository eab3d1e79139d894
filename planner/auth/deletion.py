"""Deleting an account or a whole household for real: rows, sessions, the feed and invites.

A household is never left without an owner: its last owner either hands ownership to another
member or deletes the household. Deleting a household removes every row that carries its id (in
every table, including ones added later), and its other adults keep their logins with a fresh,
empty household of their own, as when an owner removes a member. An adult who deletes only their
account leaves a household that goes on: its feed and display addresses are renewed (they may have
copied them) and its owner is told.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext
from sqlalchemy import delete, select

from .. import secret_addresses
from ..extensions import db
from ..i18n import as_locale, select_locale
from ..models import Household, User, UserSession
from ..progress import summary


class DeletionRefused(Exception):
    """A deletion that would orphan a household; the message says what to do instead."""


def other_members(user: User) -> list[User]:
    return list(
        db.session.execute(
            select(User).where(User.household_id == user.household_id, User.id != user.id)
        ).scalars()
    )


def delete_account(user: User, successor_id: int | None = None) -> None:
    """Delete `user`; the last adult takes the household with them; an owner hands over first.

    :raise DeletionRefused: when an owner with other members names no member to take over.
    """
    others = other_members(user)
    if not others:
        delete_household(user)
        return
    if user.is_owner and not any(member.is_owner for member in others):
        successor = next((member for member in others if member.id == successor_id), None)
        if successor is None:
            raise DeletionRefused(
                gettext("Choose who takes over the household, or delete the household instead.")
            )
        successor.role = "owner"
    secret_addresses.renew_after_leaving(user.household, owner_here=None)
    remove_user(user)


def move_to_own_household(member: User) -> Household:
    """Give `member` a fresh, empty household of their own, named in their language, as its owner;
    their sessions end (they were looking at the old household)."""
    locale = as_locale(member.language) if member.language else select_locale()
    with force_locale(locale):
        own = Household(name=gettext("%(name)s's family", name=member.display_name))
    db.session.add(own)
    db.session.flush()
    db.session.execute(delete(UserSession).where(UserSession.user_id == member.id))
    member.household_id, member.role = own.id, "owner"
    return own


def remove_user(user: User) -> None:
    """The account row and its sessions (its other links are set to NULL by the database)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.execute(delete(User).where(User.id == user.id))


def household_tables():
    """Every table with a household_id, children before parents."""
    return [
        table
        for table in reversed(db.metadata.sorted_tables)
        if "household_id" in table.c and table.name != "user"
    ]


def delete_household(user: User) -> None:
    """Delete `user`, their household and everything in it; other members get a fresh household."""
    household_id = user.household_id
    for member in other_members(user):
        move_to_own_household(member)
    db.session.flush()
    with summary.bulk_writes_of(household_id):
        for table in household_tables():
            db.session.execute(delete(table).where(table.c.household_id == household_id))
    remove_user(user)
    db.session.execute(delete(Household).where(Household.id == household_id))
    db.session.expunge_all()
