"""The request's catalogue looked up once per page, for templates with many translated strings.

Flask-Babel finds the catalogue anew for every `_()` in a template (a few context lookups each);
the progress page says a hundred or more, so its render gets `gettext` and `ngettext` bound to the
catalogue once. They behave as Jinja's own "newstyle" callables: the translation is escaped-safe
Markup (with autoescape) and always %-formatted with the keyword arguments.
"""

from __future__ import annotations

from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup


def template_callables() -> dict:
    """`gettext` and `ngettext` for one render (pass them as template context)."""
    catalogue = get_translations()
    lookup, plural = catalogue.ugettext, catalogue.ungettext

    @pass_context
    def gettext(context, string: str, **variables) -> str:
        text = lookup(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def ngettext(context, singular: str, plural_text: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        text = plural(singular, plural_text, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}
