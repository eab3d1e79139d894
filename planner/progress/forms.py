"""Filters for the progress pages (GET forms: no CSRF, bad values are dropped with a message)."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import SelectField

from ..forms import choices
from ..i18n import lazy_gettext as _l

RANGES = {"12": 12, "26": 26, "52": 52, "all": None}
DEFAULT_RANGE = "12"


class NotesFilterForm(FlaskForm):
    """Which reflection notes to show: one practice and/or one child, or all."""

    class Meta:
        csrf = False

    practice = SelectField(_l("Practice"), default="")
    child = SelectField(_l("Child"), default="")

    def __init__(self, *args, practices: dict, children: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice.choices = choices(
            [("", _l("All practices"))]
            + [(slug, practice.name) for slug, practice in practices.items()]
        )
        self.child.choices = choices(
            [("", _l("Everyone"))] + [(str(child.id), child.name) for child in children]
        )

    def drop_invalid(self) -> list[str]:
        """Validate; reset each unrecognised filter to "all" and return a message for each."""
        messages = []
        if self.validate():
            return messages
        if self.practice.errors:
            self.practice.data = ""
            messages.append(
                gettext("We didn't recognise that practice, so notes from all practices are shown.")
            )
        if self.child.errors:
            self.child.data = ""
            messages.append(
                gettext("We didn't recognise that child, so notes for everyone are shown.")
            )
        return messages


def parse_range(value: str | None) -> tuple[str, int | None, str | None]:
    """(range key, number of weeks or None for all, message if `value` was not one we offer)."""
    if value is None or value == "":
        return DEFAULT_RANGE, RANGES[DEFAULT_RANGE], None
    if value in RANGES:
        return value, RANGES[value], None
    return (
        DEFAULT_RANGE,
        RANGES[DEFAULT_RANGE],
        gettext("Showing the last 12 weeks: choose 12, 26 or 52 weeks, or all of your history."),
    )
