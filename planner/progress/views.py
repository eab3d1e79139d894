"""Progress over time: completion and strength by practice, per child, favourites and notes.

Every figure comes from a fixed handful of aggregate queries (see `queries`), so the pages cost the
same whether a family has one week of history or five years. There is no leaderboard: children are
shown one by one in family order, never ranked against each other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError

from .. import household as family
from .. import i18n, items, practices
from ..extensions import db
from ..forms import ActionForm
from ..i18n import localized, weekday_names
from ..models import Activity
from ..pagecache import cached_page
from . import history, periods, queries, score, summary, translating
from .chart import Series, legend_html, line_chart
from .forms import RANGES, NotesFilterForm, parse_range

bp = Blueprint("progress", __name__, url_prefix="/progress")

# Colour for screens, plus a dash pattern and a marker shape so the lines read in black and white.
LOOKS = {
    "ask-for-help": ("#2c5f8a", "", "circle"),
    "teamwork": ("#2f6f3a", "10 5", "square"),
    "connection": ("#8a3b62", "2 5", "triangle"),
}
FALLBACK_LOOK = ("#1f2a2e", "6 3 2 3", "diamond")
RATING_WORDS = {3: score.N_("went well"), 2: score.N_("okay"), 1: score.N_("hard going")}
TREND_WEEKS = 4
# Chart words per kind of period (whole sentences, so each language words them its own way).
COMPLETION_TITLE = {
    "week": score.N_("Share of planned activities done, by practice, in weeks"),
    "month": score.N_("Share of planned activities done, by practice, in months"),
    "quarter": score.N_("Share of planned activities done, by practice, in quarters"),
}
COMPLETION_DESC = {
    "week": score.N_(
        "Line chart, one line per practice, %(span)s. Moments count like done activities; "
        "weeks with nothing planned or logged are gaps."
    ),
    "month": score.N_(
        "Line chart, one line per practice, %(span)s. Moments count like done activities; "
        "months with nothing planned or logged are gaps."
    ),
    "quarter": score.N_(
        "Line chart, one line per practice, %(span)s. Moments count like done activities; "
        "quarters with nothing planned or logged are gaps."
    ),
}
COMPLETION_NOTE = {
    "week": score.N_("%(name)s: done or logged in %(active)d of %(total)d weeks."),
    "month": score.N_("%(name)s: done or logged in %(active)d of %(total)d months."),
    "quarter": score.N_("%(name)s: done or logged in %(active)d of %(total)d quarters."),
}


@dataclass(frozen=True)
class PracticeStatus:
    """This week and the strength of one practice, for the cards at the top of the page."""

    slug: str
    this_week: score.Tally
    strength: float
    earlier: float | None  # None while the family's history is shorter than four weeks

    @property
    def trend(self) -> str:
        """How the strength moved over the last four weeks, in words ("" before that history)."""
        if self.earlier is None or (not self.strength and not self.earlier):
            return ""
        change = score.percent(self.strength) - score.percent(self.earlier)
        if change >= 3:
            return gettext("up from %(num)d%% four weeks ago", num=score.percent(self.earlier))
        if change <= -3:
            return gettext("down from %(num)d%% four weeks ago", num=score.percent(self.earlier))
        return gettext("about the same as four weeks ago")


@dataclass(frozen=True)
class WeekRow:
    """One row of the data table (a week, month or quarter): per practice tally, share, strength."""

    period: periods.Period
    cells: dict[str, tuple[score.Tally, float | None, float]]

    @property
    def week_start(self) -> date:
        return self.period.start


def practice_look(slug: str) -> tuple[str, str, str]:
    return LOOKS.get(slug, FALLBACK_LOOK)


def build_rows(
    spans: list[periods.Period], past: history.History, slugs: list[str]
) -> list[WeekRow]:
    """Each period's tally, completion and end-of-period strength for every practice."""
    if spans and spans[0].kind == "week":
        return week_rows(spans, past, slugs)
    rows = []
    for period in spans:
        cells = {}
        for slug in slugs:
            tally = periods.period_tally(period, past, slug)
            cells[slug] = (tally, score.completion(tally), past.strength_at(slug, period.last))
        rows.append(WeekRow(period, cells))
    return rows


def week_rows(
    spans: list[periods.Period], past: history.History, slugs: list[str]
) -> list[WeekRow]:
    """`build_rows` for weeks, each week's index worked out once for all its cells (a long range
    has hundreds)."""
    rows = []
    for period in spans:
        index = past.index(period.start)
        cells = {}
        for slug in slugs:
            tally = past.tally_at(slug, index)
            cells[slug] = (tally, score.completion(tally), past.strength_after(slug, index))
        rows.append(WeekRow(period, cells))
    return rows


