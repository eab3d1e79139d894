"""The week page treats each kind of card its own way (issue 14) and reads plainly (issue 17):
watch-for cards in a list (ticking one logs a moment), the grown-ups' card under "For you", the
week's focus, why each item was picked, moments on their day, carry-over, empty days that say
what they are, and one primary action per item."""

import html
import re
from datetime import date, datetime, time, timedelta

import pytest
from markupsafe import escape

from planner import clock
from planner.extensions import db
from planner.focus import focus_for
from planner.models import Activity, Child, Moment, PlanItem, Week
from tests.helpers import add_child_row, household_of, make_activities

MONDAY = date(2026, 11, 30)
WEDNESDAY = MONDAY + timedelta(days=2)


def at(day: date):
    return clock.frozen(datetime.combine(day, time(12)))


def card(slug, practice, kind="activity", minutes=10, **extra):
    activity = Activity(
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        practice=practice,
        age_min=2,
        age_max=17,
        minutes=minutes,
        setting="home",
        who="whole-family",
        materials="None",
        steps_text="Say what you notice.\nWait for an answer.\nSay thank you.",
        say=f"Say this for {slug}.",
        why="It helps.",
        kind=kind,
        **extra,
    )
    db.session.add(activity)
    return activity


@pytest.fixture
def family(app, client, auth):
    """Two children, 30 short activities, three watch-for cards and two grown-ups cards."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Mia", 2019)
        add_child_row(household, "Leo", 2016)
        make_activities(30)
        for practice in ("ask-for-help", "teamwork", "connection"):
            card(f"watch-{practice}", practice, kind="watch-for")
        card("grown-ask-a-friend", "ask-for-help", kind="grown-ups")
        card("grown-call-a-neighbour", "connection", kind="grown-ups")
        db.session.commit()
    return client


def plan(client, week_start=MONDAY, today=WEDNESDAY):
    with at(today):
        return client.post(f"/weeks/{week_start.isoformat()}/plan")


def show(client, week_start=MONDAY, today=WEDNESDAY) -> str:
    with at(today):
        return client.get(f"/weeks/{week_start.isoformat()}").text


def stored(app, week_start=MONDAY) -> list[tuple[int, str, str, date, bool]]:
    """(id, slug, kind, day, done) of the week's stored items."""
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.week_start == week_start)).scalar_one()
        return [
            (i.id, i.activity.slug, i.activity.kind, i.day, i.done_at is not None)
            for i in week.items
        ]


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert match, heading_id
    return match.group(0)


def days_html(page: str) -> str:
    return page[page.index('<div class="days">') :]


def test_watch_for_and_grown_ups_cards_are_listed_never_on_a_day(family, app):
    plan(family)
    rows = stored(app)
    watch = [slug for _, slug, kind, *_ in rows if kind == "watch-for"]
    grown = [slug for _, slug, kind, *_ in rows if kind == "grown-ups"]
    assert len(watch) == 3 and len(grown) == 1  # at most one grown-ups card a week
    assert len([r for r in rows if r[2] == "activity"]) == 5
    page = show(family)
    watch_list = section(page, "watch-heading")
    assert "This week, watch for…" in watch_list
    for slug in watch:
        assert slug.replace("-", " ").capitalize() in watch_list
    for_you = section(page, "for-you-heading")
    title = grown[0].replace("-", " ").capitalize()
    assert title in for_you and "Whole family" not in for_you
    assert "For you, the grown-ups" in for_you
    days = days_html(page)
    for slug in [*watch, *grown]:
        assert slug.replace("-", " ").capitalize() not in days


def test_ticking_a_watch_for_card_logs_one_moment_and_shows_it_ticked(family, app):
    plan(family)
    item_id = next(i for i, _, kind, *_ in stored(app) if kind == "watch-for")
    with at(WEDNESDAY):
        for _ in range(2):  # a double tap logs one moment
            assert (
                family.post(f"/items/{item_id}/spotted", data={"spotted": "1"}).status_code == 302
            )
    with app.app_context():
        moments = list(db.session.execute(db.select(Moment)).scalars())
        item = db.session.get(PlanItem, item_id)
        assert len(moments) == 1
        assert moments[0].happened_on == WEDNESDAY
        assert moments[0].practice == item.activity.practice
        assert item.done_at is None  # the moment is the record: progress counts it once
    page = show(family)
    watch_list = section(page, "watch-heading")
    assert "Spotted" in watch_list and "Logged as a moment." in watch_list
    wednesday = section(page, f"day-{WEDNESDAY.isoformat()}")
    assert "Moment" in wednesday  # and it shows on its day
    with at(WEDNESDAY):
        family.post(f"/items/{item_id}/spotted", data={"spotted": "0"})
    with app.app_context():
        assert db.session.execute(db.select(Moment)).first() is None
    assert "Spotted it" in section(show(family), "watch-heading")


