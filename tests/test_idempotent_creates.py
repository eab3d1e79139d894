"""Creating a moment, a child, an own card or an invite is safe to submit twice: each form
carries a one-time key, and the second submit of the same form creates nothing."""

import re
from datetime import date

import pytest

from planner.extensions import db
from planner.models import Activity, Child, Invite, Moment
from tests.helpers import OWN_CARD_FORM

TODAY = date.today().isoformat()


def form_key(page: str, action: str) -> str:
    """The one-time key inside the form that posts to `action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', page, re.S)
    form_html = form[0] if form else page
    return re.search(r'name="form_key"[^>]*value="([0-9a-f-]{36})"', form_html)[1]


CREATES = {
    "moment": ("/moments/new", "/moments/new", {"practice": "teamwork", "happened_on": TODAY}, Moment),
    "child": ("/family", "/family/children", {"name": "Mia", "birth_month": 3, "birth_year": 2018}, Child),
    "own card": ("/activities/new", "/activities/new", OWN_CARD_FORM, Activity),
    "invite": ("/family/members", "/family/members/invites", {}, Invite),
}  # fmt: skip


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(("page", "action", "data", "model"), CREATES.values(), ids=CREATES.keys())
def test_a_double_submit_creates_one_and_a_fresh_form_another(
    app, client, auth, page, action, data, model
):
    auth.register()
    key = form_key(client.get(page).text, action)
    first = client.post(action, data={**data, "form_key": key})
    again = client.post(action, data={**data, "form_key": key})
    assert first.status_code == again.status_code == 302
    assert count(app, model) == 1
    assert "already" in client.get(again.headers["Location"]).text
    fresh = form_key(client.get(page).text, action)
    assert fresh != key
    client.post(action, data={**data, "form_key": fresh})
    assert count(app, model) == 2


def test_old_form_keys_are_pruned_now_and_then_and_only_the_households_own(app, two_households):
    """Every tick claims a key: about one claim in 16 (by its random last digit) deletes the
    household's keys older than two days, in the database."""
    from datetime import timedelta

    from planner import clock, once
    from planner.models import FormKey
    from tests.helpers import household_of

    with app.app_context():
        ana, bo = household_of("ana@example.com").id, household_of("bo@example.com").id
        now = clock.now_aware()
        with clock.frozen(now - timedelta(days=3)):
            for household_id in (ana, ana, bo):
                assert once.claim(once.new_key(), household_id)
        with clock.frozen(now - timedelta(days=1)):
            assert once.claim(once.new_key(), ana)
        db.session.commit()

        def keys_of(household_id):
            return db.session.execute(
                db.select(db.func.count()).where(FormKey.household_id == household_id)
            ).scalar_one()

        assert once.claim("00000000-0000-4000-8000-000000000001", ana)  # not a pruning claim
        db.session.commit()
        assert (keys_of(ana), keys_of(bo)) == (4, 1)
        assert once.claim("00000000-0000-4000-8000-000000000010", ana)  # a pruning claim
        db.session.commit()
        assert (keys_of(ana), keys_of(bo)) == (3, 1)  # the two old ones went; Bo's stays
