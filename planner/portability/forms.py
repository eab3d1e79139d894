"""The import upload form (CSRF-protected like every form)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from ..i18n import lazy_gettext as _l


class ImportForm(FlaskForm):
    file = FileField(
        _l("Your Together export (.json)"),
        validators=[FileRequired(_l("Choose the .json file you exported from Together."))],
        description=_l(
            "The file Together gave you from “Download everything (JSON)”. At most 5 MB."
        ),
    )
