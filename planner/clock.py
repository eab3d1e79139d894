"""The one clock: every date and time the app reasons about comes from here (pure: stdlib only).

Dates a family sees ("today", "this week", "under way") are in the household's own time zone, not
the server's. Tests set the clock with `frozen(...)` instead of depending on the real date.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "UTC"
_frozen: datetime | None = None


def now_aware() -> datetime:
    """The current instant as an aware UTC datetime (the frozen one in tests)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def now_utc() -> datetime:
    """The current instant as a naive UTC datetime, the form the database columns store."""
    return now_aware().replace(tzinfo=None)


def zone(name: str | None) -> ZoneInfo:
    """The ZoneInfo for an IANA name; an unknown or empty name falls back to UTC."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def is_zone(name: str) -> bool:
    """True when `name` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_now(zone_name: str | None) -> datetime:
    """The wall-clock time now in the named zone (aware)."""
    return now_aware().astimezone(zone(zone_name))


def today(zone_name: str | None = None) -> date:
    """Today's date on the family's wall clock (UTC when no zone is given)."""
    return local_now(zone_name).date()


@contextmanager
def frozen(instant: datetime) -> Iterator[datetime]:
    """Stop the clock at `instant` (naive means UTC) for the length of the block; for tests."""
    global _frozen
    previous = _frozen
    _frozen = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
