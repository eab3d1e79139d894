"""The form for a family's own activity card; the library's own rules do the validating."""

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Optional

from ..forms import FormKeyField, choices
from ..practices import PRACTICES
from .loader import DAYS, KINDS, MINUTES, NEEDS, SETTINGS, TIMES, WHO
from .own_cards import check_card


def strip(value):
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (easier to tap than a multi-select)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class CardForm(FlaskForm):
    title = StringField("Title (an action, 2–7 words)", filters=[strip])
    practice = SelectField(
        "Practice", choices=choices((slug, p.name) for slug, p in PRACTICES.items())
    )
    age_min = IntegerField("Youngest age", validators=[InputRequired("Give the youngest age.")])
    age_max = IntegerField("Oldest age", validators=[InputRequired("Give the oldest age.")])
    minutes = SelectField(
        "Minutes", choices=choices((m, f"{m} minutes") for m in MINUTES), coerce=int
    )
    setting = SelectField("Setting", choices=choices(SETTINGS.items()))
    who = SelectField("Who takes part", choices=choices(WHO.items()))
    materials = StringField("What to have ready", filters=[strip], description='Or "None".')
    steps = TextAreaField("Steps (one per line, 2 to 5)", filters=[strip])
    say = StringField(
        "Say this", filters=[strip], description="One line you can say word for word."
    )
    why = StringField("Why it matters", filters=[strip], description="One sentence.")
    stretch = StringField("Stretch (optional)", validators=[Optional()], filters=[strip])
    kind = SelectField(
        "Kind of card",
        choices=choices(KINDS.items()),
        default="activity",
        description="A ritual repeats; a watch-for is a moment to catch; grown-ups cards are for you.",
    )
    needs = CheckboxesField(
        "What it cannot work without",
        choices=choices(NEEDS.items()),
        description="Leave all unticked if it needs nothing special.",
    )
    day = SelectField(
        "Only on this day (optional)",
        choices=choices([("", "Any day"), *DAYS.items()]),
        default="",
    )
    time_of_day = SelectField(
        "At this time of day (optional)",
        choices=choices([("", "Any time"), *TIMES.items()]),
        default="",
    )
    form_key = FormKeyField()

    def card_fields(self, slug: str) -> dict:
        return {
            "slug": slug,
            "title": self.title.data or "",
            "practice": self.practice.data,
            "age_min": self.age_min.data,
            "age_max": self.age_max.data,
            "minutes": self.minutes.data,
            "setting": self.setting.data,
            "who": self.who.data,
            "materials": self.materials.data or "",
            "steps": [line for line in (self.steps.data or "").splitlines() if line.strip()],
            "say": self.say.data or "",
            "why": self.why.data or "",
            "stretch": self.stretch.data or "",
            "kind": self.kind.data or "activity",
            "needs": list(self.needs.data or []),
            "day": self.day.data or "",
            "time": self.time_of_day.data or "",
        }

    def validate_card(self, slug: str):
        """Run the library's rules (the same as the library files and import); put each problem
        on its own field. Returns the card or None."""
        if not self.validate():
            return None
        fields = self.card_fields(slug)
        del fields["slug"]  # made by `own_cards.new_slug`, never typed
        card, problems = check_card(fields)
        for name, message in problems.items():
            field = getattr(self, name, None)
            field = field if hasattr(field, "errors") else self.title
            field.errors = [*field.errors, message]
        return card
