"""The landing page, the first page after registering, "More", the offline page, the health check."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..i18n import weekday_names
from .nav import register_nav

bp = Blueprint("main", __name__)
bp.record_once(lambda state: register_nav(state.app))


@bp.get("/")
def home():
    """Logged out: what Together is. Logged in: this week's plan."""
    if current_user.is_authenticated:
        return redirect(url_for("weeks.this_week"))
    return render_template("main/landing.html", weekday_names=weekday_names())


@bp.get("/welcome")
@login_required
def welcome():
    """What to do next after registering."""
    return render_template("main/welcome.html")


@bp.get("/household")
def old_household_address():
    """The grown-ups page moved beside the family page; old bookmarks still find it."""
    return redirect(url_for("members.show"), 301)


@bp.get("/more")
@login_required
def more():
    """Everything the tab bar has no room for, and logging out."""
    return render_template("main/more.html")


@bp.get("/offline")
def offline():
    """What the service worker shows for a page it has no copy of while the device is offline."""
    return render_template("main/offline.html")


@bp.get("/healthz")
def healthz():
    """A route that does no work: the load-test baseline and a liveness probe."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
