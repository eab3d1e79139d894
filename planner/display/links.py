"""Making, finding and revoking a family's display link. Nothing here commits."""

from __future__ import annotations

import secrets

from flask import session, url_for

from ..auth.sessions import hash_token
from ..extensions import db
from .models import DisplayLink


def link_of(household_id: int) -> DisplayLink | None:
    return db.session.execute(
        db.select(DisplayLink).where(DisplayLink.household_id == household_id)
    ).scalar_one_or_none()


def new_link(household_id: int, user_id: int | None) -> str:
    """Give the family a new link (an old one stops working at once); returns the raw token,
    which is never stored and so can be shown only now."""
    token = secrets.token_urlsafe(32)
    link = link_of(household_id)
    if link is None:
        link = DisplayLink(household_id=household_id)
        db.session.add(link)
    link.token_hash = hash_token(token)
    link.created_by_id = user_id
    return token


SESSION_KEY = "display_link"


def show_once(token: str) -> None:
    """Keep the link's address in this session, for the family page to show once."""
    session[SESSION_KEY] = url_for("display.show", token=token, _external=True)


def revoke(household_id: int) -> bool:
    """Turn the family's link off; False when there was none."""
    link = link_of(household_id)
    if link is None:
        return False
    db.session.delete(link)
    return True


def find(token: str) -> DisplayLink | None:
    """The link for a raw token, or None (a malformed or revoked token finds nothing)."""
    if not 20 <= len(token) <= 100:
        return None
    return db.session.execute(
        db.select(DisplayLink).where(DisplayLink.token_hash == hash_token(token))
    ).scalar_one_or_none()
