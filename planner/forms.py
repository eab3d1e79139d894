"""Form pieces shared by every area: the empty action form, choices, filters and shared fields."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, SelectMultipleField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from . import clock, once
from .i18n import lazy_gettext as _l
from .requestguard import is_one_line

NOTE_LIMIT = 1000
# The times a family can give to a weekday or a weekend day (minutes); 0 means "none".
MINUTE_CHOICES = [
    (m, _l("%(num)d minutes", num=m)) for m in (0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180)
]

# How an activity went, as the week page asks and Today's one-tap buttons offer (3, 2, 1).
WENT_WELL, OKAY, HARD_GOING = 3, 2, 1
RATINGS = [(WENT_WELL, _l("Went well")), (OKAY, _l("Okay")), (HARD_GOING, _l("Hard going"))]
ZONE_AREAS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
    "Indian", "Pacific",
)  # fmt: skip


class ActionForm(FlaskForm):
    """An empty form for POST-only buttons, so every button carries a CSRF token."""


class FormKeyField(HiddenField):
    """The one-time key of a create form (see `planner.once`): a fresh one each time it is shown."""

    def __init__(self, **kwargs):
        super().__init__(default=once.new_key, **kwargs)


class CreateActionForm(ActionForm):
    """A POST-only button that creates something, made safe to press twice."""

    form_key = FormKeyField()


def choices(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


def no_control_characters(form, field) -> None:
    """A name is one line of text: no tabs, line breaks or other control characters."""
    if isinstance(field.data, str) and not is_one_line(field.data):
        raise ValidationError(
            _l("Use letters, numbers and punctuation only (no tabs or line breaks).")
        )


def strip(value):
    """Filter: trim surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (one per choice) instead of a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@cache
def zone_choices() -> tuple[SelectChoice, ...]:
    """Every IANA zone of the main areas, grouped by area, plus UTC; labels read like places."""
    options = [SelectChoice("UTC", _l("UTC (no daylight saving)"), optgroup=_l("Universal"))]
    for name in sorted(available_timezones()):
        area, _, place = name.partition("/")
        if area in ZONE_AREAS and place:
            options.append(SelectChoice(name, place.replace("_", " "), optgroup=area))
    return tuple(options)


class TimezoneField(SelectField):
    """The family's time zone as a grouped select; any zone this machine knows is accepted."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label if label is not None else _l("Time zone"), **kwargs)
        self.choices = list(zone_choices())

    def iter_choices(self):
        if self.data and not any(choice.value == self.data for choice in self.choices):
            self.choices = [SelectChoice(self.data, self.data, optgroup=_l("Other")), *self.choices]
        return super().iter_choices()

    def pre_validate(self, form) -> None:
        if not isinstance(self.data, str) or not clock.is_zone(self.data):
            raise ValidationError(_l("Choose your time zone from the list."))