def test_a_watch_for_card_of_a_week_not_begun_cannot_be_ticked(family, app):
    next_week = MONDAY + timedelta(days=7)
    plan(family, next_week)
    item_id = next(i for i, _, kind, *_ in stored(app, next_week) if kind == "watch-for")
    assert "Tick it once the week has begun." in show(family, next_week)
    with at(WEDNESDAY):
        family.post(f"/items/{item_id}/spotted", data={"spotted": "1"})
    with app.app_context():
        assert db.session.execute(db.select(Moment)).first() is None


def test_the_week_shows_its_focus_and_why_each_item_was_picked(family, app):
    plan(family)
    page = show(family)
    theme = focus_for(MONDAY.toordinal() // 7)
    assert "This week's focus:" in page
    assert str(escape(theme.title)) in page and str(escape(theme.why)) in page
    # Nothing was done before: every planned card is new to the family (or suits the children).
    reasons = re.findall(r'<p class="item-why">.*?</span>(.*?)</p>', page)
    assert reasons and all(r in ("New for you", "Suits Mia and Leo") for r in reasons), reasons


def test_reasons_say_liked_before_for_chosen_children_and_rituals(family, app):
    plan(family)
    day_items = [(i, slug, day) for i, slug, kind, day, _ in stored(app) if kind == "activity"]
    liked_id, for_mia_id, ritual_id = (row[0] for row in day_items[:3])
    with at(WEDNESDAY):
        family.post(f"/items/{liked_id}/done", data={"done": "1", "rating": "3"})
        family.post(f"/items/{ritual_id}/ritual")
    with app.app_context():
        mia = db.session.execute(db.select(Child).where(Child.name == "Mia")).scalar_one()
        mia_id = mia.id
    with at(WEDNESDAY):
        family.post(f"/items/{for_mia_id}/children", data={"children": [str(mia_id)]})
    with app.app_context():
        liked = db.session.get(PlanItem, liked_id)
        liked_slug, liked_month = liked.activity.slug, liked.day.strftime("%B")
        ritual_item = db.session.get(PlanItem, ritual_id)
        ritual_day = ritual_item.day.strftime("%A")
        db.session.commit()
    page = show(family)
    assert "Suits Mia</p>" in page
    assert f"Your {ritual_day} ritual" in page
    # Next week the card that went well is "liked in <its month>" when it comes back.
    next_week = MONDAY + timedelta(days=7)
    with app.app_context():
        week = Week(household_id=household_of("sam@example.com").id, week_start=next_week)
        db.session.add(week)
        db.session.flush()
        activity = db.session.execute(
            db.select(Activity).where(Activity.slug == liked_slug)
        ).scalar_one()
        db.session.add(
            PlanItem(
                household_id=week.household_id,
                week_id=week.id,
                activity_id=activity.id,
                day=next_week + timedelta(days=1),
            )
        )
        db.session.commit()
    assert f"You liked this in {liked_month}" in show(family, next_week)


def test_carry_over_last_weeks_unfinished_in_one_step(family, app):
    plan(family)
    rows = [r for r in stored(app) if r[2] == "activity"]
    with at(WEDNESDAY):
        family.post(f"/items/{rows[0][0]}/done", data={"done": "1"})
    unfinished = {slug for _, slug, *_ in rows[1:]}
    next_week = MONDAY + timedelta(days=7)
    page = show(family, next_week, today=next_week)
    assert f"Carry over {len(unfinished)} unfinished" in page
    with at(next_week):
        for _ in range(2):  # idempotent: the second time adds nothing
            response = family.post(f"/weeks/{next_week.isoformat()}/carry-over")
            assert response.status_code == 302
    carried = stored(app, next_week)
    assert {slug for _, slug, *_ in carried} == unfinished
    assert all(next_week <= day < next_week + timedelta(days=7) for *_, day, _ in carried)
    with app.app_context():
        assert all(db.session.get(PlanItem, row[0]).locked for row in carried)
    page = show(family, next_week, today=next_week)
    assert "Carry over" not in page
    assert "Carried over from last week" in page
    # Planning the week afterwards keeps what was carried.
    plan(family, next_week, today=next_week)
    assert unfinished <= {slug for _, slug, *_ in stored(app, next_week)}


def test_empty_days_say_what_they_are_and_past_weeks_do_not_offer_to_plan(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        household.free_days = "3,4,5,6"  # Thursday to Sunday
        db.session.commit()
    page = show(family)  # nothing planned, today Wednesday
    labels = re.findall(r'<p class="day-empty">(.*?)</p>', page)
    assert labels == ["Past", "Past", "Not free", "Free", "Free", "Free", "Free"]
    assert "Plan this week" in page
    last_week = MONDAY - timedelta(days=7)
    past = show(family, last_week)
    assert "Plan this week" not in past and "Suggest new ideas" not in past
    assert set(re.findall(r'<p class="day-empty">(.*?)</p>', past)) == {"Past"}
    assert "Nothing was planned for this week." in past


def test_moments_show_on_their_day_and_in_the_counts(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        db.session.add(
            Moment(
                household_id=household.id,
                practice="teamwork",
                happened_on=MONDAY + timedelta(days=1),
                note="Cleared the table as a team",
            )
        )
        db.session.commit()
    page = show(family)
    tuesday = section(page, f"day-{(MONDAY + timedelta(days=1)).isoformat()}")
    assert "Cleared the table as a team" in tuesday
    counts = page[page.index("data-counts") : page.index("</ul>", page.index("data-counts"))]
    assert "1 moment" in counts


def test_one_primary_action_per_item_and_plain_words(family, app):
    plan(family)
    page = show(family)
    days = days_html(page)
    items = re.findall(r'<li class="item .*?</li>\s*(?=<li class="item|</ul>)', days, re.S)
    assert len(items) == 5
    for item in items:
        assert len(re.findall(r'class="button"', item)) == 1  # Mark done
        menu = re.search(r'<details class="item-menu">.*?</details>', item, re.S).group(0)
        for words in (
            "Swap for another idea",
            "Keep this when you ask for new ideas",
            "Move to",
            "Remove from the week",
        ):
            assert words in menu
        assert item.count("How did it go?") == 1  # the summary, not repeated as a legend
        assert "Whole family" in item
    assert "Suggest new ideas for the rest" in page
    for jargon in ("Lock", "Re-plan", "🔒", "✓"):
        assert jargon not in page, jargon
    # The hard-going label stays with its radio.
    assert re.search(
        r'<label class="choice"><input type="radio"[^>]*value="1"[^>]*>Hard going</label>', page
    )


def test_a_kept_item_says_so_in_words_and_an_icon(family, app):
    plan(family)
    item_id = next(i for i, _, kind, *_ in stored(app) if kind == "activity")
    with at(WEDNESDAY):
        family.post(f"/items/{item_id}/lock", data={"locked": "1"})
    item = re.search(rf'id="item-{item_id}".*?</li>', show(family), re.S).group(0)
    assert '<span class="kept"><svg' in item and "Kept</span>" in item
    assert "Let it change when you ask for new ideas" in item
    assert "You chose to keep this" in item


def test_a_done_item_offers_no_swap_or_keep(family, app):
    plan(family)
    item_id = next(i for i, _, kind, *_ in stored(app) if kind == "activity")
    with at(WEDNESDAY):
        family.post(f"/items/{item_id}/done", data={"done": "1"})
    item = re.search(rf'id="item-{item_id}".*?</li>', show(family), re.S).group(0)
    assert re.search(r'data-open hidden href="[^"]*/swap"', item)
    assert re.search(r'<button [^>]*formaction="[^"]*/lock"[^>]*data-open hidden>', item)
    assert "Mark not done" in item


def test_a_card_that_went_well_twice_is_offered_as_a_ritual(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        activity = db.session.execute(
            db.select(Activity).where(Activity.slug == "card-4")
        ).scalar_one()
        for weeks_ago in (2, 1, 0):
            start = MONDAY - timedelta(weeks=weeks_ago)
            week = Week(household_id=household.id, week_start=start)
            db.session.add(week)
            db.session.flush()
            db.session.add(
                PlanItem(
                    household_id=household.id,
                    week_id=week.id,
                    activity_id=activity.id,
                    day=start + timedelta(days=1),
                    done_at=datetime.combine(start, time(18)) if weeks_ago else None,
                    rating=3 if weeks_ago else None,
                )
            )
        db.session.commit()
    page = show(family)
    assert "Went well twice: make it a weekly ritual?" in page


def test_a_watch_for_card_added_by_hand_belongs_to_the_week_not_a_day(family, app):
    with at(WEDNESDAY):
        response = family.post(
            f"/weeks/{MONDAY.isoformat()}/add",
            data={"activity": "watch-teamwork", "day": (MONDAY + timedelta(days=3)).isoformat()},
        )
    assert response.status_code == 302
    [(_, slug, kind, day, _)] = stored(app)
    assert (slug, kind, day) == ("watch-teamwork", "watch-for", MONDAY)
    page = show(family)
    assert "Watch teamwork" not in days_html(page)
    assert "Watch teamwork" in section(page, "watch-heading")


def test_the_item_page_of_a_listed_card_has_no_day_to_move_to(family, app):
    plan(family)
    rows = stored(app)
    for item_id, _, kind, *_ in rows:
        if kind not in ("watch-for", "grown-ups"):
            continue
        with at(WEDNESDAY):
            page = family.get(f"/items/{item_id}").text
            swap = family.get(f"/items/{item_id}/swap").text
        assert "Move to" not in page and "Do this every" not in page
        words = "To watch for this week" if kind == "watch-for" else "For you, the grown-ups"
        assert words in page
        assert "Whole family" not in page or kind == "watch-for"
        assert "Other" in swap


def add_to_week(app, week_start: date, slug: str, children_named=(), day=None) -> int:
    """Put the card `slug` on `day` (the week's first day unless given) by hand, the week row
    made if needed; its item id."""
    with app.app_context():
        household_id = household_of("sam@example.com").id
        week = db.session.execute(
            db.select(Week).where(Week.household_id == household_id, Week.week_start == week_start)
        ).scalar_one_or_none()
        if week is None:
            week = Week(household_id=household_id, week_start=week_start)
            db.session.add(week)
            db.session.flush()
        activity = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        children = db.session.execute(db.select(Child).where(Child.name.in_(children_named)))
        item = PlanItem(
            household_id=household_id,
            week_id=week.id,
            activity_id=activity.id,
            day=day or week_start,
            children=list(children.scalars()),
        )
        db.session.add(item)
        db.session.commit()
        return item.id


@pytest.mark.parametrize(
    ("rating", "reason"),
    [("3", "You found this useful in November"), ("", "You tried this before")],
)
def test_a_grown_ups_card_done_before_says_what_the_adult_made_of_it(family, app, rating, reason):
    """The grown-ups' own card is never explained by the children it suits ("Suits Mia and
    Leo"): it says how it went for the adult, or that it is new."""
    first = add_to_week(app, MONDAY, "grown-ask-a-friend")
    with at(WEDNESDAY):
        family.post(f"/items/{first}/done", data={"done": "1", "rating": rating})
    next_week = MONDAY + timedelta(days=7)
    add_to_week(app, next_week, "grown-ask-a-friend")
    add_to_week(app, next_week, "grown-call-a-neighbour")
    for_you = section(show(family, next_week), "for-you-heading")
    reasons = re.findall(r'<p class="item-why">(.*?)</p>', for_you)
    assert sorted(reasons) == sorted([reason, "New for you"]), reasons
    assert "Suits" not in for_you


def test_a_watch_for_card_is_never_explained_by_the_children_it_suits(family, app):
    add_to_week(app, MONDAY, "watch-teamwork", children_named=["Mia"])
    watch_list = section(show(family), "watch-heading")
    reasons = re.findall(r'<p class="item-why">.*?</span>(.*?)</p>', watch_list)
    assert reasons == ["New for you"], reasons


NEXT_WEEK = MONDAY + timedelta(days=7)


def set_time(app, free_days="0,1,2,3,4,5,6", weekday_minutes=20, weekend_minutes=60, **cards):
    """The family's free days and minutes, and extra cards (slug -> card() keywords)."""
    with app.app_context():
        household = household_of("sam@example.com")
        household.free_days = free_days
        household.weekday_minutes, household.weekend_minutes = weekday_minutes, weekend_minutes
        for slug, fields in cards.items():
            card(slug, **fields)
        db.session.commit()


def carry(client, today=NEXT_WEEK) -> str:
    """Carry last week's unfinished into NEXT_WEEK; the page it lands on, flash included."""
    with at(today):
        response = client.post(f"/weeks/{NEXT_WEEK.isoformat()}/carry-over", follow_redirects=True)
    assert response.status_code == 200
    return html.unescape(response.text)


def carried_days(app) -> dict[str, date]:
    return {slug: day for _, slug, _, day, _ in stored(app, NEXT_WEEK)}


def test_a_named_day_card_is_carried_onto_its_day_not_its_old_weekday(family, app):
    set_time(app, **{"sunday-chat": {"practice": "connection", "day": "sunday"}})
    add_to_week(app, MONDAY, "sunday-chat", day=MONDAY + timedelta(days=1))  # moved by hand
    page = carry(family)
    assert carried_days(app) == {"sunday-chat": NEXT_WEEK + timedelta(days=6)}
    assert "Carried over 1 activity from last week" in page


def test_a_named_day_card_whose_day_is_not_free_stays_behind_and_the_page_says_why(family, app):
    set_time(
        app,
        free_days="0,1,2,3,4,5",
        **{
            "sunday-chat": {"practice": "connection", "day": "sunday"},
            "after-school-chat": {"practice": "teamwork", "time_of_day": "after-school"},
        },
    )
    add_to_week(app, MONDAY, "sunday-chat", day=MONDAY + timedelta(days=6))
    add_to_week(app, MONDAY, "after-school-chat", day=MONDAY + timedelta(days=4))
    page = carry(family, today=NEXT_WEEK + timedelta(days=5))  # Saturday: no school day left
    assert carried_days(app) == {}
    assert "“Sunday chat” is for a set day (Sunday), and none is free and still ahead" in page
    assert "“After school chat” is for a set day (After school), and none is free" in page
    assert "Nothing left to carry over" not in page


def test_carried_items_fit_the_minutes_of_their_day_or_stay_behind_and_the_page_says_why(
    family, app
):
    """Each day's items fit the day's minutes (20 on weekdays, 30 at the weekend here): a card
    that fits nowhere is left out, and the parent is told which and why."""
    set_time(
        app,
        weekday_minutes=20,
        weekend_minutes=30,
        **{
            "long-walk": {"practice": "connection", "minutes": 20},
            "quick-chat": {"practice": "teamwork", "minutes": 10},
        },
    )
    add_to_week(app, MONDAY, "long-walk", day=MONDAY)
    add_to_week(app, MONDAY, "quick-chat", day=MONDAY + timedelta(days=1))
    with app.app_context():
        fillers = [filler.slug for filler in make_activities(7, minutes=15, prefix="filler")]
    for index, filler in enumerate(fillers):  # 15 minutes booked on every day of this week
        add_to_week(app, NEXT_WEEK, filler, day=NEXT_WEEK + timedelta(days=index))
    page = carry(family)
    days = carried_days(app)
    assert "long-walk" not in days
    assert days["quick-chat"] in (NEXT_WEEK + timedelta(days=5), NEXT_WEEK + timedelta(days=6))
    assert "Carried over 1 activity from last week" in page
    assert "“Long walk” takes 20 minutes, more than any day it could go on has left" in page


def test_with_no_free_day_left_nothing_is_carried_and_the_page_says_so(family, app):
    set_time(app, free_days="0,1,2,3,4")
    add_to_week(app, MONDAY, "card-1", day=MONDAY)
    page = carry(family, today=NEXT_WEEK + timedelta(days=5))
    assert carried_days(app) == {}
    assert "No free day is left this week, so nothing was carried over." in page


def test_a_card_needing_what_the_family_no_longer_has_stays_behind_and_the_page_says_why(
    family, app
):
    set_time(app, **{"drive-to-the-lake": {"practice": "connection", "needs": "car"}})
    add_to_week(app, MONDAY, "drive-to-the-lake", day=MONDAY)
    with app.app_context():
        household_of("sam@example.com").has_car = False  # they sold it since
        db.session.commit()
    page = carry(family)
    assert carried_days(app) == {}
    assert "“Drive to the lake” needs something your family page says you don't have" in page


def test_a_card_tied_to_a_day_is_placed_before_one_that_could_go_anywhere(family, app):
    set_time(
        app,
        weekday_minutes=10,
        weekend_minutes=30,
        **{
            "weekend-walk": {"practice": "connection", "minutes": 20},
            "sunday-chat": {"practice": "teamwork", "minutes": 20, "day": "sunday"},
        },
    )
    sunday = MONDAY + timedelta(days=6)
    add_to_week(app, MONDAY, "weekend-walk", day=sunday)  # first in last week's order
    add_to_week(app, MONDAY, "sunday-chat", day=sunday)
    carry(family)
    assert carried_days(app) == {
        "sunday-chat": NEXT_WEEK + timedelta(days=6),
        "weekend-walk": NEXT_WEEK + timedelta(days=5),
    }
