"""The card loader on its own (no app, no database): every rule, the shipped library, coverage."""

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from planner.library.loader import (
    AGE_BANDS,
    MINUTES,
    PRACTICE_SLUGS,
    SETTINGS,
    WHO,
    Card,
    CardError,
    adaptation_problem,
    card_problems,
    coverage,
    load_cards,
    validate_card,
)

GOOD = {
    "slug": "ask-for-a-hand",
    "title": "Ask for a hand",
    "practice": "ask-for-help",
    "age_min": 4,
    "age_max": 9,
    "minutes": 10,
    "setting": "home",
    "who": "parent-and-child",
    "materials": "None",
    "steps": ["Say what you need.", "Thank them."],
    "say": "Could you help me?",
    "why": "Asking becomes ordinary.",
}
MISSING = object()


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(value)


def toml_cards(*cards: dict) -> str:
    return "".join(
        "[[card]]\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in card.items())
        for card in cards
    )


def card(**changes) -> dict:
    """GOOD with some fields changed; a field set to MISSING is left out."""
    merged = {**GOOD, **changes}
    return {key: value for key, value in merged.items() if value is not MISSING}


def write(tmp_path: Path, text: str, name: str = "cards.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path, *cards: dict, name: str = "cards.toml") -> CardError:
    with pytest.raises(CardError) as error:
        load_cards([write(tmp_path, toml_cards(*cards), name)])
    return error.value


# --- good cards -------------------------------------------------------------------------------


def test_a_good_card_loads_with_defaults(tmp_path):
    (loaded,) = load_cards([write(tmp_path, toml_cards(GOOD))])
    assert loaded == Card(
        slug="ask-for-a-hand",
        title="Ask for a hand",
        practice="ask-for-help",
        age_min=4,
        age_max=9,
        minutes=10,
        setting="home",
        who="parent-and-child",
        materials="None",
        steps=("Say what you need.", "Thank them."),
        say="Could you help me?",
        why="Asking becomes ordinary.",
    )
    assert loaded.stretch == "" and loaded.for_adults is False


def test_optional_fields_and_trimming(tmp_path):
    raw = card(
        title="  Ask for a hand ",
        steps=[" One. ", "Two.", "Three.", "Four.", "Five."],
        stretch="Ask two people.",
        for_adults=True,
    )
    (loaded,) = load_cards([write(tmp_path, toml_cards(raw))])
    assert loaded.title == "Ask for a hand"
    assert loaded.steps == ("One.", "Two.", "Three.", "Four.", "Five.")
    assert loaded.stretch == "Ask two people." and loaded.for_adults is True


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Ask " + "x" * 76},  # exactly 80 characters
        {"title": "one two three four five six seven"},
        {"age_min": 2, "age_max": 17},
        {"age_min": 9, "age_max": 9},
        {"steps": ["s" * 300, "t"]},
        {"say": "s" * 300, "why": "w" * 300, "materials": "m" * 300, "stretch": "x" * 300},
        {"slug": "a1-b2-c3"},
        {"stretch": ""},
    ],
)
def test_limits_are_inclusive(changes):
    validate_card(card(**changes), "limits")


@pytest.mark.parametrize("minutes", MINUTES)
def test_every_allowed_minutes_value(minutes):
    assert validate_card(card(minutes=minutes)).minutes == minutes


@pytest.mark.parametrize(("field", "vocab"), [("setting", SETTINGS), ("who", WHO)])
def test_every_vocabulary_word_is_accepted(field, vocab):
    for word in vocab:
        assert getattr(validate_card(card(**{field: word})), field) == word


def test_cards_keep_file_order_across_files(tmp_path):
    first = write(tmp_path, toml_cards(card(slug="b-card"), card(slug="a-card")), "1.toml")
    second = write(tmp_path, toml_cards(card(slug="c-card")), "2.toml")
    assert [c.slug for c in load_cards([first, second])] == ["b-card", "a-card", "c-card"]


