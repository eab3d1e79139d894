"""The card loader's validation, the sync into the database, and the coverage of the library."""

import textwrap

import pytest

from planner.extensions import db
from planner.library.loader import (
    AGE_BANDS,
    PRACTICE_SLUGS,
    SETTINGS,
    WHO,
    CardError,
    coverage,
    load_cards,
)
from planner.library.sync import sync_library
from planner.models import Activity

GOOD = """
[[card]]
slug = "ask-for-a-hand"
title = "Ask for a hand"
practice = "ask-for-help"
age_min = 4
age_max = 9
minutes = 10
setting = "home"
who = "parent-and-child"
materials = "None"
steps = ["Say what you need.", "Thank them."]
say = "Could you help me?"
why = "Asking becomes ordinary."
"""


def write(tmp_path, text, name="cards.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_good_card_loads(tmp_path):
    (card,) = load_cards([write(tmp_path, GOOD)])
    assert card.slug == "ask-for-a-hand"
    assert card.steps == ("Say what you need.", "Thank them.")
    assert card.stretch == "" and card.for_adults is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("minutes = 10", 'minutes = 10\ncolour = "red"'), "Unknown field(s): colour"),
        (('say = "Could you help me?"\n', ""), "Missing field(s): say"),
        (('slug = "ask-for-a-hand"', 'slug = "Ask For A Hand"'), "Slug: use lower-case"),
        (('title = "Ask for a hand"', 'title = "Ask"'), "2 to 7 words"),
        (
            ('title = "Ask for a hand"', 'title = "one two three four five six seven eight"'),
            "2 to 7 words",
        ),
        (('practice = "ask-for-help"', 'practice = "sharing"'), "Practice must be one of"),
        (("age_min = 4", "age_min = -1"), "between 0 and 17"),
        (("age_max = 9", "age_max = 18"), "between 0 and 17"),
        (("age_min = 4", "age_min = 12"), "youngest age is above"),
        (("age_min = 4", 'age_min = "four"'), "must be a whole number"),
        (("minutes = 10", "minutes = 12"), "Minutes must be one of"),
        (('setting = "home"', 'setting = "moon"'), "Setting must be one of"),
        (('who = "parent-and-child"', 'who = "cats"'), "Who must be one of"),
        (
            ('steps = ["Say what you need.", "Thank them."]', 'steps = ["Only one."]'),
            "between 2 and 5 steps",
        ),
        (
            ('steps = ["Say what you need.", "Thank them."]', 'steps = ["a","b","c","d","e","f"]'),
            "between 2 and 5 steps",
        ),
        (
            ('steps = ["Say what you need.", "Thank them."]', 'steps = ["", "Thank them."]'),
            "every step needs",
        ),
        (
            ('steps = ["Say what you need.", "Thank them."]', 'steps = "Do it."'),
            "between 2 and 5 steps",
        ),
        (('say = "Could you help me?"', 'say = ""'), "Say this is missing"),
        (('why = "Asking becomes ordinary."', f'why = "{"x" * 301}"'), "at most 300 characters"),
        (('materials = "None"', "materials = 5"), "Materials must be text"),
        (("minutes = 10", 'minutes = 10\nfor_adults = "yes"'), "for_adults must be true or false"),
    ],
)
def test_each_broken_card_is_named_with_its_problem(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(CardError) as error:
        load_cards([path])
    assert message in str(error.value)
    assert "cards.toml" in str(error.value)


def test_duplicate_slugs_name_both_places(tmp_path):
    first = write(tmp_path, GOOD, "a.toml")
    second = write(tmp_path, GOOD, "b.toml")
    with pytest.raises(CardError, match=r"Duplicate slug 'ask-for-a-hand' \(also at a.toml #1\)"):
        load_cards([first, second])


def test_bad_toml_names_the_file(tmp_path):
    with pytest.raises(CardError, match="broken.toml: not valid TOML"):
        load_cards([write(tmp_path, "[[card]\nslug = ", "broken.toml")])


def test_unknown_top_level_key(tmp_path):
    with pytest.raises(CardError, match="Unknown top-level key"):
        load_cards([write(tmp_path, 'title = "x"\n' + GOOD)])


def test_the_shipped_library_loads_and_has_cards_for_the_adults():
    cards = load_cards()
    assert len(cards) >= 36
    assert any(card.for_adults for card in cards)
    assert {card.practice for card in cards} == set(PRACTICE_SLUGS)
    assert {card.setting for card in cards} == set(SETTINGS)  # every setting has cards
    assert {card.who for card in cards} == set(WHO)


def test_coverage_counts_a_card_in_every_band_it_spans(tmp_path):
    (card,) = load_cards([write(tmp_path, GOOD)])  # ages 4-9: bands 2-4, 5-7, 8-12
    counts = coverage([card])
    assert counts[("ask-for-help", (2, 4))] == 1
    assert counts[("ask-for-help", (5, 7))] == 1
    assert counts[("ask-for-help", (8, 12))] == 1
    assert counts[("ask-for-help", (13, 17))] == 0
    assert len(counts) == len(PRACTICE_SLUGS) * len(AGE_BANDS)


def library_rows():
    return {
        a.slug: (a.title, a.retired)
        for a in db.session.execute(
            db.select(Activity).where(Activity.household_id.is_(None))
        ).scalars()
    }


def test_sync_adds_updates_retires_and_is_idempotent(app, tmp_path):
    two = GOOD + GOOD.replace("ask-for-a-hand", "ask-again").replace(
        "Ask for a hand", "Ask once more"
    )
    with app.app_context():
        report = sync_library(load_cards([write(tmp_path, two)]))
        db.session.commit()
        assert (report.added, report.updated, report.retired, report.unchanged) == (2, 0, 0, 0)
        again = sync_library(load_cards([write(tmp_path, two)]))
        assert (again.added, again.updated, again.retired, again.unchanged) == (0, 0, 0, 2)
        changed = two.replace("Ask once more", "Ask yet again")
        report = sync_library(load_cards([write(tmp_path, changed)]))
        db.session.commit()
        assert (report.updated, report.unchanged) == (1, 1)
        assert library_rows()["ask-again"] == ("Ask yet again", False)
        report = sync_library(load_cards([write(tmp_path, GOOD)]))
        db.session.commit()
        assert report.retired == 1
        assert library_rows()["ask-again"] == ("Ask yet again", True)  # kept for history
        report = sync_library(load_cards([write(tmp_path, changed)]))
        db.session.commit()
        assert report.updated == 1 and library_rows()["ask-again"][1] is False


def test_sync_command_and_a_broken_library_changes_nothing(app, runner, monkeypatch, tmp_path):
    result = runner.invoke(args=["library", "sync"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output
    with app.app_context():
        before = library_rows()
    assert len(before) == len(load_cards())
    result = runner.invoke(args=["library", "sync"])
    assert f"unchanged {len(before)}" in result.output
    broken = write(tmp_path, GOOD.replace("minutes = 10", "minutes = 11"), "broken.toml")
    monkeypatch.setattr("planner.library.loader.card_files", lambda: [broken])
    result = runner.invoke(args=["library", "sync"])
    assert result.exit_code != 0 and "The library was not changed" in result.output
    with app.app_context():
        assert library_rows() == before


def test_custom_cards_are_never_retired_by_sync(app, tmp_path):
    with app.app_context():
        from tests.helpers import make_activities

        make_activities(1, household_id=None, prefix="lib")
        from planner.models import Household

        household = Household(name="H")
        db.session.add(household)
        db.session.commit()
        make_activities(1, household_id=household.id, prefix="own")
        sync_library(load_cards([write(tmp_path, GOOD)]))
        db.session.commit()
        own = db.session.execute(db.select(Activity).where(Activity.slug == "own-0")).scalar_one()
        assert own.retired is False


def test_the_library_covers_every_practice_and_age_band():
    """The product promise: 150+ cards and at least 10 in every practice x age band cell."""
    cards = load_cards()
    assert len(cards) >= 150
    # The baby band (0-1) is new in the second edition and is being written (issue 15).
    thin = {cell: n for cell, n in coverage(cards).items() if n < 10 and cell[1] != (0, 1)}
    assert thin == {}
    assert sum(card.minutes <= 10 for card in cards) >= 30  # for families with little time
    assert sum(card.minutes >= 45 for card in cards) >= 15  # and for a free Saturday


def test_a_merged_card_retires_its_old_slug_and_points_to_the_new_one(app, tmp_path):
    with app.app_context():
        sync_library(load_cards([write(tmp_path, GOOD)]))
        merged = GOOD.replace('slug = "ask-for-a-hand"', 'slug = "ask-for-two-hands"').replace(
            "why = ", 'replaces = ["ask-for-a-hand"]\nwhy = '
        )
        report = sync_library(load_cards([write(tmp_path, merged, "merged.toml")]))
        db.session.commit()
        old = db.session.execute(
            db.select(Activity).where(Activity.slug == "ask-for-a-hand")
        ).scalar_one()
        assert (report.added, report.retired) == (1, 1)
        assert old.retired is True and old.replaced_by == "ask-for-two-hands"
