"""Form pieces shared by every area."""

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """An empty form for POST-only buttons, so every button carries a CSRF token."""
