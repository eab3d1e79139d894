"""Per-family size limits: the same caps in the forms and in import, with a clear message."""

import io
import json
from datetime import date, timedelta

import pytest

from planner import limits
from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Activity, Child, Moment, PlanItem, Ritual
from tests.helpers import OWN_CARD_FORM, add_child_row, household_of, make_activities


@pytest.fixture
def small_caps(monkeypatch):
    """Caps of two, so a test can reach them quickly (the real ones are generous)."""
    for name in ("CHILDREN", "RITUALS", "MOMENTS", "OWN_CARDS", "NOTES"):
        monkeypatch.setattr(limits, name, limits.Limit(getattr(limits, name).what, 2))


def test_the_child_form_stops_at_the_cap(app, client, auth, small_caps):
    auth.register()
    for name in ("Ada", "Bo", "Cy"):
        response = client.post(
            "/family/children", data={"name": name, "birth_month": 1, "birth_year": 2018}
        )
    assert response.status_code == 400
    assert "A family can keep at most 2 children in Together." in response.text
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Child.id))).scalar_one() == 2


def planned_item_ids(app, client) -> list[int]:
    """A child, a library, and next week planned (a whole week ahead, whatever today is): the
    planned items' ids."""
    with app.app_context():
        add_child_row(household_of("sam@example.com"), "Mia", 2018)
        make_activities(30)
    next_week = week_start_for(date.today(), 0) + timedelta(days=7)
    client.post(f"/weeks/{next_week.isoformat()}/plan")
    with app.app_context():
        return list(db.session.execute(db.select(PlanItem.id).order_by(PlanItem.id)).scalars())


def test_rituals_stop_at_the_cap(app, client, auth, small_caps):
    auth.register()
    ids = planned_item_ids(app, client)
    for item_id in ids[:3]:
        response = client.post(f"/items/{item_id}/ritual", follow_redirects=True)
    assert "A family can keep at most 2 weekly rituals in Together." in response.text
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Ritual.id))).scalar_one() == 2


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count()).select_from(model).where(*where)
        ).scalar_one()


def test_the_moment_form_stops_at_the_cap(app, client, auth, small_caps):
    auth.register()
    for note in ("one", "two", "three"):
        response = client.post(
            "/moments/new",
            data={"practice": "teamwork", "happened_on": "2026-11-30", "note": note},
        )
    assert response.status_code == 400
    assert "A family can keep at most 2 moments in Together." in response.text
    assert count(app, Moment) == 2


def test_the_own_card_form_stops_at_the_cap(app, client, auth, small_caps):
    auth.register()
    for title in ("Ask Nana about her garden", "Ask Grandpa about his boat", "Ask Ivy about bees"):
        response = client.post("/activities/new", data={**OWN_CARD_FORM, "title": title})
    assert response.status_code == 400
    assert "A family can keep at most 2 own cards in Together." in response.text
    assert count(app, Activity, Activity.household_id.is_not(None)) == 2


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_notes_on_activities_stop_at_the_cap(app, client, auth, small_caps, accept):
    """The third note is refused (its tick with it) in the form and in the script's JSON."""
    auth.register()
    ids = planned_item_ids(app, client)
    assert len(ids) >= 4
    for item_id in ids[:3]:
        response = client.post(
            f"/items/{item_id}/done",
            data={"done": "1", "note": f"Note on {item_id}"},
            headers={"Accept": accept},
            follow_redirects=True,
        )
    message = "A family can keep at most 2 notes on activities in Together."
    if accept == "application/json":
        assert response.status_code == 400
        assert response.get_json()["errors"]["note"] == [message]
    else:
        assert message in response.text
    assert count(app, PlanItem, PlanItem.note != "") == 2
    # Ticking without a note still works at the cap.
    assert client.post(f"/items/{ids[3]}/done", data={"done": "1"}).status_code == 302
    assert count(app, PlanItem, PlanItem.done_at.is_not(None)) == 3


def test_import_applies_the_same_cap_and_names_the_section(app, client, auth, small_caps):
    auth.register()
    document = {
        "format": "together-export",
        "version": 1,
        "household": {
            "name": "Big family",
            "week_starts_on": 0,
            "items_per_week": 5,
            "free_days": [0, 6],
            "weekday_minutes": 20,
            "weekend_minutes": 60,
        },
        "children": [
            {"key": f"k{n}", "name": f"Kid {n}", "birth_year": 2016, "birth_month": 1, "archived": False}
            for n in range(3)
        ],
        "custom_cards": [],
        "rituals": [],
        "weeks": [],
        "moments": [],
    }  # fmt: skip
    response = client.post(
        "/import",
        data={"file": (io.BytesIO(json.dumps(document).encode()), "export.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "children: has 3 children. A family can keep at most 2 children in Together." in (
        response.text
    )
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Child.id))).scalar_one() == 0
