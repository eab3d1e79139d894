"""The Today page's buttons: tick (with a one-time key, so a replayed offline tick counts once)
and the one-tap rating."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from ..forms import choices
from ..i18n import lazy_gettext as _l

# The two ratings offered as one tap after Done; the same numbers and words as the week page's
# "How did it go?" (3 went well, 1 hard going; a test keeps them in step).
QUICK_RATINGS = [(3, _l("Went well")), (1, _l("Hard going"))]


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
