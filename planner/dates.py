"""Week arithmetic (pure): which week a date belongs to, and the names of its days."""

from datetime import date, timedelta

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def week_start_for(day: date, starts_on: int) -> date:
    """The first day of the week containing `day`, for weeks starting on weekday `starts_on`."""
    return day - timedelta(days=(day.weekday() - starts_on) % 7)


def week_days(week_start: date) -> list[date]:
    """The seven dates of the week beginning `week_start`."""
    return [week_start + timedelta(days=offset) for offset in range(7)]


def date_for_weekday(week_start: date, weekday: int) -> date:
    """The date in the week beginning `week_start` that falls on `weekday` (0 = Monday)."""
    return week_start + timedelta(days=(weekday - week_start.weekday()) % 7)


def parse_iso_date(text: str) -> date | None:
    """Parse `YYYY-MM-DD` strictly; anything else (or an impossible date) gives None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    if not (date(1900, 1, 1) <= parsed <= date(2999, 12, 31)):
        return None
    return parsed
