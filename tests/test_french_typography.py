"""French typography, one rule everywhere (the card files and the interface catalogue): a narrow
no-break space (U+202F) before ? ! ; and a no-break space (U+00A0) before :, so the mark never
starts a line on its own and every page spaces it the same way."""

import re
import tomllib

import pytest
from babel.messages.pofile import read_po

from planner.i18n import TRANSLATIONS_DIR
from planner.library.loader import CARDS_DIR

# A mark with the wrong space, or with none, before it.
WRONG = re.compile(r"[^\u202f][?!;]|[^\u00a0]:")
# What is not French prose: markup, placeholders, web addresses, clock times and timestamps.
NOT_PROSE = re.compile(r"<[^>]+>|%\([a-z_]+\)[sd]|https?://\S+|\d+(?::\d+)+")


def wrong_spacing(text: str) -> list[str]:
    """The places in `text` where ? ! ; : is not preceded by its no-break space."""
    prose = NOT_PROSE.sub("", text)
    return [prose[max(0, m.start() - 20) : m.end()] for m in WRONG.finditer(prose)]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for part in value:
            yield from strings(part)


def test_the_checker_sees_normal_spaces_missing_spaces_and_the_wrong_no_break_space():
    assert [place[-3:] for place in wrong_spacing("Prêts ? Allez !")] == ["s ?", "z !"]
    assert [place[-3:] for place in wrong_spacing("Prêts? Allez\u00a0!")] == ["ts?", "z\u00a0!"]
    assert wrong_spacing("Matériel\u202f: rien") == ["Matériel\u202f:"]
    assert (
        wrong_spacing("Prêts\u202f? Matériel\u00a0: rien\u202f; à 19:30 sur https://a.b/?c") == []
    )


@pytest.mark.parametrize("path", sorted((CARDS_DIR / "fr").glob("*.toml")), ids=lambda p: p.name)
def test_french_cards_space_their_punctuation_one_way(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [
        f"{card.get('slug')}.{key}: {place!r}"
        for card in data.get("card", [])
        for key, value in card.items()
        for text in strings(value)
        for place in wrong_spacing(text)
    ]
    assert found == []


def test_the_french_catalogue_spaces_its_punctuation_the_same_way():
    with (TRANSLATIONS_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = [
        f"{message.id!r}: {place!r}"
        for message in catalog
        if message.id
        for text in strings(message.string)
        for place in wrong_spacing(text)
    ]
    assert found == []
