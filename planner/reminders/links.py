"""One-tap links: signed (itsdangerous), single-purpose, expiring after 14 days on the app's clock.

A token names one adult, one purpose and (for item links) one plan item; the URL carries the item
id too, so a token cannot be reused for another item. Opening a link never changes anything.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..clock import now_aware

LIFETIME = timedelta(days=14)
PURPOSES = ("item", "unsubscribe")


class ClockSigner(TimestampSigner):
    """Timestamps from the clock seam, so tests can step past the expiry."""

    def get_timestamp(self) -> int:
        return int(now_aware().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"together-reminders-{purpose}", signer=ClockSigner
    )


def make_token(purpose: str, user_id: int, item_id: int | None = None) -> str:
    """A signed token for `purpose` on behalf of `user_id` (and `item_id` for item links)."""
    return _serializer(purpose).dumps({"u": user_id, "i": item_id})


def read_token(purpose: str, token: str, max_age: timedelta = LIFETIME) -> dict | None:
    """The token's {"u": user_id, "i": item_id}, or None when forged, expired or for another use."""
    if not token or len(token) > 500:
        return None
    try:
        data = _serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except (SignatureExpired, BadSignature):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("u"), int) else None
