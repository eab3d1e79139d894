"""Accounts, households, server-side sessions, invites and login throttling."""

from ..extensions import login_manager
from .sessions import load_user_from_session_token


@login_manager.user_loader
def load_user(session_token: str):
    """Flask-Login hands us the session token from the cookie; an ended session loads nobody."""
    return load_user_from_session_token(session_token)