def test_an_empty_file_has_no_cards(tmp_path):
    assert load_cards([write(tmp_path, "# nothing yet\n")]) == []


# --- broken cards -----------------------------------------------------------------------------

BROKEN = [
    # (id, changes, field at fault, words in the message)
    ("unknown-key", {"colour": "red"}, "colour", "Unknown field(s): colour."),
    ("missing-slug", {"slug": MISSING}, "slug", "Missing field(s): slug."),
    ("missing-title", {"title": MISSING}, "title", "Missing field(s): title."),
    ("missing-practice", {"practice": MISSING}, "practice", "Missing field(s): practice."),
    ("missing-age-min", {"age_min": MISSING}, "age_min", "Missing field(s): age_min."),
    ("missing-age-max", {"age_max": MISSING}, "age_max", "Missing field(s): age_max."),
    ("missing-minutes", {"minutes": MISSING}, "minutes", "Missing field(s): minutes."),
    ("missing-setting", {"setting": MISSING}, "setting", "Missing field(s): setting."),
    ("missing-who", {"who": MISSING}, "who", "Missing field(s): who."),
    ("missing-materials", {"materials": MISSING}, "materials", "Missing field(s): materials."),
    ("missing-steps", {"steps": MISSING}, "steps", "Missing field(s): steps."),
    ("missing-say", {"say": MISSING}, "say", "Missing field(s): say."),
    ("missing-why", {"why": MISSING}, "why", "Missing field(s): why."),
    ("missing-two", {"say": MISSING, "why": MISSING}, "say", "Missing field(s): say, why."),
    ("type-title", {"title": 5}, "title", "Title must be text."),
    ("type-materials", {"materials": 5}, "materials", "Materials must be text."),
    ("type-say", {"say": ["a", "b"]}, "say", "Say this must be text."),
    ("type-stretch", {"stretch": False}, "stretch", "Stretch must be text."),
    ("type-age-min", {"age_min": "four"}, "age_min", "Youngest age must be a whole number."),
    ("type-age-float", {"age_max": 9.5}, "age_max", "Oldest age must be a whole number."),
    ("type-age-bool", {"age_min": True}, "age_min", "Youngest age must be a whole number."),
    ("type-minutes", {"minutes": "10"}, "minutes", "Minutes must be one of"),
    ("type-minutes-float", {"minutes": 10.0}, "minutes", "Minutes must be one of"),
    ("type-practice", {"practice": 3}, "practice", "Practice must be one of"),
    ("type-setting-list", {"setting": ["home"]}, "setting", "Setting must be one of"),
    ("type-who-list", {"who": ["siblings"]}, "who", "Who must be one of"),
    ("type-steps", {"steps": "Do it. Then stop."}, "steps", "Steps: give between 2 and 5 steps."),
    ("type-step", {"steps": ["One.", 2]}, "steps", "every step needs some words"),
    ("type-for-adults", {"for_adults": "yes"}, "for_adults", "for_adults must be true or false."),
    ("empty-slug", {"slug": ""}, "slug", "Slug is missing."),
    ("empty-title", {"title": "   "}, "title", "Title is missing."),
    ("empty-materials", {"materials": ""}, "materials", "Materials is missing."),
    ("empty-say", {"say": ""}, "say", "Say this is missing."),
    ("empty-why", {"why": " "}, "why", "Why is missing."),
    ("slug-capitals", {"slug": "Ask-For-A-Hand"}, "slug", "Slug: use lower-case letters"),
    ("slug-space", {"slug": "ask for a hand"}, "slug", "Slug: use lower-case letters"),
    ("slug-underscore", {"slug": "ask_for_a_hand"}, "slug", "Slug: use lower-case letters"),
    ("slug-double-hyphen", {"slug": "ask--hand"}, "slug", "Slug: use lower-case letters"),
    ("slug-leading-hyphen", {"slug": "-ask"}, "slug", "Slug: use lower-case letters"),
    ("slug-trailing-hyphen", {"slug": "ask-"}, "slug", "Slug: use lower-case letters"),
    ("slug-accent", {"slug": "café-chat"}, "slug", "Slug: use lower-case letters"),
    ("title-one-word", {"title": "Ask"}, "title", "Title: use an action of 2 to 7 words."),
    ("title-eight-words", {"title": "a b c d e f g h"}, "title", "2 to 7 words"),
    ("title-long", {"title": "Ask " + "x" * 77}, "title", "Title: use at most 80 characters."),
    ("practice-unknown", {"practice": "sharing"}, "practice", "Practice must be one of"),
    ("practice-name", {"practice": "Teamwork"}, "practice", "Practice must be one of"),
    ("age-min-low", {"age_min": -1}, "age_min", "Youngest age must be between 0 and 17."),
    ("age-min-high", {"age_min": 18, "age_max": 18}, "age_min", "between 0 and 17"),
    ("age-max-high", {"age_max": 18}, "age_max", "Oldest age must be between 0 and 17."),
    ("age-max-low", {"age_max": -1}, "age_max", "between 0 and 17"),
    ("age-negative", {"age_min": -3}, "age_min", "between 0 and 17"),
    ("ages-reversed", {"age_min": 12}, "age_max", "The youngest age is above the oldest age."),
    ("minutes-12", {"minutes": 12}, "minutes", "Minutes must be one of 5, 10, 15, 20, 30"),
    ("minutes-0", {"minutes": 0}, "minutes", "Minutes must be one of"),
    ("minutes-100", {"minutes": 100}, "minutes", "Minutes must be one of"),
    ("minutes-bool", {"minutes": True}, "minutes", "Minutes must be one of"),
    ("setting-unknown", {"setting": "moon"}, "setting", "Setting must be one of home, mealtime"),
    ("setting-label", {"setting": "Home"}, "setting", "Setting must be one of"),
    ("who-unknown", {"who": "cats"}, "who", "Who must be one of whole-family"),
    ("steps-one", {"steps": ["Only one."]}, "steps", "Steps: give between 2 and 5 steps."),
    ("steps-none", {"steps": []}, "steps", "between 2 and 5 steps"),
    ("steps-six", {"steps": list("abcdef")}, "steps", "between 2 and 5 steps"),
    ("step-empty", {"steps": ["", "Thank them."]}, "steps", "Steps: every step needs some words."),
    ("step-blank", {"steps": ["One.", "   "]}, "steps", "every step needs some words"),
    ("step-long", {"steps": ["s" * 301, "t"]}, "steps", "at most 300 characters"),
    ("step-two-lines", {"steps": ["One.\nTwo.", "Three."]}, "steps", "one line"),
    ("say-long", {"say": "s" * 301}, "say", "Say this: use at most 300 characters."),
    ("why-long", {"why": "w" * 301}, "why", "Why: use at most 300 characters."),
    ("materials-long", {"materials": "m" * 301}, "materials", "Materials: use at most 300"),
    ("stretch-long", {"stretch": "x" * 301}, "stretch", "Stretch: use at most 300 characters."),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_each_broken_card_names_file_card_field_and_problem(tmp_path, changes, field, message):
    raw = card(**changes)
    error = load_error(tmp_path, card(slug="fine-first-card"), raw, name="teamwork.toml")
    text = str(error)
    assert message in text and message in error.message
    assert error.field == field
    assert text.startswith("teamwork.toml #2")  # the file and the card's place in it
    slug = raw.get("slug")
    if isinstance(slug, str) and slug.strip():
        assert f"card '{slug.strip()}'" in text  # and its slug, when it has one


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_the_form_gets_the_same_rules_with_a_field(changes, field, message):
    """A custom card is a dict the form builds: the same check, and a field to hang it on."""
    with pytest.raises(CardError) as error:
        validate_card(card(**changes))
    assert message in error.value.message
    assert error.value.field == field
    assert field in card_problems(card(**changes))


def test_form_may_pass_steps_as_a_tuple():
    assert validate_card(card(steps=("One.", "Two."))).steps == ("One.", "Two.")


def test_card_problems_lists_every_field_at_once():
    raw = card(title="Ask", age_min=15, age_max=5, steps=["One."], say="", colour="red")
    assert card_problems(raw) == {
        "colour": "Unknown field.",
        "title": "Title: use an action of 2 to 7 words.",
        "age_max": "The youngest age is above the oldest age.",
        "steps": "Steps: give between 2 and 5 steps.",
        "say": "Say this is missing.",
    }
    assert card_problems(GOOD) == {}
    assert card_problems(card(why=MISSING)) == {"why": "Why is missing."}
    assert card_problems(["not", "a", "card"]) == {"card": "A card must be a table of fields."}


def test_a_card_that_is_not_a_table():
    with pytest.raises(CardError, match="A card must be a table of fields"):
        validate_card("slug = 'x'", "cards.toml #1")


def test_messages_read_as_sentences_without_a_place():
    with pytest.raises(CardError) as error:
        validate_card(card(slug="own-7", steps=["One."]))
    assert error.value.message == "Steps: give between 2 and 5 steps."
    assert str(error.value) == "card 'own-7': Steps: give between 2 and 5 steps."


# --- broken files -----------------------------------------------------------------------------


def test_toml_syntax_error_names_the_file(tmp_path):
    path = write(tmp_path, toml_cards(GOOD) + "[[card]\nslug = ", "broken.toml")
    with pytest.raises(CardError, match=r"^broken\.toml: not valid TOML") as error:
        load_cards([path])
    assert error.value.field is None


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(toml_cards(GOOD).encode() + "# café\n".encode("latin-1"))
    with pytest.raises(CardError, match=r"^latin\.toml: not UTF-8 text"):
        load_cards([path])


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CardError, match=r"^gone\.toml: could not be read"):
        load_cards([tmp_path / "gone.toml"])


