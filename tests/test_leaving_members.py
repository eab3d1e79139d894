"""An adult who leaves a household (removed by the owner, or deleting their own account) may have
copied its secret addresses: the calendar feed and the family display link are both renewed, and
the owner is told."""

import re

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from planner.extensions import db
from planner.models import Household, User
from tests.helpers import TEST_PASSWORD, household_of, make_activities
from tests.test_accounts import MEMBER_PASSWORD, join_as_member
from tests.test_calendar import feed_address
from tests.test_display import make_link

FEED = re.compile(r'value="http://localhost(/calendar/[^"]+\.ics)"')
DISPLAY = re.compile(r'value="http://localhost(/display/[^"]+)"')


def shared_addresses(app, owner, member):
    """The owner's family with both addresses on, as the member copied them; (feed, display)."""
    with app.app_context():
        make_activities(3)
    return feed_address(member), make_link(owner)


def user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(User.id).where(User.email == email)).scalar_one()


def still_work(app, *addresses) -> list[int]:
    return [app.test_client().get(address).status_code for address in addresses]


def test_removing_a_member_renews_both_addresses_and_shows_the_owner_the_new_ones(
    app, client, auth
):
    auth.register()
    member = join_as_member(app, client)
    feed, display = shared_addresses(app, client, member)
    assert still_work(app, feed, display) == [200, 200]
    response = client.post(
        f"/family/members/{user_id(app, 'kim@example.com')}/remove", follow_redirects=True
    )
    assert "calendar feed and the family display link have new addresses" in response.text
    new_feed, new_display = FEED.search(response.text)[1], DISPLAY.search(response.text)[1]
    assert still_work(app, feed, display) == [404, 404]
    assert still_work(app, new_feed, new_display) == [200, 200]
    assert "addresses have changed" not in client.get("/family/members").text  # seen already


def test_a_member_deleting_their_account_renews_both_and_the_owner_is_told(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    feed, display = shared_addresses(app, client, member)
    response = member.post(
        "/account/delete", data={"what": "account", "current_password": MEMBER_PASSWORD}
    )
    assert response.status_code == 302
    assert still_work(app, feed, display) == [404, 404]
    with app.app_context():
        household = household_of("sam@example.com")
        assert household.calendar_token is not None  # renewed, not turned off
    for page in ("/family/members", "/family"):
        text_ = client.get(page).text
        assert "Your calendar and display addresses have changed" in text_
    assert "addresses have changed" in client.get("/family/members").text  # a GET keeps it
    client.post("/family/members/addresses-notice")
    assert "addresses have changed" not in client.get("/family/members").text
    assert "addresses have changed" not in client.get("/family").text


def test_an_owner_handing_over_and_leaving_renews_both_and_the_new_owner_is_told(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    feed, display = shared_addresses(app, client, member)
    handed = client.post(
        "/account/delete",
        data={
            "what": "account",
            "successor": user_id(app, "kim@example.com"),
            "current_password": TEST_PASSWORD,
        },
    )
    assert handed.status_code == 302
    assert still_work(app, feed, display) == [404, 404]
    assert "Your calendar and display addresses have changed" in member.get("/family").text


def test_only_the_owner_sees_and_dismisses_the_notice(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    other = join_as_member(app, client, "lee@example.com", "Lee")
    shared_addresses(app, client, member)
    member.post("/account/delete", data={"what": "account", "current_password": MEMBER_PASSWORD})
    assert "addresses have changed" not in other.get("/family/members").text
    assert other.post("/family/members/addresses-notice").status_code == 403
    assert "addresses have changed" in client.get("/family/members").text


def test_a_leaving_adult_with_neither_address_on_changes_nothing(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    member.post("/account/delete", data={"what": "account", "current_password": MEMBER_PASSWORD})
    with app.app_context():
        household = household_of("sam@example.com")
        assert (household.calendar_token, household.addresses_renewed_at) == (None, None)


def test_the_migration_keeps_a_familys_history_both_ways(tmp_path):
    from tests.test_migrations import fresh_app, schema_differences
    from tests.test_perf_schema import add_history_at, drop_everything, kept

    app = fresh_app(tmp_path)
    with app.app_context():
        before = add_history_at("f1a2b3c4d5e6")
        upgrade()
        assert kept() == before
        assert schema_differences() == []
        assert db.session.execute(select(Household.addresses_renewed_at)).scalar_one() is None
        db.session.remove()
        downgrade(revision="f1a2b3c4d5e6")
        assert kept() == before
        with db.engine.connect() as conn:
            columns = conn.execute(text("SELECT * FROM household")).keys()
        assert "addresses_renewed_at" not in columns
        upgrade()
        assert kept() == before
        drop_everything()
