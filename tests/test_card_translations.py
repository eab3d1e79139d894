"""Card translations (cards/es/*.toml, cards/fr/*.toml): the shipped files pass the same rules as
the English cards; a broken translation is refused with its file and card named; anything missing
falls back to English, field by field, and is listed by `flask library translations`."""

from pathlib import Path

import pytest

from planner.extensions import db
from planner.library.loader import CARDS_DIR, STEP_LIMIT, TEXT_LIMITS, load_cards
from planner.library.translations import (
    CARD_LANGUAGES,
    LocalizedCard,
    localize,
    missing_translations,
    read_translations,
    shown_translations,
    translation_files,
)
from planner.models import Activity
from tests import helpers
from tests.test_library_loader import GOOD, toml_cards

ENGLISH = dict(
    GOOD,
    slug="ask-for-a-hand",
    steps=["Say what you need.", "Ask someone near.", "Thank them."],
    stretch="Ask a neighbour next time.",
)
OTHER = dict(GOOD, slug="share-the-load", title="Share the load")


@pytest.fixture(scope="module")
def english():
    return load_cards()


# The shipped translations -------------------------------------------------------------------


@pytest.mark.parametrize("language", CARD_LANGUAGES)
def test_shipped_translations_follow_every_rule(language, english):
    checked = read_translations(language, english)
    assert not checked.problems, "\n".join(map(str, checked.problems))


@pytest.mark.parametrize("language", CARD_LANGUAGES)
def test_shipped_translation_files_sit_beside_an_english_file_of_the_same_name(language):
    english_names = {path.name for path in CARDS_DIR.glob("*.toml")}
    assert {path.name for path in translation_files(language)} <= english_names


@pytest.mark.parametrize("language", CARD_LANGUAGES)
def test_every_translated_card_is_shown_translated_and_the_rest_in_english(language, english):
    checked = read_translations(language, english)
    missing = missing_translations(language, english, checked)
    for card in english:
        shown = localize(card, language)
        words = checked.cards.get(card.slug, {})
        for key in ("title", "materials", "say", "why"):
            assert getattr(shown, key) == words.get(key, getattr(card, key))
        assert tuple(shown.steps) == tuple(words.get("steps", card.steps))
        # What is still English is exactly what the check lists.
        left = [key for key in ("title", "materials", "say", "why", "steps") if key not in words]
        assert set(left) <= set(missing.get(card.slug, ()))
        assert shown.age_min == card.age_min and shown.practice == card.practice


# Rules, on files written for the test -------------------------------------------------------