def test_unknown_top_level_key_names_the_file(tmp_path):
    path = write(tmp_path, 'title = "x"\n' + toml_cards(GOOD), "odd.toml")
    with pytest.raises(CardError, match=r"^odd\.toml: Unknown top-level key\(s\): title\."):
        load_cards([path])


def test_a_single_card_table_is_refused(tmp_path):
    text = toml_cards(GOOD).replace("[[card]]", "[card]")
    with pytest.raises(CardError, match=r"written as \[\[card\]\] tables"):
        load_cards([write(tmp_path, text)])


def test_duplicate_slugs_across_files_name_both_places(tmp_path):
    first = write(tmp_path, toml_cards(card(slug="other"), GOOD), "a.toml")
    second = write(tmp_path, toml_cards(card(title="Ask for a hand again")), "b.toml")
    with pytest.raises(CardError) as error:
        load_cards([first, second])
    assert error.value.field == "slug"
    assert str(error.value) == (
        "b.toml #1 card 'ask-for-a-hand': Duplicate slug 'ask-for-a-hand' (also at a.toml #2)."
    )


def test_duplicate_slugs_within_one_file(tmp_path):
    error = load_error(tmp_path, GOOD, card(slug="fine"), GOOD)
    assert "cards.toml #3" in str(error) and "(also at cards.toml #1)" in str(error)


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_counts_a_card_in_every_band_it_overlaps():
    cards = [
        validate_card(card(slug="a", age_min=4, age_max=9)),  # 2-4, 5-7, 8-12
        validate_card(card(slug="b", age_min=4, age_max=5)),  # 2-4, 5-7 (edges count)
        validate_card(card(slug="c", practice="connection", age_min=13, age_max=17)),
        validate_card(card(slug="d", practice="teamwork", age_min=2, age_max=17)),  # all four
    ]
    counts = coverage(cards)
    assert list(counts) == [(p, band) for p in PRACTICE_SLUGS for band in AGE_BANDS]
    assert counts[("ask-for-help", (2, 4))] == 2
    assert counts[("ask-for-help", (5, 7))] == 2
    assert counts[("ask-for-help", (8, 12))] == 1
    assert counts[("ask-for-help", (13, 17))] == 0
    assert [counts[("teamwork", band)] for band in AGE_BANDS] == [0, 1, 1, 1, 1]
    assert [counts[("connection", band)] for band in AGE_BANDS] == [0, 0, 0, 0, 1]


