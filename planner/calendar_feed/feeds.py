"""The private feed address: a random token shown once, only its SHA-256 stored (like invites).

A database leak then yields no working feed addresses. The price: the address cannot be shown
again later, so a parent who needs it once more makes a new one (README "Calendars").
"""

import secrets

from flask import session, url_for

from ..auth.sessions import hash_token
from ..models import Household


def hash_feed_token(token: str) -> str:
    return hash_token(token)


def new_feed_address(household: Household) -> str:
    """Give `household` a new feed address (the old one dies) and keep it in the session to be
    shown once on the family page; returns the address."""
    token = secrets.token_urlsafe(32)
    household.calendar_token = hash_feed_token(token)
    address = url_for("calendar.feed", token=token, _external=True)
    session["calendar_link"] = address
    return address


def renew_if_on(household: Household) -> bool:
    """After a member leaves: a feed that was on gets a new address. True if it was on."""
    if household.calendar_token is None:
        return False
    new_feed_address(household)
    return True