def write(folder: Path, name: str, *cards: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(toml_cards(*cards), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path):
    write(tmp_path, "helping.toml", ENGLISH, OTHER)
    return tmp_path, load_cards([tmp_path / "helping.toml"])


def translated(**changes) -> dict:
    card = {
        "slug": "ask-for-a-hand",
        "title": "Pide una mano",
        "materials": "Nada",
        "steps": ["Di lo que necesitas.", "Pregunta a alguien cerca.", "Dale las gracias."],
        "say": "¿Me ayudas?",
        "why": "Pedir se vuelve normal.",
        "stretch": "La próxima vez, pide a un vecino.",
    }
    card.update(changes)
    return {key: value for key, value in card.items() if value is not None}


def problems_for(library, *cards, name="helping.toml", language="es") -> list[str]:
    directory, english = library
    write(directory / language, name, *cards)
    return [str(problem) for problem in read_translations(language, english, directory).problems]


def test_a_good_partial_translation_passes_and_lists_what_is_missing(library):
    directory, english = library
    partial = {"slug": "ask-for-a-hand", "title": "Pide una mano", "say": "¿Me ayudas?"}
    write(directory / "es", "helping.toml", partial)
    checked = read_translations("es", english, directory)
    assert checked.problems == []
    assert checked.cards["ask-for-a-hand"] == {"title": "Pide una mano", "say": "¿Me ayudas?"}
    missing = missing_translations("es", english, checked)
    assert missing == {
        "ask-for-a-hand": ("materials", "steps", "why", "stretch"),
        "share-the-load": ("title", "materials", "steps", "say", "why"),
    }


def test_a_complete_translation_leaves_nothing_missing(library):
    directory, english = library
    other = translated(slug="share-the-load", title="Repartir la carga", stretch=None)
    other["steps"] = other["steps"][:2]
    write(directory / "es", "helping.toml", translated(), other)
    checked = read_translations("es", english, directory)
    assert checked.problems == []
    assert missing_translations("es", english, checked) == {}


@pytest.mark.parametrize(
    ("card", "message"),
    [
        (translated(slug="no-such-card"), "No English card has the slug 'no-such-card'"),
        (translated(steps=["Uno.", "Dos."]), "the English card has 3 steps"),
        (translated(title=""), "Title is missing"),
        (translated(say="   "), "Say this is missing"),
        (translated(why="x" * (TEXT_LIMITS["why"] + 1)), "Why: use at most 300 characters"),
        (translated(title="Una"), "Title: use an action of 2 to 7 words"),
        (
            translated(steps=["Uno.", "y" * (STEP_LIMIT + 1), "Tres."]),
            "keep each step to one line",
        ),
        (translated(steps=["Uno.", "", "Tres."]), "every step needs some words"),
        (translated(minutes=20), "not translatable on this card: minutes"),
        (translated(older="Para los mayores."), "not translatable on this card: older"),
        (translated(title=7), "Title must be text"),
    ],
)
def test_a_broken_translation_is_refused_naming_file_and_card(library, card, message):
    problems = problems_for(library, card)
    assert len(problems) == 1
    assert message in problems[0]
    assert problems[0].startswith("es/helping.toml #1")


def test_a_slug_translated_twice_is_refused(library):
    problems = problems_for(library, translated(), translated(title="Pide ayuda"))
    assert len(problems) == 1 and "Duplicate slug 'ask-for-a-hand'" in problems[0]


def test_a_file_without_an_english_twin_or_with_bad_toml_is_refused(library):
    assert (
        "No English card file has this name"
        in problems_for(library, translated(), name="other.toml")[0]
    )
    directory, english = library
    (directory / "fr").mkdir()
    (directory / "fr" / "helping.toml").write_text("[[card]\nslug = 'x'", encoding="utf-8")
    problems = read_translations("fr", english, directory).problems
    assert len(problems) == 1 and "not valid TOML" in str(problems[0])


def test_one_bad_card_does_not_hide_the_good_ones(library):
    directory, english = library
    write(directory / "es", "helping.toml", translated(slug="nope"), translated())
    checked = read_translations("es", english, directory)
    assert len(checked.problems) == 1
    assert "ask-for-a-hand" in checked.cards


# Display ------------------------------------------------------------------------------------


def test_localize_falls_back_per_field_and_keeps_everything_else(library):
    _directory, english = library
    card = english[0]
    shown = LocalizedCard(card, {"title": "Pide una mano", "steps": ("Uno.", "Dos.", "Tres.")})
    assert shown.title == "Pide una mano"
    assert shown.steps == ["Uno.", "Dos.", "Tres."]
    assert shown.steps_text == "Uno.\nDos.\nTres."
    assert shown.say == card.say and shown.minutes == card.minutes and shown.slug == card.slug
    assert shown == card


def test_english_and_families_own_cards_stay_as_written(app):
    with app.app_context():
        own = Activity(slug="own-1-x", household_id=1, title="Our own card")
        assert localize(own, "es") is own
        library_card = Activity(slug="nothing-translated-here", household_id=None, title="T")
        assert localize(library_card, "es") is library_card
        assert localize(library_card, "en") is library_card
        assert localize(None, "es") is None


def test_pages_show_translated_card_titles(app, client, monkeypatch):
    """A practice page lists a library card by its translated title (English when missing)."""
    shown_translations.cache_clear()
    monkeypatch.setattr(
        "planner.library.translations.shown_translations",
        lambda language: {"ask-a-card": {"title": "Pedir una tarjeta"}} if language == "es" else {},
    )
    with app.app_context():
        for slug, title in (("ask-a-card", "Ask for a card"), ("plain-card", "Plain old card")):
            db.session.add(helpers.card(slug, title, "ask-for-help", age_min=4, age_max=9))
        db.session.commit()
    page = client.get("/practices/ask-for-help", headers={"Accept-Language": "es"}).text
    assert "Pedir una tarjeta" in page and "Ask for a card" not in page
    assert "Plain old card" in page
    english = client.get("/practices/ask-for-help", headers={"Accept-Language": "en"}).text
    assert "Ask for a card" in english


def test_the_check_command_lists_missing_and_fails_on_broken_files(runner, monkeypatch, library):
    directory, english = library
    write(directory / "es", "helping.toml", {"slug": "ask-for-a-hand", "title": "Pide una mano"})
    monkeypatch.setattr("planner.library.cli.load_cards", lambda: english)
    monkeypatch.setattr("planner.library.translations.CARDS_DIR", directory)
    import planner.library.translations as translations

    original = translations.read_translations
    monkeypatch.setattr(
        translations,
        "read_translations",
        lambda language, cards=None, folder=directory: original(language, cards, folder),
    )
    result = runner.invoke(args=["library", "translations"])
    assert result.exit_code == 0, result.output
    assert "es: 0 of 2 cards fully translated." in result.output
    assert "missing: ask-for-a-hand (materials, steps, say, why, stretch)" in result.output
    assert "missing: share-the-load (title, materials, steps, say, why)" in result.output
    assert runner.invoke(args=["library", "translations", "--strict"]).exit_code != 0
    write(directory / "fr", "helping.toml", {"slug": "nope", "title": "Pas de carte"})
    result = runner.invoke(args=["library", "translations"])
    assert result.exit_code != 0
    assert "refused: fr/helping.toml #1 card 'nope': No English card has the slug" in result.output


def test_the_card_rules_speak_the_readers_language(app):
    """A family writing its own card reads the rule it broke in its own language."""
    from flask_babel import force_locale

    from planner.library.loader import card_problems

    bad = dict(GOOD, title="Una", steps=["Solo uno."], age_min=9, age_max=4)
    with app.test_request_context("/"), force_locale("es"):
        problems = card_problems(bad)
    assert problems["title"] == "Título: escribe una acción de 2 a 7 palabras."
    assert problems["steps"] == "Pasos: escribe entre 2 y 5 pasos."
    assert problems["age_max"] == "La edad mínima es mayor que la máxima."
    with app.test_request_context("/"), force_locale("fr"):
        assert card_problems(dict(GOOD, say=""))["say"] == "Champ manquant\u00a0: À dire."
    # Outside a request (the command line, the loader's own tests) the rules speak English.
    assert card_problems(bad)["title"] == "Title: use an action of 2 to 7 words."
