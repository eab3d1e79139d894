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

    texts: dict = {}

    def tally_text(tally) -> Markup:
        """A table cell's words for a tally ("2 of 3, 1 moment"); the same tallies recur, so
        each is worded once per page."""
        text = texts.get(tally)
        if text is None:
            text = texts[tally] = word_tally(tally, lookup, plural)
        return text

    return {"gettext": gettext, "ngettext": ngettext, "tally_text": tally_text}


def word_tally(tally, gettext, ngettext) -> Markup:
    """Done of planned and moments, or a dash that reads "nothing planned" to a screen reader.

    `gettext` and `ngettext` are the page's bound catalogue lookups (named so that the message
    extractor finds these strings)."""
    if tally.is_empty:
        return (
            Markup('<span aria-hidden="true">–</span><span class="visually-hidden">')
            + Markup(gettext("nothing planned"))
            + Markup("</span>")
        )
    parts = []
    if tally.planned:
        parts.append(
            Markup(gettext("%(done)d of %(planned)d"))
            % {"done": tally.done, "planned": tally.planned}
        )
    if tally.planned and tally.moments:
        parts.append(Markup(", "))
    if tally.moments:
        parts.append(
            Markup(ngettext("%(num)d moment", "%(num)d moments", tally.moments))
            % {"num": tally.moments}
        )
    return Markup("").join(parts)
