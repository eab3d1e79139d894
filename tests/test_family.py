"""The family page: children and plan settings, with their validation."""

from datetime import date

import pytest

from planner.extensions import db
from planner.models import Child, Household


def add_child(client, name="Mia", month=3, year=2018):
    return client.post(
        "/family/children", data={"name": name, "birth_month": month, "birth_year": year}
    )


def settings(**overrides):
    data = {
        "household_name": "The Parks",
        "week_starts_on": 6,
        "items_per_week": 7,
        "free_days": [5, 6, 2],
        "weekday_minutes": 15,
        "weekend_minutes": 90,
    }
    data.update(overrides)
    return data


def test_family_page_needs_login(client):
    response = client.get("/family")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_add_child_shows_age(client, auth):
    auth.register()
    assert add_child(client, "Mia", 1, 2018).status_code == 302
    page = client.get("/family").text
    expected_age = date.today().year - 2018
    assert "Mia" in page and f"{expected_age} years old" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name or nickname."),
        ({"name": "x" * 41}, "at most 40 characters"),
        ({"birth_year": ""}, "Enter the birth year"),
        ({"birth_year": "abc"}, "Not a valid integer value."),
        ({"birth_year": date.today().year + 1}, "in the future"),
        ({"birth_year": date.today().year - 30}, "up to 17"),
        ({"birth_year": -5}, "Enter a year like 2018."),
        ({"birth_month": 13}, "Choose a month from the list."),
        ({"birth_month": "x"}, "Choose a month from the list."),
        ({"birth_month": ""}, "Choose the birth month."),
    ],
)
def test_child_validation(client, auth, app, data, message):
    auth.register()
    form = {"name": "Mia", "birth_month": 3, "birth_year": 2018, **data}
    response = client.post("/family/children", data=form)
    assert response.status_code == 400
    assert message in response.text
    with app.app_context():
        assert db.session.execute(db.select(Child)).first() is None


def test_birth_month_starts_on_a_month_placeholder_not_january(client, auth):
    auth.register()
    page = client.get("/family").text
    select = page[page.index('<select id="birth_month"') :].split("</select>")[0]
    assert '<option selected value="">Month</option>' in select
    assert 'selected value="1"' not in select
    response = client.post("/family/children", data={"name": "Mia", "birth_year": 2018})
    assert response.status_code == 400 and "Choose the birth month." in response.text


def test_the_family_page_ends_with_a_next_step(client, auth):
    auth.register()
    page = client.get("/family").text
    assert "Next step" in page
    assert page.index("Next step") > page.index("Plan settings")
    assert 'href="#name">Add a child</a>' in page[page.index("Next step") :]
    add_child(client)
    page = client.get("/family").text
    assert 'href="/family/start/plan">Plan this week →</a>' in page[page.index("Next step") :]


def test_save_settings(client, auth, app):
    auth.register()
    response = client.post("/family/settings", data=settings())
    assert response.status_code == 302
    with app.app_context():
        household = db.session.execute(db.select(Household)).scalar_one()
        assert household.name == "The Parks"
        assert household.week_starts_on == 6
        assert household.items_per_week == 7
        assert household.free_day_set == {2, 5, 6}
        assert (household.weekday_minutes, household.weekend_minutes) == (15, 90)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"items_per_week": 2}, "between 3 and 14"),
        ({"items_per_week": 15}, "between 3 and 14"),
        ({"items_per_week": "lots"}, "Not a valid integer value."),
        ({"free_days": []}, "Choose at least one day"),
        ({"free_days": [9]}, "not a valid choice"),
        ({"week_starts_on": 3}, "Not a valid choice"),
        ({"weekday_minutes": 7}, "Not a valid choice"),
        ({"household_name": ""}, "Enter a name for your family."),
    ],
)
def test_settings_validation(client, auth, app, overrides, message):
    auth.register()
    response = client.post("/family/settings", data=settings(**overrides))
    assert response.status_code == 400
    assert message.lower() in response.text.lower()
    with app.app_context():
        assert db.session.execute(db.select(Household.items_per_week)).scalar_one() == 5


def test_edit_child(client, auth, app):
    auth.register()
    add_child(client)
    with app.app_context():
        child_id = db.session.execute(db.select(Child.id)).scalar_one()
    response = client.post(
        f"/family/children/{child_id}/edit",
        data={"name": "Mimi", "birth_month": 4, "birth_year": 2017},
    )
    assert response.status_code == 302
    with app.app_context():
        child = db.session.get(Child, child_id)
        assert (child.name, child.birth_month, child.birth_year) == ("Mimi", 4, 2017)


def test_remove_child_asks_and_keeps_history_when_chosen(client, auth, app):
    auth.register()
    add_child(client)
    with app.app_context():
        child_id = db.session.execute(db.select(Child.id)).scalar_one()
    page = client.get(f"/family/children/{child_id}/remove")
    assert "What should happen to Mia" in page.text
    assert client.post(f"/family/children/{child_id}/remove").status_code == 400
    assert (
        client.post(f"/family/children/{child_id}/remove", data={"history": "keep"}).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(Child, child_id).archived is True
    assert "history kept" in client.get("/family").text
    client.post(f"/family/children/{child_id}/restore")
    with app.app_context():
        assert db.session.get(Child, child_id).archived is False
    client.post(f"/family/children/{child_id}/remove", data={"history": "delete"})
    with app.app_context():
        assert db.session.get(Child, child_id) is None


def test_other_households_children_are_404(app, two_households):
    ana, bo = two_households
    add_child(ana, "Ana's kid")
    with app.app_context():
        child_id = db.session.execute(db.select(Child.id)).scalar_one()
    assert bo.get(f"/family/children/{child_id}/edit").status_code == 404
    assert (
        bo.post(
            f"/family/children/{child_id}/edit",
            data={"name": "X", "birth_month": 1, "birth_year": 2015},
        ).status_code
        == 404
    )
    assert bo.get(f"/family/children/{child_id}/remove").status_code == 404
    assert (
        bo.post(f"/family/children/{child_id}/remove", data={"history": "delete"}).status_code
        == 404
    )
    assert bo.post(f"/family/children/{child_id}/restore").status_code == 404
    assert "Ana&#39;s kid" not in bo.get("/family").text
    with app.app_context():
        assert db.session.get(Child, child_id).name == "Ana's kid"