def test_coverage_of_nothing_is_all_zeros():
    assert set(coverage([]).values()) == {0}
    assert len(coverage([])) == len(PRACTICE_SLUGS) * len(AGE_BANDS)


# --- the shipped library ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def library() -> list[Card]:
    return load_cards()


def test_the_shipped_library_loads(library):
    assert library
    assert len({c.slug for c in library}) == len(library)
    assert {c.practice for c in library} == set(PRACTICE_SLUGS)
    for c in library:
        assert validate_card({**asdict(c), "steps": list(c.steps)}) == c  # round-trips


def test_the_shipped_library_has_cards_for_the_adults(library):
    adults = [c for c in library if c.for_adults]
    assert adults
    assert any(c.practice == "ask-for-help" for c in adults)


def test_the_shipped_library_covers_every_practice_and_band(library):
    """The product promise: 150+ cards, and at least 10 in every practice x age band cell."""
    assert len(library) >= 150
    # The baby band (0-1) is new in the second edition and is being written (issue 15).
    cells = {cell: n for cell, n in coverage(library).items() if cell[1] != (0, 1)}
    thin = {cell: count for cell, count in cells.items() if count < 10}
    assert thin == {}, f"cells with fewer than 10 cards: {thin}"


@pytest.mark.parametrize("slug", ["new", "own", "own-1-a-family-card-abc123"])
def test_library_slugs_that_clash_with_pages_or_own_cards_are_refused(tmp_path, slug):
    with pytest.raises(CardError) as error:
        load_cards([write(tmp_path, toml_cards(card(slug=slug)))])
    assert error.value.field == "slug"
    assert f"Slug '{slug}' is reserved" in str(error.value)


