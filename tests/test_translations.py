"""The message catalogues: every interface string is translated in Spanish and French, nothing is
fuzzy, placeholders match, and the pseudo-locale covers every message of the sources."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from planner.i18n import TRANSLATIONS_DIR
from planner.pseudo_locale import pseudo

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
}


def catalogue(language: str):
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale="en" if language == "en_XA" else language)


def source_messages() -> set:
    """Every message the code and templates ask to translate (as `make translations` finds them)."""
    found = set()
    for folder, method_map in (
        ("planner", [("**.py", "python")]),
        ("templates", [("**.html", "jinja2"), ("**.txt", "jinja2")]),
    ):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, keywords=KEYWORDS
        ):
            if isinstance(message, tuple):
                message = tuple(part for part in message if part is not None)
                message = message if len(message) > 1 else message[0]
            if message:
                found.add(message)
    return found


@pytest.fixture(scope="module")
def messages():
    return source_messages()


def key(message) -> object:
    return tuple(message.id) if isinstance(message.id, list | tuple) else message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_sources_is_translated(language, messages):
    translated = {key(m) for m in catalogue(language) if m.id and m.string and all(m.string)}
    missing = sorted(map(str, messages - translated))
    assert not missing, (
        f"{len(missing)} message(s) not translated in {language} (run `make translations` and "
        f"translate them): {missing[:20]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_fuzzy_or_empty(language):
    problems = [
        key(m)
        for m in catalogue(language)
        if m.id and (m.fuzzy or not m.string or not all(m.string))
    ]
    assert not problems


@pytest.mark.parametrize("language", (*LANGUAGES, "en_XA"))
def test_placeholders_match_the_english(language):
    """Babel's checkers: the same %(name)s placeholders, plural forms complete."""
    errors = [(key(m), [str(e) for e in errs]) for m, errs in catalogue(language).check()]
    assert not errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_markup_and_are_not_the_english(language):
    """Links and emphasis survive translation, and a translation is not the English left as is."""
    same = []
    for message in catalogue(language):
        if not message.id or isinstance(message.id, list | tuple):
            continue
        for tag in ("<a ", "</a>", "<strong>", "<code>"):
            assert message.id.count(tag) == message.string.count(tag), message.id
        words = re.findall(r"[^\W\d_]+", PLACEHOLDER.sub("", message.id))
        if message.string == message.id and words:
            same.append((message.id, words))
    # A few words are the same in both languages ("Moments", "min"); whole sentences never.
    assert all(len(words) <= 2 for _text, words in same), same


def test_pseudo_locale_covers_every_message_accented_and_longer(messages):
    catalog = catalogue("en_XA")
    ids = {key(m) for m in catalog if m.id}
    assert messages <= ids
    for message in catalog:
        if not message.id or isinstance(message.id, list | tuple):
            continue
        assert message.string != message.id
        assert len(message.string) >= len(message.id) * 1.3
        assert message.string.count("%(") == message.id.count("%(")


def test_pseudo_keeps_placeholders_and_markup_untouched():
    text = 'Hello %(name)s, <a href="%(url)s">log in</a> at {time}.'
    result = pseudo(text)
    for piece in ("%(name)s", '<a href="%(url)s">', "</a>", "{time}"):
        assert piece in result
    assert "Hello" not in result and "log in" not in result
    assert len(result) >= len(text) * 1.3
