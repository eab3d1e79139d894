"""Words a page repeats, translated once per language and kept for the life of the process.

A built week or library page looked the same few words up in the catalogue on every item (the
library page made about 190 lookups for 48 cards). The words depend only on the language, so each
set is built on first use in a language and kept on the app. Values keep the types the templates
had: `Markup` for what Jinja's `_()` gives, plain strings for what `|translate` gives (escaped
when shown), so the HTML is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from flask_babel import get_locale, gettext
from markupsafe import Markup

T = TypeVar("T")


def per_locale(name: str, build: Callable[[], T]) -> T:
    """`build()` for the request's language, built once per language (and app)."""
    kept = current_app.extensions.setdefault("per_locale", {})
    key = (name, str(get_locale()))
    value = kept.get(key)
    if value is None:
        value = kept[key] = build()
    return value


def template_format(text: str) -> Markup:
    """`text` translated as Jinja's `_()` has it before formatting: `% {...}` fills it in (and
    escapes the values) as `_(text, **values)` does."""
    return Markup(gettext(text))


def template_words(text: str) -> Markup:
    """`text` as Jinja's `_()` shows it (it formats even without values: "%%" becomes "%")."""
    return template_format(text) % {}


def template_module(template_name: str):
    """A template's module (its `set` words and macros), rendered in the request's language."""
    return per_locale(
        "module:" + template_name,
        lambda: current_app.jinja_env.get_template(template_name).make_module(),
    )


def practice_tags() -> dict[str, Markup]:
    """practice slug -> the `practice_tag` macro's HTML (the same for every card of it)."""
    from .practices import PRACTICES

    def build() -> dict[str, Markup]:
        macro = current_app.jinja_env.get_template("_macros/practice.html").module.practice_tag
        return {slug: Markup(macro(slug)) for slug in PRACTICES}

    return per_locale("practice_tags", build)
