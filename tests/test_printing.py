"""The print view's content, scoping and errors (the one-page PDF checks are in e2e/)."""

from datetime import date

from planner.extensions import db
from planner.models import PlanItem
from tests.helpers import add_child_row, household_of, make_activities


def planned(app, client, auth):
    auth.register(household="The Amani family")
    with app.app_context():
        make_activities(12)
        add_child_row(household_of("sam@example.com"), "Zuri", date.today().year - 7)
    client.post(f"/weeks/{date.today().isoformat()}/plan")


def test_print_page_has_the_week_legend_and_essay(app, client, auth):
    planned(app, client, auth)
    response = client.get(f"/weeks/{date.today().isoformat()}/print", follow_redirects=True)
    assert response.status_code == 200
    page = response.text
    assert "The Amani family" in page
    with app.app_context():
        titles = [i.activity.title for i in db.session.execute(db.select(PlanItem)).scalars()]
    assert all(title in page for title in titles)
    assert "Let&#39;s do number" in page  # the say-this lines
    assert "tick when done" in page and "Model asking for help" in page
    assert "People Need People" in page and "https://www.anewhopetc.org/" in page
    assert "<svg" in page and 'class="qr"' in page
    assert "style=" not in page  # the strict CSP allows no inline styles
    assert "How did our week go?" in page


def test_print_paper_choice_and_cards(app, client, auth):
    planned(app, client, auth)
    day = date.today().isoformat()
    page = client.get(f"/weeks/{day}/print?paper=letter", follow_redirects=True).text
    assert "page-letter.css" in page
    page = client.get(f"/weeks/{day}/print?paper=tabloid", follow_redirects=True).text
    assert "page-letter.css" not in page and "page-a4.css" not in page
    cards = client.get(f"/weeks/{day}/cards", follow_redirects=True)
    assert cards.status_code == 200 and cards.text.count('class="print-card"') == 5


def test_empty_week_prints_a_friendly_page(client, auth):
    auth.register()
    page = client.get("/weeks/2026-11-23/print").text
    assert "Nothing is planned for this week yet" in page


def test_print_needs_login_good_dates_and_is_scoped(app, two_households, client):
    ana, bo = two_households
    with app.app_context():
        make_activities(6)
        add_child_row(household_of("ana@example.com"), "Kid", 2016)
    ana.post("/weeks/2026-11-23/plan")
    assert "Activity number" in ana.get("/weeks/2026-11-23/print").text
    assert "Activity number" not in bo.get("/weeks/2026-11-23/print").text
    assert "Activity number" not in bo.get("/weeks/2026-11-23/cards").text
    assert client.get("/weeks/2026-11-23/print").status_code == 302
    assert ana.get("/weeks/2026-13-45/print").status_code == 404
    assert (
        ana.get("/weeks/2026-11-25/print").headers["Location"].endswith("/weeks/2026-11-23/print")
    )
