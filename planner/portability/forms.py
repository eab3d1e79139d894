"""The import upload form (CSRF-protected like every form)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class ImportForm(FlaskForm):
    file = FileField(
        "Your Together export (.json)",
        validators=[FileRequired("Choose the .json file you exported from Together.")],
        description="The file Together gave you from “Download everything (JSON)”. At most 5 MB.",
    )
