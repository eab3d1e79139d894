"""The private feed address: a random token shown once, only its SHA-256 stored (like invites).

A database leak then yields no working feed addresses. The price: the address cannot be shown
again later, so a parent who needs it once more makes a new one (README "Calendars").
"""

import secrets

from flask import session, url_for

from ..auth.sessions import hash_token
from ..models import Household

SESSION_KEY = "calendar_link"


def hash_feed_token(token: str) -> str:
    return hash_token(token)


def new_feed_token(household: Household) -> str:
    """Give `household` a new feed token (the old address dies); returns the raw token, which is
    never stored."""
    token = secrets.token_urlsafe(32)
    household.calendar_token = hash_feed_token(token)
    return token


def show_once(token: str) -> str:
    """Keep the feed's address in this session, for the family page to show once; returns it."""
    address = url_for("calendar.feed", token=token, _external=True)
    session[SESSION_KEY] = address
    return address


def new_feed_address(household: Household) -> str:
    """A new feed address for `household`, to be shown once on the family page; returns it."""
    return show_once(new_feed_token(household))
