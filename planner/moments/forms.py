"""The moment form: what happened, which practice, who, when and an optional note."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from ..dates import parse_iso_date
from ..forms import NOTE_LIMIT, FormKeyField, MultiCheckboxField, strip
from ..i18n import lazy_gettext as _l


class DayField(DateField):
    """A YYYY-MM-DD date (the browser's date picker sends this), read strictly."""

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip() if valuelist and valuelist[0] else ""
        if not text:
            return
        self.data = parse_iso_date(text)
        if self.data is None:
            raise ValueError(_l("Enter a real date, like 2026-11-23."))


class MomentForm(FlaskForm):
    """Choices (practices, children) are filled in by the view."""

    practice = RadioField(
        _l("Which practice was it?"),
        validators=[InputRequired(_l("Choose the practice it belongs to."))],
    )
    children = MultiCheckboxField(_l("Who was involved"), coerce=int, validators=[Optional()])
    happened_on = DayField(_l("When"), validators=[InputRequired(_l("Enter the day it happened."))])
    note = TextAreaField(
        _l("What happened? (optional)"),
        validators=[
            Optional(),
            Length(
                max=NOTE_LIMIT,
                message=_l("Keep the note under %(num)d characters.", num=NOTE_LIMIT),
            ),
        ],
        filters=[strip],
    )
    next = HiddenField()
    form_key = FormKeyField()

    def __init__(self, *args, today: date, **kwargs):
        """`today` is the family's today: the default day, and the latest a moment can be on."""
        super().__init__(*args, **kwargs)
        self.today = today
        if self.happened_on.data is None and not self.is_submitted():
            self.happened_on.data = today

    def validate_happened_on(self, field) -> None:
        if field.data is not None and field.data > self.today:
            raise ValidationError(
                _l("That day is still to come; log moments once they've happened.")
            )
