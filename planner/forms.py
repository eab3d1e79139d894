"""Form pieces shared by every area."""

from flask_wtf import FlaskForm
from wtforms import SelectChoice


class ActionForm(FlaskForm):
    """An empty form for POST-only buttons, so every button carries a CSRF token."""


def choices(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (plain tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]
