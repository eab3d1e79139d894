"""Your data, yours to keep: the export page, the JSON and CSV downloads, and import."""

import json
import logging

from babel.lists import format_list
from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from .. import household as family
from ..extensions import db
from ..models import Household
from . import exporter, importer
from .forms import ImportForm

bp = Blueprint("portability", __name__)
log = logging.getLogger("planner")


def download(body: str, filename: str, mimetype: str) -> Response:
    """A file download that no cache keeps (it holds the family's notes)."""
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def imported_message(counts: dict[str, int]) -> str:
    """What an import added, each count with its own plural form, listed the language's way."""
    parts = [
        ngettext("%(num)d child", "%(num)d children", counts["children"]),
        ngettext("%(num)d card", "%(num)d cards", counts["cards"]),
        ngettext("%(num)d week", "%(num)d weeks", counts["weeks"]),
        ngettext("%(num)d moment", "%(num)d moments", counts["moments"]),
    ]
    return gettext("Imported %(what)s.", what=format_list(parts, locale=get_locale() or "en"))


@bp.get("/export")
@login_required
def export_page():
    """What the downloads contain, and the way to import."""
    return render_template(
        "portability/export.html",
        can_import=current_user.is_owner and importer.household_is_empty(current_user.household_id),
    )


@bp.get("/export/together.json")
@login_required
def export_json():
    """The whole household as versioned JSON: settings, children, cards, weeks, rituals, moments."""
    data = exporter.export_household(current_user.household)
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return download(
        body,
        f"together-export-{family.today(current_user.household).isoformat()}.json",
        "application/json",
    )


@bp.get("/export/completions.csv")
@login_required
def export_csv():
    """One row per done activity and moment, safe to open in a spreadsheet."""
    body = exporter.completions_csv(current_user.household_id)
    return download(
        body,
        f"together-completions-{family.today(current_user.household).isoformat()}.csv",
        "text/csv",
    )


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_page():
    """Bring an export into this household while it is still empty (owners only).

    Everything is checked before anything is written, and it is written in one transaction, so a
    bad file changes nothing. :raise 403: for members who are not the owner.
    """
    if not current_user.is_owner:
        abort(403)
    form = ImportForm()
    empty = importer.household_is_empty(current_user.household_id)
    problems: list[str] = []
    if form.validate_on_submit():
        # Lock the household row (PostgreSQL) so two uploads can't both find it empty.
        household = db.session.execute(
            db.select(Household).where(Household.id == current_user.household_id).with_for_update()
        ).scalar_one()
        try:
            if not importer.household_is_empty(household.id):
                raise importer.ImportProblem(
                    [
                        gettext(
                            "Your household already has children, weeks or cards, so importing "
                            "could mix two histories. Import into a new, empty account instead."
                        )
                    ]
                )
            parsed = importer.parse(form.file.data.read())
            library = importer.resolve_library(parsed)
            counts = importer.import_household(household, current_user, parsed, library)
            db.session.commit()
        except importer.ImportProblem as problem:
            db.session.rollback()
            problems = problem.messages
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("import failed household=%s", current_user.household_id)
            problems = [
                gettext("Something went wrong while saving the import. Nothing was changed.")
            ]
        else:
            log.info("import household=%s counts=%s", household.id, counts)
            flash(imported_message(counts), "success")
            return redirect(url_for("progress.overview"))
    status = 400 if form.is_submitted() else 200
    return (
        render_template("portability/import.html", form=form, empty=empty, problems=problems),
        status,
    )
