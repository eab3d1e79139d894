"""Invite links: a random token shown once; its hash stored; valid 7 days or until first use."""

import secrets
from datetime import timedelta

from ..extensions import db
from ..models import Household, Invite, User, now_utc
from .sessions import hash_token

INVITE_LIFETIME = timedelta(days=7)


def create_invite(user: User) -> str:
    """Create an invite to `user`'s household and return the token for the link."""
    token = secrets.token_urlsafe(24)
    db.session.add(
        Invite(
            household_id=user.household_id,
            token_hash=hash_token(token),
            created_by_id=user.id,
            expires_at=now_utc() + INVITE_LIFETIME,
        )
    )
    return token


def find_open_invite(token: str) -> Invite | None:
    """The invite for `token` if it exists, is unused and has not expired."""
    if not token or len(token) > 100:
        return None
    invite = db.session.execute(
        db.select(Invite).where(Invite.token_hash == hash_token(token))
    ).scalar_one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at < now_utc():
        return None
    return invite


def household_of(invite: Invite) -> Household:
    return db.session.get(Household, invite.household_id)
