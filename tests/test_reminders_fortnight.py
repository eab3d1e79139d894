"""A simulated fortnight across a daylight-saving change, in two time zones, on the clock seam.

London leaves summer time on Sunday 25 October 2026, New York on Sunday 1 November. Every message
must arrive at the family's wall-clock time, once; the weekly cap holds; nothing in quiet hours.
"""

from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from planner import clock
from planner.extensions import db
from planner.reminders.sender import Sender
from planner.reminders.service import set_anchor
from planner.reminders.timing import in_quiet_hours
from tests.helpers import make_app
from tests.reminders_support import SmtpServer, make_family, plan_items

ZONES = ("Europe/London", "America/New_York")
FIRST_SUNDAY = date(2026, 10, 18)
# Anchor by weekday (0 = Monday); the family's week starts on Sunday. Wednesday's item is done.
ANCHORS = {6: "after-school", 0: "after-dinner", 1: "06:30", 2: "after-dinner", 3: "bedtime",
           4: "after-dinner", 5: "breakfast"}  # fmt: skip


def local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 10, 1, hour, minute) + timedelta(days=day - 1)


EXPECTED = {
    # Sundays at 18:00, including both days the clocks go back.
    "Your week": [
        datetime(2026, 10, 18, 18),
        datetime(2026, 10, 25, 18),
        datetime(2026, 11, 1, 18),
    ],
    # Sunday 15:30, Monday 18:30, Thursday 19:30, then the cap of 3 stops Friday and Saturday;
    # Tuesday's 06:30 falls in quiet hours, Wednesday's item is already done.
    "Today": [
        datetime(2026, 10, 18, 15, 30),
        datetime(2026, 10, 19, 18, 30),
        datetime(2026, 10, 22, 19, 30),
        datetime(2026, 10, 25, 15, 30),
        datetime(2026, 10, 26, 18, 30),
        datetime(2026, 10, 29, 19, 30),
        datetime(2026, 11, 1, 15, 30),
    ],  # fmt: skip
    # The morning after the done Wednesday item, at breakfast.
    "How did it go?": [datetime(2026, 10, 22, 7, 30), datetime(2026, 10, 29, 7, 30)],
}


def build_family(zone: str, name: str) -> str:
    household, (user,) = make_family(name=name, zone=zone)
    household.week_starts_on = 6
    for week in range(3):
        start = FIRST_SUNDAY + timedelta(weeks=week)
        days = [start + timedelta(days=offset) for offset in range(7)]
        items = plan_items(household, start, days, prefix=f"w{week}")
        for item in items:
            set_anchor(item, ANCHORS[item.day.weekday()])
            if item.day.weekday() == 2:
                item.done_at = datetime(2026, 10, 1)
    db.session.commit()
    return user.email


def test_a_fortnight_across_daylight_saving_in_two_zones(tmp_path):
    smtp = SmtpServer().start()
    try:
        app = make_app(tmp_path, MAIL_URL=smtp.url)
        with app.app_context():
            addresses = {build_family(zone, f"Z{index}"): zone for index, zone in enumerate(ZONES)}
        sender = Sender(app)
        moment = datetime(2026, 10, 18, 0, 0)
        while moment < datetime(2026, 11, 2, 12, 0):
            with clock.frozen(moment):
                sender.pass_once()
            moment += timedelta(minutes=15)
    finally:
        smtp.stop()

    received: dict[tuple[str, str], list[datetime]] = {}
    for message in smtp.inbox.messages:
        zone = ZoneInfo(addresses[message["To"]])
        at = parsedate_to_datetime(message["Date"]).astimezone(zone).replace(tzinfo=None)
        assert not in_quiet_hours(at.time(), time(21), time(7)), (message["Subject"], at)
        kind = next(prefix for prefix in EXPECTED if message["Subject"].startswith(prefix))
        received.setdefault((addresses[message["To"]], kind), []).append(at)
    for zone in ZONES:
        for kind, expected in EXPECTED.items():
            assert sorted(received.get((zone, kind), [])) == expected, (zone, kind)
