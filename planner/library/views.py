"""The activity library: browse and filter (public), JSON API, and a family's own cards."""

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import household as family
from .. import items, limits, once, planning_inputs
from ..dates import week_days
from ..extensions import db
from ..forms import ActionForm
from ..i18n import translate
from ..locale_cache import per_locale, practice_tags, template_format, template_words
from ..models import Activity, PlanItem, Week
from ..pagecache import cached_page
from ..practices import PRACTICES
from .forms import CardForm
from .loader import DAYS, KINDS, N_, NEEDS, SETTINGS, TIMES, WHO
from .own_cards import new_slug, row_fields
from .search import (
    MINUTE_CHOICES,
    PER_PAGE,
    filter_conditions,
    parse_filters,
    suits_conditions,
)

bp = Blueprint("library", __name__)


def viewer_household() -> int | None:
    return current_user.household_id if current_user.is_authenticated else None


def search(filters, household_id, extra=()):
    """(total count, pages, this page's cards) for the filters.

    One query: the page's cards carry the total (a window count). A page past the last has no
    rows to carry it, so that case counts apart and fetches the last page instead."""
    conditions = filter_conditions(filters, household_id) + list(extra)
    rows = page_of_cards(conditions, filters.page)
    if rows:
        total = rows[0].total
    else:
        total = db.session.execute(
            db.select(db.func.count(Activity.id)).where(*conditions)
        ).scalar_one()
    pages = max(1, -(-total // PER_PAGE))
    if filters.page > pages:
        filters.problems.append(gettext("That page doesn't exist; showing the last page."))
        filters.page = pages
        rows = page_of_cards(conditions, filters.page) if total else []
    return total, pages, [row.Activity for row in rows]


def page_of_cards(conditions: list, page: int) -> list:
    """Rows of (Activity, total) for one page, in the library's order.

    The page is chosen over narrow rows (id and the total) and only its cards are read whole:
    counting and sorting every matching card with all its text took SQLite 2.3 ms, this 1 ms."""
    ordering = (practice_order(), kind_order(), Activity.title, Activity.id)
    chosen = (
        db.select(Activity.id, db.func.count().over().label("total"))
        .where(*conditions)
        .order_by(*ordering)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .subquery()
    )
    return db.session.execute(
        db.select(Activity, chosen.c.total)
        .join(chosen, chosen.c.id == Activity.id)
        .order_by(*ordering)
    ).all()


KIND_HEADINGS = {
    "activity": N_("Activities"),
    "ritual": N_("Rituals"),
    "watch-for": N_("Moments to watch for"),
    "grown-ups": N_("For the grown-ups"),
}


def practice_order():
    """Practices in the essay's order (asking for help, teamwork, connection)."""
    return db.case(
        {slug: position for position, slug in enumerate(PRACTICES)}, value=Activity.practice
    )


def kind_order():
    """Cards grouped by kind in the library's order (activities, rituals, watch-fors, grown-ups)."""
    return db.case({kind: position for position, kind in enumerate(KINDS)}, value=Activity.kind)


def fit_for_viewer(filters) -> tuple[list, list[str]]:
    """The "suits my children" conditions and the children's names, when they apply.

    Logged in with children, the library shows what suits them unless `fit=all` is asked for.
    """
    if not current_user.is_authenticated:
        return [], []
    household = current_user.household
    children = family.children(household.id)
    names = [child.name for child in children]
    if not children or filters.fit == "all":
        return [], names
    week_start = family.this_week(household)
    ages = [child.age_on(week_start) for child in children]
    profile = planning_inputs.family_profile(household)
    return suits_conditions(ages, profile), names


@dataclass(frozen=True)
class CardGroup:
    """A run of cards of one practice and kind, shown under one heading."""

    practice: str
    kind: str
    cards: list[Activity]


def group_cards(cards: list[Activity]) -> list[CardGroup]:
    """Consecutive cards of the same practice and kind (the query sorts them so)."""
    groups: list[CardGroup] = []
    for card in cards:
        if not groups or (groups[-1].practice, groups[-1].kind) != (card.practice, card.kind):
            groups.append(CardGroup(card.practice, card.kind, []))
        groups[-1].cards.append(card)
    return groups


@dataclass(frozen=True)
class TileWords:
    """What every card tile on the library page repeats, in one language."""

    ages: Markup  # "Ages %(low)d–%(high)d", filled in with `%`
    minutes: Markup  # "%(num)d min"
    your_card: Markup
    settings: dict[str, str]  # value -> label, translated, in the vocabulary's order
    who: dict[str, str]
    kinds: dict[str, str]
    needs: dict[str, str]
    headings: dict[str, str]  # kind -> its group heading
    tags: dict[str, Markup]  # practice slug -> its tag's HTML


def translated(vocabulary: dict[str, str]) -> dict[str, str]:
    """Labels marked with N_() in the reader's language (as `|translate` shows them)."""
    return {value: translate(label) for value, label in vocabulary.items()}


def tile_words() -> TileWords:
    """The tiles' and filters' words, looked up once per language (the page made ~190
    catalogue lookups for 48 tiles and the filter form)."""

    def build() -> TileWords:
        return TileWords(
            ages=template_format(N_("Ages %(low)d–%(high)d")),
            minutes=template_format(N_("%(num)d min")),
            your_card=template_words(N_("Your card")),
            settings=translated(SETTINGS),
            who=translated(WHO),
            kinds=translated(KINDS),
            needs=translated(NEEDS),
            headings=translated(KIND_HEADINGS),
            tags=practice_tags(),
        )

    return per_locale("library_tiles", build)


@bp.get("/activities")
@cached_page
def index():
    """Browse the library with filters kept in the URL (shareable, back button works)."""
    filters = parse_filters(request.args)
    fit, child_names = fit_for_viewer(filters)
    total, pages, cards = search(filters, viewer_household(), fit)
    return render_template(
        "library/index.html",
        filters=filters,
        suits_mine=bool(fit),
        child_names=child_names,
        total=total,
        pages=pages,
        cards=cards,
        groups=group_cards(cards),
        minute_choices=MINUTE_CHOICES,
        tile=tile_words(),
    )


def card_json(card: Activity) -> dict:
    return {
        "slug": card.slug,
        "title": card.title,
        "practice": card.practice,
        "practice_name": PRACTICES[card.practice].name,
        "age_min": card.age_min,
        "age_max": card.age_max,
        "minutes": card.minutes,
        "setting": card.setting,
        "who": card.who,
        "materials": card.materials,
        "steps": card.steps,
        "say": card.say,
        "why": card.why,
        "stretch": card.stretch or None,
        "for_adults": card.kind == "grown-ups",
        "kind": card.kind,
        "needs": card.needs_list,
        "day": card.day or None,
        "time": card.time_of_day or None,
        "younger": card.younger or None,
        "older": card.older or None,
        "custom": card.is_custom,
        "url": url_for("library.card", slug=card.slug, _external=True),
    }


@bp.get("/api/activities")
def api():
    """The library as JSON, with the same filters; a bad filter is a 400 with the reason."""
    filters = parse_filters(request.args)
    if filters.problems:
        return jsonify(error=" ".join(filters.problems)), 400
    total, pages, cards = search(filters, viewer_household())
    return jsonify(
        count=total,
        page=filters.page,
        pages=pages,
        per_page=PER_PAGE,
        items=[card_json(card) for card in cards],
    )


def find_card(slug: str) -> Activity:
    """A library card (even retired) or this household's own card. :raise 404: otherwise."""
    if len(slug) > 120:
        abort(404)
    card = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one_or_none()
    if card is None or (card.is_custom and card.household_id != viewer_household()):
        abort(404)
    return card


@dataclass(frozen=True)
class WeekPlace:
    """Where a card stands in the family's week under way, for the card page."""

    week_start: date
    item: PlanItem | None  # the card's item this week, if it is already in it
    days: list[date]  # the days it can still be added to (today onwards)
    suggested: date  # the next free day with nothing on it yet
    free_days: frozenset[int]
    today: date


def week_place(activity: Activity) -> WeekPlace:
    """This week's item for the card, or the days left to add it to; one query."""
    household = current_user.household
    week_start = family.this_week(household)
    today = family.today(household)
    rows = db.session.execute(
        db.select(PlanItem)
        .join(Week, Week.id == PlanItem.week_id)
        .where(
            Week.household_id == household.id,
            PlanItem.household_id == household.id,
            Week.week_start == week_start,
        )
    ).scalars()
    planned = list(rows)
    item = next((row for row in planned if row.activity_id == activity.id), None)
    days = [day for day in week_days(week_start) if day >= today] or [today]
    busy = {row.day for row in planned}
    suggested = items.first_open_day(days, today, household.free_day_set, busy)
    return WeekPlace(week_start, item, days, suggested, household.free_day_set, today)


@bp.get("/activities/<slug>")
@cached_page
def card(slug: str):
    """Every field of one card, with links to its practice and the essay. :raise 404:"""
    activity = find_card(slug)
    this_week = place = None
    if current_user.is_authenticated:
        place = week_place(activity)
        this_week = place.week_start
    return render_template(
        "library/card.html",
        card=activity,
        settings=SETTINGS,
        who_options=WHO,
        kinds=KINDS,
        needs_options=NEEDS,
        days=DAYS,
        times=TIMES,
        this_week=this_week,
        place=place,
        action_form=ActionForm(),
    )


@bp.get("/activities/own")
@login_required
def own():
    """The family's own cards, in use and archived, with how often each was planned and done.

    Archived cards are hidden from the library, so this is where a family finds them again.
    """
    household_id = current_user.household_id
    cards = list(
        db.session.execute(
            db.select(Activity)
            .where(Activity.household_id == household_id)
            .order_by(Activity.archived, db.func.lower(Activity.title), Activity.id)
        ).scalars()
    )
    usage = {
        activity_id: (planned, done)
        for activity_id, planned, done in db.session.execute(
            db.select(
                PlanItem.activity_id,
                db.func.count(PlanItem.id),
                db.func.count(PlanItem.done_at),
            )
            .join(Activity, Activity.id == PlanItem.activity_id)
            .where(PlanItem.household_id == household_id, Activity.household_id == household_id)
            .group_by(PlanItem.activity_id)
        )
    }
    return render_template(
        "library/own.html",
        active=[card for card in cards if not card.archived],
        archived=[card for card in cards if card.archived],
        usage=usage,
        settings=SETTINGS,
        who_options=WHO,
        action_form=ActionForm(),
    )


def own_card_or_404(slug: str) -> Activity:
    """:raise 404: unless `slug` is one of this household's own cards."""
    activity = find_card(slug)
    if activity.household_id != current_user.household_id:
        abort(404)
    return activity


@bp.route("/activities/new", methods=["GET", "POST"])
@login_required
def new():
    """Write your own card: same fields and rules as the library."""
    form = CardForm()
    if request.method == "POST":
        slug = new_slug(current_user.household_id, form.title.data or "")
        checked = form.validate_card(slug)
        if checked is not None and limits.is_full(limits.OWN_CARDS, current_user.household_id):
            form.title.errors = [*form.title.errors, limits.OWN_CARDS.message()]
            checked = None
        if checked is not None and not once.claim(form.form_key.data, current_user.household_id):
            flash(gettext("That card was already saved; find it under Your cards."), "info")
            return redirect(url_for("library.own"))
        if checked is not None:
            activity = Activity(household_id=current_user.household_id, slug=slug)
            apply_card(activity, checked)
            db.session.add(activity)
            message = gettext("Your card “%(title)s” is in your library.", title=activity.title)
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("library.card", slug=slug))
        return render_template("library/edit.html", form=form, card=None), 400
    return render_template("library/edit.html", form=form, card=None)


def apply_card(activity: Activity, checked) -> None:
    """Copy a validated card onto a household's own activity row."""
    for name, value in row_fields(checked).items():
        setattr(activity, name, value)


@bp.route("/activities/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Change one of your own cards. :raise 404: for library cards and other households' cards."""
    activity = own_card_or_404(slug)
    form = CardForm(obj=activity)
    if request.method == "GET":
        form.steps.data = activity.steps_text
        form.needs.data = activity.needs_list  # stored comma-separated
        return render_template("library/edit.html", form=form, card=activity)
    checked = form.validate_card(activity.slug)
    if checked is None:
        return render_template("library/edit.html", form=form, card=activity), 400
    apply_card(activity, checked)
    db.session.commit()
    flash(gettext("Your card is saved."), "success")
    return redirect(url_for("library.card", slug=activity.slug))


@bp.post("/activities/<slug>/archive")
@login_required
def archive(slug: str):
    """Hide your card from the library and new plans (weeks that used it keep it). :raise 404:"""
    activity = own_card_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    activity.archived = request.form.get("archived", "1") != "0"
    db.session.commit()
    if activity.archived:
        flash(
            gettext(
                "“%(title)s” is archived. Find it again under Your cards.", title=activity.title
            ),
            "success",
        )
    else:
        flash(gettext("“%(title)s” is back in your library.", title=activity.title), "success")
    if request.form.get("next") == "own":
        return redirect(url_for("library.own"))
    return redirect(url_for("library.card", slug=activity.slug))
