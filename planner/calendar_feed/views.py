"""Download a week as .ics, and a private feed per household for phone calendars."""

import logging
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, session, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from .. import household as family
from .. import items as plan_items
from ..extensions import db
from ..forms import ActionForm
from ..i18n import as_locale, user_locale
from ..models import Household, PlanItem, User
from ..practices import PRACTICES
from ..web import week_start_or_404
from ..weeks.page import DueRitual, with_due_rituals
from .feeds import SESSION_KEY, hash_feed_token, new_feed_address
from .ics import build_calendar

bp = Blueprint("calendar", __name__)
log = logging.getLogger("planner.security")
FEED_WEEKS_BACK, FEED_WEEKS_AHEAD = 2, 8


def card_link(slug: str) -> str:
    return url_for("library.card", slug=slug, _external=True)


def ics_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-cache",
        },
    )


def practice_names() -> dict[str, str]:
    return {slug: practice.name for slug, practice in PRACTICES.items()}


@bp.get("/weeks/<day>/calendar.ics")
@login_required
def week_ics(day: str):
    """This week's activities as an .ics file. :raise 404: for a bad date."""
    week_start = week_start_or_404(day)
    week = plan_items.get_week(current_user.household_id, week_start)
    items = with_due_rituals(current_user.household_id, week, week_start)
    data = build_calendar(
        f"{current_user.household.name} – Together",
        items,
        card_link,
        current_app.config["ESSAY_URL"],
        practice_names(),
    )
    return ics_response(data, f"together-{week_start.isoformat()}.ics")


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """The private subscription feed: last 2 weeks, this week and the next 8. :raise 404:"""
    if not 20 <= len(token) <= 64:
        abort(404)
    household = db.session.execute(
        db.select(Household).where(Household.calendar_token == hash_feed_token(token))
    ).scalar_one_or_none()
    if household is None:
        abort(404)
    this_week = family.this_week(household)
    first = this_week - timedelta(weeks=FEED_WEEKS_BACK)
    last = this_week + timedelta(weeks=FEED_WEEKS_AHEAD + 1)
    stored = list(
        db.session.execute(
            db.select(PlanItem)
            .where(
                PlanItem.household_id == household.id, PlanItem.day >= first, PlanItem.day < last
            )
            .options(joinedload(PlanItem.activity))
            .order_by(PlanItem.day, PlanItem.id)
        ).scalars()
    )
    items = stored + due_in_window(household, stored, first, last)
    # A calendar app fetches this without the family's cookies: write in the owner's language.
    with force_locale(as_locale(user_locale(feed_reader(household)))):
        data = build_calendar(
            f"{household.name} – Together",
            items,
            card_link,
            current_app.config["ESSAY_URL"],
            practice_names(),
        )
    return ics_response(data, "together.ics")


def due_in_window(household: Household, stored: list[PlanItem], first, last) -> list:
    """Rituals due on each week of the feed's window that the week does not store yet."""
    rituals = plan_items.rituals_of(household.id)
    if not rituals:
        return []
    due = []
    week_start = first
    while week_start < last:
        week_end = week_start + timedelta(days=7)
        in_week = [item for item in stored if week_start <= item.day < week_end]
        due += [
            DueRitual(ritual, plan_items.ritual_day(ritual, week_start))
            for ritual in plan_items.due_rituals(in_week, rituals, week_start)
        ]
        week_start = week_end
    return due


def feed_reader(household: Household) -> User | None:
    """The adult whose language the feed is written in: the household's owner."""
    return (
        db.session.execute(
            db.select(User)
            .where(User.household_id == household.id)
            .order_by(User.role != "owner", User.id)
        )
        .scalars()
        .first()
    )


@bp.post("/family/calendar")
@login_required
def regenerate():
    """Create the feed address, or replace it (the old address stops working at once).

    Only its hash is stored, so the address is shown this once (on the family page it leads to).
    """
    if not ActionForm().validate_on_submit():
        abort(400)
    household = current_user.household
    replacing = household.calendar_token is not None
    new_feed_address(household)
    db.session.commit()
    log.info("calendar feed %s household=%s", "replaced" if replacing else "created", household.id)
    flash(
        gettext("New calendar address made; the old one no longer works.")
        if replacing
        else gettext("Your calendar address is ready."),
        "success",
    )
    return redirect(url_for("family.profile", _anchor="calendar-heading"))


@bp.post("/family/calendar/off")
@login_required
def turn_off():
    """Stop the feed: its address answers 404 from now on."""
    if not ActionForm().validate_on_submit():
        abort(400)
    current_user.household.calendar_token = None
    session.pop(SESSION_KEY, None)
    db.session.commit()
    flash(gettext("The calendar feed is off."), "success")
    return redirect(url_for("family.profile", _anchor="calendar-heading"))
