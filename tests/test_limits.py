"""Per-family size limits: the same caps in the forms and in import, with a clear message."""

import io
import json

import pytest

from planner import limits
from planner.extensions import db
from planner.models import Child, PlanItem, Ritual
from tests.helpers import add_child_row, household_of, make_activities


@pytest.fixture
def small_caps(monkeypatch):
    """Caps of two, so a test can reach them quickly (the real ones are generous)."""
    for name in ("CHILDREN", "RITUALS", "MOMENTS", "OWN_CARDS"):
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


def test_rituals_stop_at_the_cap(app, client, auth, small_caps):
    auth.register()
    with app.app_context():
        add_child_row(household_of("sam@example.com"), "Mia", 2018)
        make_activities(30)
    client.post("/weeks/2026-11-30/plan")
    with app.app_context():
        ids = list(db.session.execute(db.select(PlanItem.id).order_by(PlanItem.id)).scalars())
    for item_id in ids[:3]:
        response = client.post(f"/items/{item_id}/ritual", follow_redirects=True)
    assert "A family can keep at most 2 weekly rituals in Together." in response.text
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Ritual.id))).scalar_one() == 2


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