def build_charts(rows: list[WeekRow], slugs: list[str], current: date) -> tuple[str, str, str]:
    """The completion chart, the strength chart (SVG) and their shared key (HTML)."""
    words = periods.words_for([row.period for row in rows])
    labels = [word.axis_label for word in words]
    names = [word.name for word in words]
    if len(names) > 1:
        span = gettext("from %(first)s to %(last)s", first=names[0], last=names[-1])
    else:
        span = gettext("for the %(period)s", period=names[0])
    kind = rows[0].period.kind
    y_format = periods.percent_labeller()
    completion_series, strength_series = [], []
    completion_notes, strength_notes = [], []
    for slug in slugs:
        name, short_name = practices.PRACTICES[slug].name, practices.PRACTICES[slug].short_name
        colour, dash, marker = practice_look(slug)
        done = [row.cells[slug][1] for row in rows]
        strength = [row.cells[slug][2] for row in rows]
        # The week we are in shows once something is done: an empty Monday is not a 0%.
        if rows and rows[-1].week_start == current and not done[-1]:
            done[-1] = None
        completion_series.append(Series(slug, short_name, done, colour, dash, marker))
        strength_series.append(Series(slug, short_name, strength, colour, dash, marker))
        active = sum(1 for value in done if value)
        completion_notes.append(
            gettext(COMPLETION_NOTE[kind], name=name, active=active, total=len(rows))
        )
        strength_notes.append(
            gettext(
                "%(name)s: %(num)d%% now (%(label)s).",
                name=name,
                num=score.percent(strength[-1]),
                label=gettext(score.label(strength[-1])),
            )
        )
    completion_svg = line_chart(
        chart_id="completion-chart",
        title=gettext(COMPLETION_TITLE[kind]),
        desc=(
            gettext(COMPLETION_DESC[kind], span=span)
            + " "
            + " ".join(completion_notes)
            + " "
            + gettext("The table below lists every week.")
        ),
        x_labels=labels,
        series=completion_series,
        point_names=names,
        y_format=y_format,
    )
    strength_svg = line_chart(
        chart_id="strength-chart",
        title=gettext("Strength of each practice over time"),
        desc=(
            gettext("Line chart, one line per practice, %(span)s.", span=span)
            + " "
            + " ".join(strength_notes)
            + " "
            + gettext("The table below lists every week.")
        ),
        x_labels=labels,
        series=strength_series,
        point_names=names,
        y_format=y_format,
    )
    return (
        completion_svg,
        strength_svg,
        legend_html(completion_series, gettext("Key to both charts")),
    )


def table_rows(rows, slugs: list[str], href, tally_text) -> Markup:
    """The data table's body, newest first: a row per period, done and strength per practice.

    Written here rather than as a Jinja loop (the loop's per-cell cost grew with the rows shown);
    the markup, whitespace included, is what the template's loop wrote.
    """
    out = []
    percents: dict[int, str] = {}  # 0-100 as the reader's language writes it, each worded once
    locale = i18n.babel_locale()
    rows = list(rows)
    words = periods.words_for([row.period for row in rows])
    for row, word in zip(rows, words, strict=True):
        out.append(
            f'\n        <tr>\n          <th scope="row"><a href="{escape(href(row.week_start))}">'
            f"{escape(word.label)}</a></th>\n          "
        )
        for slug in slugs:
            tally, _done, strength = row.cells[slug]
            whole = score.percent(strength)
            if whole not in percents:
                percents[whole] = escape(i18n.percent_in(whole, locale))
            out.append(
                f"\n          \n          <td>{tally_text(tally)}</td>\n"
                f"          <td>{percents[whole]}</td>\n          "
            )
        out.append("\n        </tr>\n        ")
    return Markup("".join(out))


def week_href():
    """The link to a week page, built once: the table's rows differ only by their date."""
    marker = "1999-01-01"
    before, after = url_for("weeks.show", day=marker).split(marker, 1)
    return lambda day: before + day.isoformat() + after


