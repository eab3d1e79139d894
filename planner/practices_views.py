"""Public pages: the three practices, each with its activities by age, and About."""

from flask import Blueprint, abort, render_template
from flask_babel import gettext

from .extensions import db
from .library.loader import AGE_BANDS
from .models import Activity
from .pagecache import cached_page
from .practices import ABOUT_PARAGRAPHS, FURTHER_READING, PRACTICES, SOURCE_ESSAY

bp = Blueprint("practices", __name__)


@bp.get("/practices")
@cached_page
def index():
    """The three practices side by side."""
    return render_template("practices/index.html", further=FURTHER_READING)


@bp.get("/practices/<slug>")
@cached_page
def detail(slug: str):
    """What the practice means, how it looks at home, pitfalls, and its cards by age. :raise 404:"""
    practice = PRACTICES.get(slug)
    if practice is None:
        abort(404)
    cards = db.session.execute(
        db.select(Activity)
        .where(
            Activity.practice == slug,
            Activity.household_id.is_(None),
            Activity.retired.is_(False),
        )
        .order_by(Activity.age_min, Activity.minutes, Activity.title)
    ).scalars()
    cards = list(cards)
    by_band = [
        (band, [card for card in cards if card.age_min <= band[1] and card.age_max >= band[0]])
        for band in AGE_BANDS
    ]
    return render_template(
        "practices/detail.html",
        practice=practice,
        by_band=by_band,
        essay=SOURCE_ESSAY,
        further=FURTHER_READING,
    )


@bp.get("/about")
@cached_page
def about():
    """The idea behind Together, and credit to every source."""
    return render_template(
        "practices/about.html",
        paragraphs=[gettext(paragraph) for paragraph in ABOUT_PARAGRAPHS],
        essay=SOURCE_ESSAY,
        further=FURTHER_READING,
    )
