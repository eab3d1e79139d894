"""The Today page's buttons: tick (with a one-time key, so a replayed offline tick counts once)
and the one-tap rating."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from ..forms import OKAY, RATINGS, choices
from ..i18n import lazy_gettext as _l

# The two ratings offered as one tap after Done: the week page's "How did it go?" without "Okay".
QUICK_RATINGS = [(value, label) for value, label in RATINGS if value != OKAY]


class TickForm(FlaskForm):
    """Set done or not done (never a toggle); `key` makes a repeated submit change nothing."""

    done = RadioField(
        _l("Status"),
        choices=choices([("1", _l("Done")), ("0", _l("Not done"))]),
        validators=[InputRequired()],
    )
    key = HiddenField()


class RateForm(FlaskForm):
    rating = RadioField(
        _l("How did it go?"),
        choices=choices(QUICK_RATINGS),
        coerce=int,
        validators=[InputRequired(_l("Choose how it went."))],
    )
