"""Wall-clock arithmetic for reminders (pure: stdlib only, tested without fixtures).

Every instant is worked out from a family's local date and time through zoneinfo, so a
daylight-saving change moves the UTC instant, never the local time, and a message keyed by its
local date is neither skipped nor doubled.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The aware UTC instant of wall-clock `at` on `day` in `zone`.

    A time that does not exist (the hour skipped in spring) lands just after the gap, as the clock
    would read had it not jumped (PEP 495, fold=0); a time that happens twice (autumn) means its
    first occurrence.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def in_quiet_hours(at: time, start: time, end: time) -> bool:
    """True when wall time `at` falls in [start, end); the span may cross midnight."""
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def first_allowed(day: date, at: time, quiet_start: time, quiet_end: time) -> datetime:
    """The first wall-clock moment at or after `day at`, outside quiet hours (naive, local)."""
    wall = datetime.combine(day, at)
    if not in_quiet_hours(at, quiet_start, quiet_end):
        return wall
    end = datetime.combine(day, quiet_end)
    if end <= wall:
        end += timedelta(days=1)
    return end


def shift(at: time, minutes: int) -> time:
    """A wall time moved by `minutes`, kept within the same day."""
    total = max(0, min(24 * 60 - 1, at.hour * 60 + at.minute + minutes))
    return time(total // 60, total % 60)
