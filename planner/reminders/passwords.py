"""Password reset by e-mail: a single-use link for one hour, the same answer for any address,
throttled per address and per e-mail in the database (so across workers and hosts)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, or_, update

from ..auth.passwords import hash_password
from ..auth.sessions import hash_token
from ..auth.throttle import email_key
from ..clock import now_utc
from ..extensions import db
from ..models import User, UserSession
from .models import PasswordReset, ResetRequest

LIFETIME = timedelta(hours=1)
WINDOW = timedelta(hours=1)
PER_EMAIL, PER_ADDRESS = 3, 10


def record_request(email: str, remote_addr: str) -> bool:
    """Note a request and say whether it is within the limits (the row counts itself)."""
    key, addr = email_key(email), (remote_addr or "?")[:64]
    db.session.add(ResetRequest(email_key=key, remote_addr=addr))
    db.session.flush()
    since = now_utc() - WINDOW
    per_email, per_addr = db.session.execute(
        db.select(
            func.count().filter(ResetRequest.email_key == key),
            func.count().filter(ResetRequest.remote_addr == addr),
        ).where(
            ResetRequest.created_at >= since,
            or_(ResetRequest.email_key == key, ResetRequest.remote_addr == addr),
        )
    ).one()
    db.session.execute(
        delete(ResetRequest).where(ResetRequest.created_at < now_utc() - timedelta(days=1))
    )
    return per_email <= PER_EMAIL and per_addr <= PER_ADDRESS


def start_reset(email: str, link_for) -> None:
    """Queue a reset e-mail if an account uses `email`; otherwise do nothing (same answer)."""
    from .outbox import enqueue

    user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
    if user is None:
        return
    token = secrets.token_urlsafe(32)
    token_hash = hash_token(token)
    db.session.add(
        PasswordReset(user_id=user.id, token_hash=token_hash, expires_at=now_utc() + LIFETIME)
    )
    enqueue(
        [
            {
                "family_id": user.household_id,
                "user_id": user.id,
                "kind": "reset",
                "channel": "email",
                "on_date": now_utc().date(),
                "subject_key": token_hash,
                "due_at": now_utc(),
                "payload": json.dumps({"link": link_for(token)}),
            }
        ]
    )


def open_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset for `token`, or None."""
    if not token or len(token) > 100:
        return None
    reset = db.session.execute(
        db.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token))
    ).scalar_one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at < now_utc():
        return None
    return reset


def account_words(reset: PasswordReset) -> list[str]:
    """The email and names a new password for this reset's account must not be built from."""
    user = db.session.get(User, reset.user_id)
    return [user.email, user.display_name, user.household.name]


def finish_reset(reset: PasswordReset, password: str) -> bool:
    """Use the link (once: the update checks it is still unused), set the password, end sessions."""
    used = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        return False
    user = db.session.get(User, reset.user_id)
    user.password_hash = hash_password(password)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    return True
