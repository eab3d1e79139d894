"""Write the `en_XA` pseudo-locale from the message template: accented and about 30% longer.

`python -m planner.pseudo_locale planner/translations/messages.pot` (run by `make translations`).
A page shown in `en_XA` that still has plain English words has a string nobody wrapped, and a
layout that breaks in it would break in German or French too. Placeholders (`%(name)s`, `{name}`)
and markup (`<a href="...">`) are kept as they are, so the strings still format.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Kept untouched: printf and format placeholders, HTML tags and entities.
PROTECTED = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}|<[^>]+>|&[a-z]+;|&#\d+;")
GROWTH = 0.3
PAD = "~"


def pseudo(text: str) -> str:
    """`text` accented outside placeholders and markup, padded to 30% longer, in brackets."""
    if not text:
        return text
    pieces, last = [], 0
    for match in PROTECTED.finditer(text):
        pieces.append(text[last : match.start()].translate(ACCENTED))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(ACCENTED))
    padding = PAD * max(1, round(len(text) * GROWTH))
    return "[" + "".join(pieces) + " " + padding + "]"


def pseudo_catalog(template: Catalog, locale: str = "en_XA") -> Catalog:
    """Every message of `template` pseudo-translated (plurals too)."""
    # English plural rules; the team header names the pseudo-locale.
    catalog = Catalog(locale="en", project="Together", fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string = tuple(pseudo(part) for part in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags - {"fuzzy"})
    catalog.language_team = locale
    return catalog


def main(argv: list[str]) -> None:
    template_path = Path(argv[1] if len(argv) > 1 else "planner/translations/messages.pot")
    with template_path.open("rb") as handle:
        template = read_po(handle)
    out = template_path.parent / "en_XA" / "LC_MESSAGES" / "messages.po"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        write_po(handle, pseudo_catalog(template), omit_header=False, width=100)


if __name__ == "__main__":
    main(sys.argv)
