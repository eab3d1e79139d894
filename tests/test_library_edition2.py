"""The library's second edition, checked from the cards' own fields (issue 15).

Every card states its kind and needs and fits at most two age bands (or says how it adapts); the
library is at least 650 cards with at least 55 in every practice x band cell from 2 to 17, and the
families the first edition missed are each covered by the numbers below.
"""

import re
import tomllib
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from planner.library.loader import (
    AGE_BANDS,
    LIBRARY_REQUIRED,
    PRACTICE_SLUGS,
    adaptation_problem,
    bands_of,
    card_files,
    coverage,
    load_cards,
)
from planner.library.stats import coverage_table
from tests.helpers import ONE_COUNTRY

CHILD_BANDS = [band for band in AGE_BANDS if band != (0, 1)]
# Who the library must reach (issue 15): the tag (or tags) that mark a card, and how many at least.
REACH = {
    "baby": (("baby",), 40),
    "disability": (("disability",), 20),
    "neurodivergent": (("neurodivergent",), 20),
    "culture": (("culture",), 15),
    "hard times": (("hard-times",), 15),
    "single parents, step and blended families": (("single-parent", "blended"), 20),
    "online life": (("online",), 25),
    "rural life and families without a car": (("rural", "no-car"), 15),
    "life changes": (("life-change",), 15),
    "teens": (("teens",), 20),
    "big feelings": (("big-feelings",), 15),
    "adults asking for emotional help": (("adult-support",), 10),
}


@pytest.fixture(scope="module")
def cards():
    return load_cards()


def test_every_shipped_card_states_its_kind_and_needs():
    missing = [
        f"{path.name}: {raw.get('slug')} lacks {key}"
        for path in card_files()
        for raw in tomllib.loads(path.read_text(encoding="utf-8")).get("card", [])
        for key in LIBRARY_REQUIRED
        if key not in raw
    ]
    assert missing == []


def test_every_card_spans_two_bands_or_says_how_it_adapts(cards):
    assert [card.slug for card in cards if adaptation_problem(card)] == []


def test_the_library_is_big_enough_in_every_practice_and_band(cards):
    assert len(cards) >= 650
    cells = coverage(cards)
    thin = {cell: n for cell, n in cells.items() if cell[1] in CHILD_BANDS and n < 55}
    assert thin == {}
    babies = [card for card in cards if bands_of(card)[0] == (0, 1)]
    assert len(babies) >= 40 and {card.practice for card in babies} == set(PRACTICE_SLUGS)


@pytest.mark.parametrize("area", REACH)
def test_the_families_the_first_edition_missed_are_reached(cards, area):
    tags, least = REACH[area]
    reached = [card for card in cards if set(tags) & set(card.tags)]
    if area == "baby":
        reached = [card for card in cards if card.age_min <= 1]
    if area == "big feelings":
        reached = [card for card in reached if card.age_max >= 5]
    assert len(reached) >= least, f"{area}: {len(reached)} cards"


def test_kinds_are_planned_for_in_every_practice_and_band(cards):
    grown_ups = Counter(card.practice for card in cards if card.kind == "grown-ups")
    assert all(grown_ups[practice] >= 15 for practice in PRACTICE_SLUGS), grown_ups
    assert sum(card.kind == "ritual" for card in cards) >= 30
    watch_for = coverage(card for card in cards if card.kind == "watch-for")
    assert {cell: n for cell, n in watch_for.items() if n < 8} == {}


def test_online_cards_use_the_online_setting_or_say_so(cards):
    online = [card for card in cards if card.setting == "online"]
    assert len(online) >= 15


def test_no_card_uses_words_only_one_country_uses(cards):
    """Every card in every file, checked against the one shared list (tests/helpers.py)."""
    found = {
        card.slug: match.group(0)
        for card in cards
        for text in (card.title, card.materials, card.say, card.why, *card.steps)
        + (card.stretch, card.younger, card.older)
        if text and (match := ONE_COUNTRY.search(text))
    }
    assert found == {}


def words(card) -> set[str]:
    text = " ".join((card.title, *card.steps)).lower()
    return {word for word in re.findall(r"[a-z']+", text) if len(word) > 3}


# Above this share of shared words (Jaccard of title + steps, words over three letters) two cards
# read as one idea retold. The helpers' merges took the library's highest pair from 0.45 to below
# 0.40; known pairs at or above it that are different activities are listed here after reading.
SAME_IDEA = 0.4
ALLOWED_PAIRS: set[frozenset[str]] = set()


def test_no_two_cards_share_an_idea_by_measure(cards):
    bags = [(card.slug, words(card)) for card in cards]
    close = [
        (a, b, round(len(wa & wb) / len(wa | wb), 2))
        for (a, wa), (b, wb) in combinations(bags, 2)
        if wa
        and wb
        and len(wa & wb) / len(wa | wb) >= SAME_IDEA
        and frozenset((a, b)) not in ALLOWED_PAIRS
    ]
    assert close == []


def test_the_measure_catches_a_retold_card(cards):
    card = next(card for card in cards if len(card.steps) >= 3)
    retold = words(card) - set(sorted(words(card))[:2])
    assert len(words(card) & retold) / len(words(card) | retold) >= SAME_IDEA


def test_the_readme_shows_the_librarys_own_numbers(cards):
    """README's card counts are generated from the cards (`flask --app app library stats`)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert coverage_table(cards) in readme
