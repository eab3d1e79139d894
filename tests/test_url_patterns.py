"""Templates' `url_for` (patterns filled in by formatting) gives exactly Flask's addresses."""

import pytest
from flask import url_for

from planner.url_patterns import fast_url_for

CALLS = [
    ("weeks.set_done", {"item_id": 7}),
    ("weeks.set_done", {"item_id": 123456}),
    ("weeks.show", {"day": "2026-11-30"}),
    ("weeks.ritual_done", {"day": "2026-11-30", "ritual_id": 3}),
    ("library.card", {"slug": "ask-a-neighbour"}),
    ("library.card", {"slug": "a card/with slash"}),
    ("library.card", {"slug": "café-ünïcode"}),
    ("library.index", {}),
    ("library.index", {"kind": "watch-for", "fit": "all", "page": 2}),
    ("library.index", {"fit": "all", "kind": "watch-for", "page": 3}),
    ("library.index", {"q": "rain & shine", "page": 2}),
    ("library.index", {"q": "rain", "practice": None}),
    ("library.index", {"page": True}),
    ("moments.new", {"next": "/weeks/2026-11-30"}),
    ("weeks.show", {"day": "2026-11-30", "_anchor": "item-4"}),
    ("static", {"filename": "css/main.css", "v": "abc123"}),
    ("weeks.this_week", {}),
]


@pytest.mark.parametrize(("endpoint", "values"), CALLS)
def test_the_same_address_as_url_for_first_and_second_time(app, endpoint, values):
    with app.test_request_context("/"):
        expected = url_for(endpoint, **values)
        assert fast_url_for(endpoint, **values) == expected  # builds the pattern
        assert fast_url_for(endpoint, **values) == expected  # fills it in


def test_values_change_inside_the_pattern(app):
    with app.test_request_context("/"):
        for item_id in (1, 22, 333, 2**31 - 1):
            assert fast_url_for("weeks.set_done", item_id=item_id) == url_for(
                "weeks.set_done", item_id=item_id
            )


def test_values_outside_a_database_id_go_to_url_for(app):
    with app.test_request_context("/"):
        fast_url_for("weeks.set_done", item_id=1)
        for item_id in (2**31, 2**40):
            assert fast_url_for("weeks.set_done", item_id=item_id) == url_for(
                "weeks.set_done", item_id=item_id
            )


def test_a_script_root_moves_the_address(app):
    with app.test_request_context("/"):
        plain = fast_url_for("weeks.set_done", item_id=5)
    with app.test_request_context("/", base_url="http://localhost/together/"):
        assert fast_url_for("weeks.set_done", item_id=5) == url_for("weeks.set_done", item_id=5)
        assert fast_url_for("weeks.set_done", item_id=5) == "/together" + plain


def test_templates_use_it(app):
    assert app.jinja_env.globals["url_for"] is fast_url_for