@bp.get("")
@cached_page(login_required=True)
@login_required
def overview():
    """This week per practice, strength, charts with a data table, per child and favourites."""
    range_key, count, message = parse_range(request.args.get("range"))
    if message:
        flash(message, "info")
    household = current_user.household
    household_id = household.id
    current = family.this_week(household)
    slugs = list(practices.PRACTICES)
    # The settled weeks come summed from the stored summary; only the weeks since are queried.
    stored = summary.load(household, current)
    since = stored.through if stored else None
    past = history.build(
        queries.history_rows(household_id, slugs, since=since),
        slugs,
        household.week_starts_on,
        current,
        settled=stored.settled if stored else None,
    )
    # Counted from the family's first week with anything planned or logged: no rows of 0% from
    # before they began.
    first = past.first
    weeks = past.weeks if count is None else score.last_weeks(current, count)
    weeks = [week for week in weeks if week >= first]
    kind = periods.period_kind(len(weeks), aggregate=count is None)
    rows = build_rows(periods.group_weeks(weeks, kind), past, slugs)
    earlier_week = current - timedelta(weeks=TREND_WEEKS)
    statuses = [
        PracticeStatus(
            slug,
            past.tally(slug, current),
            past.latest(slug),
            past.strength_at(slug, earlier_week) if earlier_week >= first else None,
        )
        for slug in slugs
    ]
    completion_svg, strength_svg, legend = build_charts(rows, slugs, current)
    children = queries.household_children(household_id)
    child_counts = queries.child_practice_counts(household_id, since=since)
    favourite_counts = queries.favourite_counts(household_id, since=since)
    if stored:
        child_counts = queries.added(stored.children, child_counts)
        favourite_counts = queries.added(stored.favourites, favourite_counts)
    callables = translating.template_callables()
    return render_template(
        "progress/overview.html",
        range_key=range_key,
        ranges=RANGES,
        statuses=statuses,
        completion_svg=Markup(completion_svg),
        strength_svg=Markup(strength_svg),
        chart_legend=Markup(legend),
        table_rows=table_rows(reversed(rows), slugs, week_href(), callables["tally_text"]),
        period_kind=kind,
        first_week=first,
        shown_from=weeks[0],
        children=[child for child in children if not child.archived or child.id in child_counts],
        child_counts=child_counts,
        favourites=queries.favourites(favourite_counts),
        explanation=gettext(score.EXPLANATION),
        practices=practices.PRACTICES,
        looks=LOOKS,
        score=score,
        rating_words=RATING_WORDS,
        action_form=ActionForm(),
        has_history=past.has_rows,
        **callables,
    )


@bp.get("/notes")
@login_required
def notes():
    """Reflection notes from done activities and moments, newest first, filterable."""
    household_id = current_user.household_id
    children = queries.household_children(household_id)
    form = NotesFilterForm(formdata=request.args, practices=practices.PRACTICES, children=children)
    for message in form.drop_invalid():
        flash(message, "info")
    page_text = request.args.get("page", "1")
    page = int(page_text) if page_text.isdigit() and 1 <= int(page_text) <= 100_000 else 1
    notes, has_more = queries.notes_page(
        household_id,
        practice=form.practice.data or None,
        child_id=int(form.child.data) if form.child.data else None,
        page=page,
    )
    filters = {
        key: value
        for key, value in (("practice", form.practice.data), ("child", form.child.data))
        if value
    }
    # A library card's title in the reader's language; moments and own cards as written.
    notes = [
        replace(note, title=localized(note).title) if note.kind == "item" else note
        for note in notes
    ]
    return render_template(
        "progress/notes.html",
        form=form,
        notes=notes,
        page=page,
        has_more=has_more,
        filters=filters,
        child_names={child.id: child.name for child in children},
        practices=practices.PRACTICES,
        rating_words=RATING_WORDS,
    )


@bp.post("/again/<int:activity_id>")
@login_required
def do_again(activity_id: int):
    """Add a favourite activity to this week. :raise 404: for another household's card."""
    if not ActionForm().validate_on_submit():
        abort(400)
    household = current_user.household
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.household_id not in (None, household.id):
        abort(404)
    usable = db.session.execute(
        family.usable_cards(household.id).where(Activity.id == activity.id)
    ).scalar_one_or_none()
    if usable is None:
        flash(
            gettext(
                "“%(title)s” is no longer in your activities, so it can't be added.",
                title=localized(activity).title,
            ),
            "error",
        )
        return redirect(url_for("progress.overview"))
    item, created = items.repeat(household, activity)
    week_start = item.week.week_start
    if not created:
        flash(
            gettext(
                "“%(title)s” is already in this week, on %(day)s.",
                title=localized(activity).title,
                day=weekday_names()[item.day.weekday()],
            ),
            "info",
        )
        return redirect(
            url_for("weeks.show", day=week_start.isoformat(), _anchor=f"item-{item.id}")
        )
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first request added it
        db.session.rollback()
        flash(
            gettext("“%(title)s” is already in this week.", title=localized(activity).title), "info"
        )
        return redirect(url_for("weeks.show", day=week_start.isoformat()))
    flash(
        gettext(
            "Added “%(title)s” to %(day)s, locked so re-planning keeps it.",
            title=localized(activity).title,
            day=weekday_names()[item.day.weekday()],
        ),
        "success",
    )
    return redirect(url_for("weeks.show", day=week_start.isoformat(), _anchor=f"item-{item.id}"))
