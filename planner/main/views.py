"""The landing page, the first page after registering, and the health check."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Logged out: what Together is. Logged in: this week's plan."""
    if current_user.is_authenticated:
        return redirect(url_for("weeks.this_week"))
    return render_template("main/landing.html")


@bp.get("/welcome")
@login_required
def welcome():
    """What to do next after registering."""
    return render_template("main/welcome.html")


@bp.get("/healthz")
def healthz():
    """A route that does no work: the load-test baseline and a liveness probe."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
