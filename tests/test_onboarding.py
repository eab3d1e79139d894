"""Getting started in three steps (issue 17): children, your week's rhythm, then the first plan."""

import html
import re

from planner.extensions import db
from planner.models import Child, Household, PlanItem
from tests.helpers import make_activities


def step_shown(page: str) -> tuple[str, str]:
    """("Step n of 3", the label of the step marked current)."""
    count = re.search(r'<p class="step-count">(Step \d of 3)</p>', page).group(1)
    current = re.search(r'<span aria-current="step">.*?</span> ([^<]+)</span>', page).group(1)
    return count, html.unescape(current)


def test_welcome_leads_to_step_one_with_a_button(client, auth):
    auth.register()
    page = client.get("/welcome").text
    assert re.search(r'<a class="button button-big" href="/family/start">Start', page)
    response = client.get("/family/start")
    assert response.headers["Location"].endswith("/family/start/children")


def test_three_steps_end_on_the_first_planned_week(app, client, auth):
    auth.register()
    with app.app_context():
        make_activities(30, age_min=3, age_max=12)
    page = client.get("/family/start/children").text
    assert step_shown(page) == ("Step 1 of 3", "Your children")
    assert "Next: your week" not in page  # no child yet
    assert "Add at least one child" in page

    response = client.post(
        "/family/start/children", data={"name": "Mia", "birth_month": "4", "birth_year": "2019"}
    )
    assert response.headers["Location"].endswith("/family/start/children")
    page = client.get("/family/start/children").text
    assert "<strong>Mia</strong>" in page
    assert 'href="/family/start/rhythm">Next: your week' in page

    page = client.get("/family/start/rhythm").text
    assert step_shown(page) == ("Step 2 of 3", "Your week's rhythm")
    assert "(done)" in page  # step 1 is shown as done, and links back
    response = client.post(
        "/family/start/rhythm",
        data={
            "free_days": ["2", "5", "6"],
            "weekday_minutes": "30",
            "weekend_minutes": "60",
            "usual_dinner": "18:30",
            "usual_bedtime": "",
        },
    )
    assert response.headers["Location"].endswith("/family/start/plan")
    with app.app_context():
        household = db.session.execute(db.select(Household)).scalar_one()
        assert household.free_day_set == {2, 5, 6}
        assert (household.weekday_minutes, household.weekend_minutes) == (30, 60)
        assert (household.usual_dinner, household.usual_bedtime) == ("18:30", None)

    page = client.get("/family/start/plan").text
    assert step_shown(page) == ("Step 3 of 3", "Plan your first week")
    assert "Wednesday, Saturday, Sunday" in page
    action = re.search(r'<form method="post" action="(/weeks/[0-9-]+/plan)">', page).group(1)
    response = client.post(action)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(action.removesuffix("/plan"))
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PlanItem.id))).scalar_one() > 0
    # Coming back to step 3 now points at the planned week instead of planning again.
    again = client.get("/family/start/plan").text
    assert "See your week" in again and "Plan our first week" not in again


def test_step_two_shows_every_problem_at_once(client, auth):
    auth.register()
    response = client.post(
        "/family/start/rhythm",
        data={"weekday_minutes": "30", "weekend_minutes": "60", "usual_dinner": "teatime"},
    )
    assert response.status_code == 400
    assert "Choose at least one day" in response.text
    assert "Enter a time like 07:30" in response.text


def test_a_bad_child_stays_on_step_one(app, client, auth):
    auth.register()
    response = client.post("/family/start/children", data={"name": "Mia", "birth_year": "2019"})
    assert response.status_code == 400
    assert "Choose the birth month." in response.text
    with app.app_context():
        assert db.session.execute(db.select(Child)).first() is None


def test_the_steps_need_login(client):
    for url in ("/family/start", "/family/start/children", "/family/start/rhythm"):
        assert "/login" in client.get(url).headers["Location"]
