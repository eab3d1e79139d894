"""The script's tick answers with the week's tallies as they are after the tick, although they are
read (in the same statement as the rest of what a tick needs) before it is saved."""

import pytest

from planner import items
from planner.extensions import db
from planner.models import PlanItem, Week
from tests.test_query_count import MONDAY, planned_week  # noqa: F401  (a fixture)

JSON = {"Accept": "application/json"}


def fresh_tally(app, item_id):
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        week = db.session.get(Week, item.week_id)
        return items.week_tally(item.household_id, week.id, week.week_start)


@pytest.mark.parametrize("steps", [("1",), ("1", "1"), ("1", "0"), ("0",), ("1", "0", "0", "1")])
def test_the_answer_counts_what_is_saved(app, planned_week, steps):  # noqa: F811
    client, ids = planned_week
    client.post(f"/items/{ids[2]}/done", data={"done": "1"}, headers=JSON)
    for done in steps:
        answer = client.post(f"/items/{ids[0]}/done", data={"done": done}, headers=JSON).json
        expected = fresh_tally(app, ids[0])
        assert answer["item"]["done"] is (done == "1")
        for slug, counts in answer["item"]["counts"].items():
            assert (counts["done"], counts["planned"]) == expected.get(slug, (0, 0))
    assert sum(c["done"] for c in answer["item"]["counts"].values()) == 1 + (steps[-1] == "1")
