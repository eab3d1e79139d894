"""The form for a family's own activity card; the library's own rules do the validating.

Only the title, the practice and the steps must be typed: everything under "More details" has a
sensible default (all ages, 15 minutes, at home, the whole family, nothing to have ready, a
"Let's …" line from the title, the practice's own reason), so a family can save a card in a
minute and fill in the rest later. Every problem is reported at once, in the form's own words.
"""

import re

from flask_babel import gettext, pgettext
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Optional

from ..forms import FormKeyField, choices
from ..i18n import lazy_gettext as _l
from ..practices import PRACTICES
from .loader import AGE_MAX, AGE_MIN, DAYS, KINDS, LABELS, MINUTES, NEEDS, SETTINGS, TIMES, WHO
from .own_cards import check_card

DEFAULT_MINUTES = 15
# The library's field names that the form calls something else.
FORM_FIELD = {"time": "time_of_day"}
# The fields shown up front; the rest sit under "More details".
UP_FRONT = ("title", "practice", "steps")


def strip(value):
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier to tap than a multi-select)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CardForm(FlaskForm):
    title = StringField(_l("Title (an action, 2–7 words)"), filters=[strip])
    practice = SelectField(
        _l("Practice"), choices=choices((slug, _l(p.name)) for slug, p in PRACTICES.items())
    )
    age_min = IntegerField(
        _l("Youngest age"),
        validators=[Optional()],
        description=_l("Empty: from %(num)d.", num=AGE_MIN),
    )
    age_max = IntegerField(
        _l("Oldest age"),
        validators=[Optional()],
        description=_l("Empty: up to %(num)d.", num=AGE_MAX),
    )
    minutes = SelectField(
        _l("Minutes"),
        choices=choices((m, _l("%(num)d minutes", num=m)) for m in MINUTES),
        coerce=int,
        default=DEFAULT_MINUTES,
    )
    setting = SelectField(
        _l("Setting"), choices=choices((k, _l(v)) for k, v in SETTINGS.items()), default="home"
    )
    who = SelectField(
        _l("Who takes part"),
        choices=choices((k, _l(v)) for k, v in WHO.items()),
        default="whole-family",
    )
    materials = StringField(
        _l("What to have ready"), filters=[strip], description=_l("Empty means nothing.")
    )
    steps = TextAreaField(_l("Steps (one per line, 2 to 5)"), filters=[strip])
    say = StringField(
        _l("Say this"),
        filters=[strip],
        description=_l("One line you can say word for word. Empty: “Let's …” and your title."),
    )
    why = StringField(
        _l("Why it matters"),
        filters=[strip],
        description=_l("One sentence. Empty: the practice's own reason."),
    )
    stretch = StringField(_l("Stretch (optional)"), validators=[Optional()], filters=[strip])
    kind = SelectField(
        _l("Kind of card"),
        choices=choices((k, _l(v)) for k, v in KINDS.items()),
        default="activity",
        description=_l(
            "A ritual repeats; a watch-for is a moment to catch; grown-ups cards are for you."
        ),
    )
    needs = CheckboxesField(
        _l("What it cannot work without"),
        choices=choices((k, _l(v)) for k, v in NEEDS.items()),
        description=_l("Leave all unticked if it needs nothing special."),
    )
    day = SelectField(
        _l("Only on this day (optional)"),
        choices=choices([("", _l("Any day")), *((k, _l(v)) for k, v in DAYS.items())]),
        default="",
    )
    time_of_day = SelectField(
        _l("At this time of day (optional)"),
        choices=choices([("", _l("Any time")), *((k, _l(v)) for k, v in TIMES.items())]),
        default="",
    )
    form_key = FormKeyField()

    def card_fields(self, slug: str) -> dict:
        title = self.title.data or ""
        practice = PRACTICES.get(self.practice.data)
        return {
            "slug": slug,
            "title": title,
            "practice": self.practice.data,
            "age_min": AGE_MIN if self.age_min.data is None else self.age_min.data,
            "age_max": AGE_MAX if self.age_max.data is None else self.age_max.data,
            "minutes": self.minutes.data,
            "setting": self.setting.data,
            "who": self.who.data,
            "materials": self.materials.data or pgettext("card materials", "None"),
            "steps": [line for line in (self.steps.data or "").splitlines() if line.strip()],
            # Defaults for empty details; without a title or practice the card is refused
            # anyway, so a stand-in keeps the message on the field that is really wrong.
            "say": self.say.data or default_say(title),
            "why": self.why.data or (practice.tagline if practice else gettext("It matters.")),
            "stretch": self.stretch.data or "",
            "kind": self.kind.data or "activity",
            "needs": list(self.needs.data or []),
            "day": self.day.data or "",
            "time": self.time_of_day.data or "",
        }

    def validate_card(self, slug: str):
        """Run the form's checks and the library's rules (the same as the library files and
        import) together, so every problem shows at once, each on its own field and worded with
        the field's label. Returns the card or None."""
        valid = self.validate()
        fields = self.card_fields(slug)
        del fields["slug"]  # made by `own_cards.new_slug`, never typed
        card, problems = check_card(fields)
        for name, message in problems.items():
            field = getattr(self, FORM_FIELD.get(name, name), None)
            field = field if hasattr(field, "errors") else self.title
            if not field.errors:  # one message per field: the form's own check comes first
                field.errors = [*field.errors, in_form_words(name, message, field)]
        return card if valid and not problems else None

    @property
    def has_detail_errors(self) -> bool:
        """Whether a field under "More details" has a problem (then the section starts open)."""
        return any(
            field.errors
            for field in self
            if field.name not in UP_FRONT and field.name not in ("csrf_token", "form_key")
        )


def default_say(title: str) -> str:
    """The "say this" line for a card saved without one, in the family's language: their title
    as an invitation ("Let's bake bread.", "Vamos a hacer pan.", "On va faire du pain.")."""
    return gettext("Let's %(action)s.", action=f"{title[:1].lower()}{title[1:]}")


def short_label(field) -> str:
    """The field's label without its bracketed hint: "Steps (one per line, 2 to 5)" -> "Steps"."""
    return re.sub(r"\s*\(.*\)$", "", str(field.label.text))


def in_form_words(name: str, message: str, field) -> str:
    """A library message ("Materials is missing.") in the form's words ("What to have ready is
    missing."): the library's name for the field becomes the label the family sees."""
    library_name = gettext(LABELS[name]) if LABELS.get(name) else ""
    if library_name and message.startswith(library_name):
        return short_label(field) + message[len(library_name) :]
    return message
