"""Log, list, edit and delete moments: things that happened outside the plan."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from .. import household as family_data
from .. import limits, once, practices
from ..extensions import db
from ..forms import ActionForm, choices
from ..models import Child, Moment
from ..scoping import get_owned_or_404
from ..web import safe_next
from .forms import MomentForm

bp = Blueprint("moments", __name__, url_prefix="/moments")
PER_PAGE = 30


def build_form(moment: Moment | None = None) -> tuple[MomentForm, list[Child]]:
    """The moment form with its choices, filled from `moment` when editing."""
    data = {"next": request.args.get("next", "")}
    if moment is not None:
        data.update(
            practice=moment.practice,
            happened_on=moment.happened_on,
            note=moment.note,
            children=[child.id for child in moment.children],
        )
    elif request.args.get("practice") in practices.PRACTICES:
        data["practice"] = request.args["practice"]
    form = MomentForm(data=data, today=family_data.today(current_user.household))
    children = family_data.children_to_choose(
        current_user.household_id, moment.children if moment else ()
    )
    form.practice.choices = choices((slug, p.name) for slug, p in practices.PRACTICES.items())
    form.children.choices = choices((child.id, child.name) for child in children)
    return form, children


def save(form: MomentForm, moment: Moment, children: list[Child]) -> None:
    chosen = set(form.children.data or [])
    moment.practice = form.practice.data
    moment.happened_on = form.happened_on.data
    moment.note = form.note.data or ""
    moment.children = [child for child in children if child.id in chosen]


def week_of(day: date) -> str:
    start = family_data.week_of(current_user.household, day)
    return url_for("weeks.show", day=start.isoformat())


def render_form(form, moment, status=200):
    return (
        render_template(
            "moments/form.html",
            form=form,
            moment=moment,
            practices=practices.PRACTICES,
            cancel_url=safe_next(form.next.data) or url_for("moments.index"),
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Log a moment; afterwards go back where the parent came from (or to that day's week)."""
    form, children = build_form()
    if form.validate_on_submit() and limits.is_full(limits.MOMENTS, current_user.household_id):
        form.note.errors = [limits.MOMENTS.message()]
    elif form.validate_on_submit():
        destination = safe_next(form.next.data) or week_of(form.happened_on.data)
        if not once.claim(form.form_key.data, current_user.household_id):
            flash(gettext("That moment was already saved."), "info")
            return redirect(destination)
        moment = Moment(household_id=current_user.household_id, created_by_id=current_user.id)
        save(form, moment, children)
        db.session.add(moment)
        message = gettext(
            "Moment saved: %(practice)s.", practice=practices.PRACTICES[moment.practice].name
        )
        db.session.commit()
        flash(message, "success")
        return redirect(destination)
    return render_form(form, None, 400 if form.is_submitted() else 200)


@bp.get("")
@login_required
def index():
    """Every moment, newest first, with edit and delete."""
    page = db.paginate(
        db.select(Moment)
        .where(Moment.household_id == current_user.household_id)
        .options(selectinload(Moment.children))
        .order_by(Moment.happened_on.desc(), Moment.id.desc()),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "moments/list.html", page=page, practices=practices.PRACTICES, form=ActionForm()
    )


@bp.route("/<int:moment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(moment_id: int):
    """Change a moment. :raise 404: if it isn't this household's."""
    moment = get_owned_or_404(Moment, moment_id)
    form, children = build_form(moment)
    if form.validate_on_submit():
        save(form, moment, children)
        db.session.commit()
        flash(gettext("Moment updated."), "success")
        return redirect(safe_next(form.next.data) or url_for("moments.index"))
    return render_form(form, moment, 400 if form.is_submitted() else 200)


@bp.route("/<int:moment_id>/delete", methods=["GET", "POST"])
@login_required
def delete(moment_id: int):
    """Ask first, then delete the moment. :raise 404: if it isn't this household's."""
    moment = get_owned_or_404(Moment, moment_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if request.form.get("confirm") != "yes":
            return redirect(url_for("moments.delete", moment_id=moment.id))
        db.session.delete(moment)
        db.session.commit()
        flash(gettext("Moment deleted."), "success")
        return redirect(url_for("moments.index"))
    return render_template(
        "moments/delete.html", moment=moment, form=form, practices=practices.PRACTICES
    )
