"""The display page (no login: the link is the key) and the owner's buttons to make or revoke it."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import household as family
from ..dates import week_days
from ..extensions import db
from ..forms import ActionForm
from ..i18n import weekday_names
from ..models import Household
from ..today.board import week_entries
from ..web import require_valid
from . import links

bp = Blueprint("display", __name__)

REFRESH_SECONDS = 300


@bp.get("/display/<token>")
def show(token: str):
    """This week in big type: no controls, no notes; refreshes itself. :raise 404: unknown link."""
    link = links.find(token)
    if link is None:
        abort(404)
    household = db.session.get(Household, link.household_id)
    today = family.today(household)
    week_start = family.week_of(household, today)
    entries, watch = week_entries(household, week_start)
    return (
        render_template(
            "display/week.html",
            household=household,
            today=today,
            days=week_days(week_start),
            entries_by_day=family.group_by_day(sorted(entries, key=lambda e: e.day)),
            watch_for=watch,
            refresh_seconds=REFRESH_SECONDS,
            day_names=weekday_names(),
        ),
        200,
        {
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex, nofollow",
        },
    )


def require_owner() -> None:
    """:raise 403: for members who are not the household's owner."""
    if not current_user.is_owner:
        abort(403)


@bp.post("/family/display")
@login_required
def create():
    """Make a new display link (any old one stops working); shown once on the family page.

    :raise 403: for members who are not the owner.
    """
    require_owner()
    require_valid(ActionForm())
    links.show_once(links.new_link(current_user.household_id, current_user.id))
    db.session.commit()
    return redirect(url_for("family.profile", _anchor="display-heading"))


@bp.post("/family/display/revoke")
@login_required
def revoke():
    """Turn the display link off. :raise 403: for members who are not the owner."""
    require_owner()
    require_valid(ActionForm())
    if links.revoke(current_user.household_id):
        db.session.commit()
        flash(
            gettext("The family display link is off; screens showing it stop updating."),
            "success",
        )
    return redirect(url_for("family.profile", _anchor="display-heading"))


@bp.app_template_global()
def display_link_of(household_id: int):
    """The family page's panel asks whether the family has a display link."""
    return links.link_of(household_id)
