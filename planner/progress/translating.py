"""The progress table's words, looked up in the request's catalogue once per page.

Templates' `_()` already find the catalogue once per render (`web.catalogue_once_per_render`); the
table's cells repeat the same few tallies hundreds of times, so each is worded once here.
"""

from __future__ import annotations

from flask_babel import get_translations
from markupsafe import Markup


def template_callables() -> dict:
    """`tally_text` for one render (pass it as template context)."""
    catalogue = get_translations()
    lookup, plural = catalogue.ugettext, catalogue.ungettext

    texts: dict = {}

    def tally_text(tally) -> Markup:
        """A table cell's words for a tally ("2 of 3, 1 moment"); the same tallies recur, so
        each is worded once per page."""
        text = texts.get(tally)
        if text is None:
            text = texts[tally] = word_tally(tally, lookup, plural)
        return text

    return {"tally_text": tally_text}


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
    # The catalogue's words are markup as they stand and the numbers are ints: nothing to escape,
    # so plain formatting (Markup's % escapes each argument, and a long history words many cells).
    parts = []
    if tally.planned:
        parts.append(
            gettext("%(done)d of %(planned)d") % {"done": tally.done, "planned": tally.planned}
        )
    if tally.moments:
        parts.append(
            ngettext("%(num)d moment", "%(num)d moments", tally.moments) % {"num": tally.moments}
        )
    return Markup(", ".join(parts))