def test_a_slug_that_merely_contains_own_is_fine(tmp_path):
    cards = load_cards(
        [write(tmp_path, toml_cards(card(slug="our-own-rules"), card(slug="owner")))]
    )
    assert [c.slug for c in cards] == ["our-own-rules", "owner"]


# --- second edition: kind, needs, named day and time, age adaptations ------------------------


def test_second_edition_fields_load_and_needs_keep_vocabulary_order():
    loaded = validate_card(
        card(kind="ritual", needs=["pet", "car"], day="sunday", time="bedtime", replaces=["old"])
    )
    assert (loaded.kind, loaded.needs, loaded.day, loaded.time) == (
        "ritual",
        ("car", "pet"),
        "sunday",
        "bedtime",
    )
    assert loaded.needs_text == "car,pet" and loaded.replaces == ("old",)


def test_a_first_edition_card_for_adults_is_the_grown_ups_kind():
    assert validate_card(card(for_adults=True)).kind == "grown-ups"
    assert validate_card(card()).kind == "activity"
    assert validate_card(card(kind="grown-ups")).for_adults is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "chore"}, "kind"),
        ({"needs": ["a pony"]}, "needs"),
        ({"needs": "car"}, None),  # a comma-separated string is read as a list
        ({"day": "someday"}, "day"),
        ({"time": "noon"}, "time"),
        ({"replaces": ["Not A Slug"]}, "replaces"),
    ],
)
def test_second_edition_fields_are_checked(changes, field):
    problems = card_problems(card(**changes))
    if field is None:
        assert problems == {}
    else:
        assert list(problems) == [field]


def test_a_card_over_two_bands_must_say_how_it_adapts():
    wide = validate_card(card(age_min=2, age_max=12))
    assert "span 3 age bands" in adaptation_problem(wide)
    adapted = validate_card(card(age_min=2, age_max=12, younger="Hold it.", older="Lead it."))
    assert adaptation_problem(adapted) is None
    assert adaptation_problem(validate_card(card(age_min=0, age_max=4))) is None
