"""The planner that knows the family: kinds of card, needs, minutes per day, named days, what the
family did and how it went. Properties over random families and libraries (no Flask, no database);
each restates the rule from the outside so a planner that breaks it fails here.
"""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from planner import focus
from planner.planning import (
    ACTIVITY,
    DONE,
    GROWN_UPS,
    HARD_GOING,
    LIKED_BEFORE,
    NAMED_DAYS,
    NEW,
    PRACTICES,
    RITUAL,
    SUITS,
    SWAPPED,
    WATCH_FOR,
    WENT_WELL,
    Activity,
    Child,
    Family,
    Outcome,
    Settings,
    Slot,
    day_minutes,
    plan_week,
    suits,
)

many = settings(max_examples=150, deadline=None)
EVERY_DAY = frozenset(range(7))
MINUTES = (5, 10, 15, 20, 30, 45, 60, 90, 120)
NEEDS = (
    "siblings",
    "second-adult",
    "other-adult",
    "other-household",
    "two-homes",
    "car",
    "garden",
    "pet",
    "money",
    "trip",
    "guests",
)
DAYS = (*NAMED_DAYS, "school-day")
KINDS = (ACTIVITY, ACTIVITY, ACTIVITY, RITUAL, WATCH_FOR, GROWN_UPS)
maybe_bool = st.sampled_from((None, True, False))


@st.composite
def libraries(draw, min_size=0, max_size=60):
    """Cards of every kind, with random needs, named days and times."""
    cards = []
    for index in range(draw(st.integers(min_size, max_size))):
        low = draw(st.integers(0, 17))
        cards.append(
            Activity(
                slug=f"card-{index}",
                practice=draw(st.sampled_from(PRACTICES)),
                age_min=low,
                age_max=draw(st.integers(low, 17)),
                minutes=draw(st.sampled_from(MINUTES)),
                kind=draw(st.sampled_from(KINDS)),
                needs=frozenset(draw(st.lists(st.sampled_from(NEEDS), max_size=2))),
                day=draw(st.sampled_from(("",) * 4 + DAYS)),
                time=draw(st.sampled_from(("", "", "morning", "after-school", "bedtime"))),
            )
        )
    return cards


families = st.builds(
    Family,
    adults=st.sampled_from((None, "one", "two", "more")),
    two_homes=maybe_bool,
    other_adults=maybe_bool,
    car=maybe_bool,
    garden=maybe_bool,
    pet=maybe_bool,
    money=st.sampled_from((None, "free", "a-little")),
    school_days=st.one_of(st.none(), st.frozensets(st.integers(0, 6))),
    grown_ups_per_week=st.integers(0, 3),
)
children_lists = st.lists(st.integers(0, 17), min_size=1, max_size=4).map(
    lambda ages: [Child(key=i + 1, age=age) for i, age in enumerate(ages)]
)
settings_strategy = st.builds(
    Settings,
    items_per_week=st.integers(0, 12),
    free_days=st.frozensets(st.integers(0, 6), min_size=1),
    weekday_minutes=st.sampled_from((0, 10, 20, 30, 60)),
    weekend_minutes=st.sampled_from((0, 30, 60, 120, 240)),
)
feedbacks = st.lists(
    st.builds(
        Outcome,
        slug=st.sampled_from([f"card-{i}" for i in range(60)]),
        weeks_ago=st.integers(1, 20),
        result=st.sampled_from((DONE, WENT_WELL, HARD_GOING, SWAPPED)),
        month=st.integers(1, 12),
    ),
    max_size=30,
)


@st.composite
def weeks(draw):
    cards = draw(libraries())
    return {
        "candidates": cards,
        "children": draw(children_lists),
        "settings": draw(settings_strategy),
        "history": {o.slug: o.weeks_ago for o in draw(feedbacks) if o.result != SWAPPED},
        "keep": (),
        "seed": draw(st.integers()),
        "week_number": draw(st.integers(0, 200)),
        "family": draw(families),
        "feedback": draw(feedbacks),
    }


def by_slug(week):
    return {card.slug: card for card in week["candidates"]}


def needs_met(card, family, ages):
    """The rule restated: every need known to be missing rules the card out."""
    lacking = {
        "second-adult": family.adults == "one",
        "other-adult": family.other_adults is False,
        "two-homes": family.two_homes is False,
        "car": family.car is False,
        "garden": family.garden is False,
        "pet": family.pet is False,
        "money": family.money == "free",
        "siblings": sum(card.age_min <= age <= card.age_max for age in ages) < 2,
    }
    return not any(lacking.get(need, False) for need in card.needs)


@many
@given(weeks())
def test_no_card_is_planned_whose_needs_the_family_lacks(week):
    plan = plan_week(**week)
    cards, family = by_slug(week), week["family"]
    ages = [child.age for child in week["children"]]
    for picked in (*plan.items, *plan.watch_for, *plan.for_you):
        assert needs_met(cards[picked.slug], family, ages), picked


@many
@given(weeks())
def test_the_sum_of_a_days_items_fits_that_days_minutes(week):
    plan = plan_week(**week)
    cards = by_slug(week)
    used = Counter()
    for slot in plan.items:
        assert slot.day in week["settings"].free_days
        used[slot.day] += cards[slot.slug].minutes
    for day, minutes in used.items():
        assert minutes <= day_minutes(week["settings"], day), (day, minutes)


@many
@given(weeks())
def test_named_day_cards_go_on_their_day_or_not_at_all(week):
    plan = plan_week(**week)
    cards, family = by_slug(week), week["family"]
    school = family.school_days if family.school_days is not None else frozenset(range(5))
    for slot in plan.items:
        card = cards[slot.slug]
        if card.day == "school-day" or card.time == "after-school":
            assert slot.day in school
        if card.day in NAMED_DAYS:
            assert slot.day in NAMED_DAYS[card.day]


@many
@given(weeks())
def test_each_kind_goes_to_its_own_place(week):
    plan = plan_week(**week)
    cards = by_slug(week)
    assert {cards[s.slug].kind for s in plan.items} <= {ACTIVITY, RITUAL}
    assert {cards[p.slug].kind for p in plan.watch_for} <= {WATCH_FOR}
    assert {cards[p.slug].kind for p in plan.for_you} <= {GROWN_UPS}
    assert len(plan.for_you) <= max(0, week["family"].grown_ups_per_week)
    ages = [child.age for child in week["children"]]
    for picked in (*plan.items, *plan.watch_for):
        assert any(suits(cards[picked.slug], age) for age in ages)
    slugs = [p.slug for p in (*plan.items, *plan.watch_for, *plan.for_you)]
    assert len(slugs) == len(set(slugs))


@many
@given(weeks())
def test_hard_going_and_swapped_cards_rest_eight_weeks(week):
    plan = plan_week(**week)
    resting = {
        o.slug for o in week["feedback"] if o.result in (HARD_GOING, SWAPPED) and o.weeks_ago < 8
    }
    picked = {p.slug for p in (*plan.items, *plan.watch_for, *plan.for_you)}
    assert not picked & resting


@many
@given(weeks())
def test_a_week_with_a_card_for_every_child_has_a_whole_family_item(week):
    plan = plan_week(**week)
    if not plan.items:
        return
    assert any(slot.children == () for slot in plan.items) or not any_whole_family_card_fits(week)


def any_whole_family_card_fits(week):
    """Restated: a day card everyone's age suits, with its needs met, not resting, not planned in
    the last four weeks, on a free day with enough minutes (for an empty week). The planner may
    have filled the day before."""
    cards = week["candidates"]
    ages = [child.age for child in week["children"]]
    waiting = {
        o.slug for o in week["feedback"] if o.result in (HARD_GOING, SWAPPED) and o.weeks_ago < 8
    }
    waiting |= {slug for slug, weeks_ago in week["history"].items() if weeks_ago <= 4}
    return any(
        card.kind in (ACTIVITY, RITUAL)
        and all(suits(card, age) for age in ages)
        and needs_met(card, week["family"], ages)
        and card.slug not in waiting
        and not card.day
        and not card.time
        and card.minutes
        <= min(day_minutes(week["settings"], d) for d in week["settings"].free_days)
        for card in cards
    )


@many
@given(weeks())
def test_same_inputs_and_seed_give_the_same_plan(week):
    first = plan_week(**week)
    again = plan_week(**{**week, "candidates": list(reversed(week["candidates"]))})
    assert first == again
    assert [s.reason for s in first.items] == [s.reason for s in again.items]


# Examples that read like the issue.


def card(slug, practice="connection", low=2, high=17, minutes=10, **fields):
    return Activity(slug, practice, low, high, minutes, **fields)


def library(count=12, **fields):
    return [card(f"{p}-{i}", p, **fields) for p in PRACTICES for i in range(count)]


def test_an_only_child_never_gets_a_siblings_card():
    cards = library(4) + [card("help-your-brother", needs=frozenset({"siblings"}))]
    for seed in range(30):
        plan = plan_week(cards, [Child(1, 7)], Settings(9, EVERY_DAY, 60, 60), {}, (), seed, seed)
        assert "help-your-brother" not in {s.slug for s in plan.items}
    two = [Child(1, 7), Child(2, 9)]
    seen = {
        slot.slug
        for seed in range(30)
        for slot in plan_week(cards, two, Settings(9, EVERY_DAY, 60, 60), {}, (), seed, 0).items
    }
    assert "help-your-brother" in seen


def test_unknown_never_filters_and_a_known_lack_always_does():
    cards = [card(f"walk-the-dog-{i}", needs=frozenset({"pet"})) for i in range(3)]
    one = [Child(1, 6)]
    unknown = plan_week(cards, one, Settings(3, EVERY_DAY, 60, 60), {}, (), 1, 0, Family())
    assert len(unknown.items) == 3
    has_pet = plan_week(cards, one, Settings(3, EVERY_DAY, 60, 60), {}, (), 1, 0, Family(pet=True))
    assert len(has_pet.items) == 3
    no_pet = plan_week(cards, one, Settings(3, EVERY_DAY, 60, 60), {}, (), 1, 0, Family(pet=False))
    assert no_pet.items == ()


def test_watch_for_cards_are_a_list_never_a_day_and_grown_ups_cards_one_a_week():
    cards = (
        library(3)
        + [card(f"watch-{p}", p, kind=WATCH_FOR) for p in PRACTICES]
        + [card(f"for-you-{i}", kind=GROWN_UPS, low=0, high=0) for i in range(4)]
    )
    plan = plan_week(cards, [Child(1, 8)], Settings(5, EVERY_DAY, 60, 60), {}, (), 3, 0)
    assert {p.slug for p in plan.watch_for} == {f"watch-{p}" for p in PRACTICES}
    assert len(plan.for_you) == 1 and plan.for_you[0].children == ()
    assert not any(s.slug.startswith(("watch-", "for-you-")) for s in plan.items)
    asked = plan_week(
        cards,
        [Child(1, 8)],
        Settings(5, EVERY_DAY, 60, 60),
        {},
        (),
        3,
        0,
        Family(grown_ups_per_week=2),
    )
    assert len(asked.for_you) == 2


def test_kept_watch_for_and_grown_ups_items_do_not_count_as_the_weeks_items():
    cards = library(3) + [card("watch-it", kind=WATCH_FOR), card("for-you", kind=GROWN_UPS)]
    keep = [Slot("watch-it", 0), Slot("for-you", 0)]
    plan = plan_week(cards, [Child(1, 8)], Settings(4, EVERY_DAY, 60, 60), {}, keep, 3, 0)
    assert len(plan.items) == 4
    assert plan.for_you == () and plan.watch_for == ()


def test_a_days_items_share_its_minutes():
    cards = [card(f"long-{i}", minutes=30) for i in range(10)]
    plan = plan_week(cards, [Child(1, 8)], Settings(10, frozenset({0, 5}), 60, 60), {}, (), 1, 0)
    assert Counter(slot.day for slot in plan.items) == {0: 2, 5: 2}


def test_a_trip_goes_on_a_day_with_enough_time_or_not_at_all():
    trip = card("day-at-the-beach", minutes=240, needs=frozenset({"trip"}))
    plan = plan_week([trip], [Child(1, 8)], Settings(1, EVERY_DAY, 30, 240), {}, (), 1, 0)
    assert plan.items and plan.items[0].day in (5, 6)
    none = plan_week([trip], [Child(1, 8)], Settings(1, EVERY_DAY, 30, 120), {}, (), 1, 0)
    assert none.items == ()


def test_long_new_cards_leave_room_for_the_items_asked_for():
    """Weekends only, two hours a day, five items: the new two-hour outings rank first, but two
    of them would fill both days. One comes; the rest are shorter cards done before, and the
    practices stay even."""
    trips = [card(f"{p}-trip-{i}", p, minutes=120) for p in PRACTICES for i in range(2)]
    short = [card(f"{p}-short-{i}", p, minutes=30) for p in PRACTICES for i in range(3)]
    history = {c.slug: 10 for c in short}
    done = [Outcome(slug, weeks, DONE) for slug, weeks in history.items()]
    weekends = Settings(5, frozenset({5, 6}), 0, 120)
    for seed in range(20):
        plan = plan_week(
            trips + short, [Child(1, 8)], weekends, history, (), seed, seed, None, done
        )
        slugs = [s.slug for s in plan.items]
        assert len(slugs) == 5 and sum("-trip-" in slug for slug in slugs) == 1, slugs
        per_practice = Counter(slug.rsplit("-", 2)[0] for slug in slugs)
        assert max(per_practice.values()) - min(per_practice[p] for p in PRACTICES) <= 1


def test_named_day_cards_land_on_their_day():
    sunday = card("sunday-check-in", day="sunday")
    drop_off = card("school-drop-off-chat", day="school-day")
    for seed in range(20):
        plan = plan_week(
            [sunday, drop_off], [Child(1, 8)], Settings(2, EVERY_DAY, 30, 60), {}, (), seed, 0
        )
        assert {(s.slug, s.day) for s in plan.items if s.slug == "sunday-check-in"} == {
            ("sunday-check-in", 6)
        }
        assert [s.day for s in plan.items if s.slug == "school-drop-off-chat"][0] < 5
    saturday_only = plan_week(
        [sunday], [Child(1, 8)], Settings(1, frozenset({5}), 30, 60), {}, (), 1, 0
    )
    assert saturday_only.items == ()


def test_went_well_comes_back_after_a_rest_first_and_says_so():
    cards = library(10)
    liked = "teamwork-3"
    feedback = [Outcome(liked, 5, WENT_WELL, month=10)]
    plan = plan_week(
        cards, [Child(1, 8)], Settings(3, EVERY_DAY, 60, 60), {liked: 5}, (), 1, 0, None, feedback
    )
    (slot,) = [s for s in plan.items if s.slug == liked]
    assert slot.reason.code == LIKED_BEFORE and slot.reason.args == {"month": 10}
    too_soon = plan_week(
        cards,
        [Child(1, 8)],
        Settings(3, EVERY_DAY, 60, 60),
        {liked: 2},
        (),
        1,
        0,
        None,
        [Outcome(liked, 2, WENT_WELL, 10)],
    )
    assert liked not in {s.slug for s in too_soon.items}


def test_hard_going_prefers_a_different_idea_of_that_practice():
    cards = [
        card("build-a-blanket-den", "teamwork"),
        card("build-a-blanket-den-outdoors", "teamwork"),
        card("cook-soup", "teamwork"),
    ]
    feedback = [Outcome("build-a-blanket-den", 2, HARD_GOING)]
    for seed in range(20):
        plan = plan_week(
            cards, [Child(1, 8)], Settings(1, EVERY_DAY, 60, 60), {}, (), seed, 1, None, feedback
        )
        assert [s.slug for s in plan.items] == ["cook-soup"]


def test_planned_but_not_done_is_still_new():
    cards = [card("teamwork-skipped", "teamwork"), card("teamwork-done", "teamwork")]
    history = {"teamwork-skipped": 6, "teamwork-done": 6}
    feedback = [Outcome("teamwork-done", 6, DONE)]
    plan = plan_week(
        cards, [Child(1, 8)], Settings(2, EVERY_DAY, 60, 60), history, (), 1, 0, None, feedback
    )
    reasons = {s.slug: s.reason.code for s in plan.items}
    assert reasons["teamwork-skipped"] == NEW
    assert reasons["teamwork-done"] == SUITS


def test_planned_but_not_done_ranks_with_the_never_planned_above_the_done():
    """Skipping a card is not trying it: it competes with the never-planned cards as an equal,
    and both come before a card the family did (planned as long ago)."""
    cards = [card(f"teamwork-{name}", "teamwork") for name in ("skipped", "done", "fresh")]
    history = {"teamwork-skipped": 6, "teamwork-done": 6}
    feedback = [Outcome("teamwork-done", 6, DONE)]
    one = Settings(1, EVERY_DAY, 60, 60)
    first = Counter()
    for seed in range(40):
        plan = plan_week(cards, [Child(1, 8)], one, history, (), seed, 0, None, feedback)
        first[plan.items[0].slug] += 1
    assert first["teamwork-done"] == 0
    assert first["teamwork-skipped"] and first["teamwork-fresh"], first


def test_two_good_runs_offer_the_card_as_a_ritual_unless_it_is_one():
    cards = library(4)
    feedback = [Outcome("connection-1", 1, WENT_WELL, 3), Outcome("connection-1", 6, WENT_WELL, 2)]
    plan = plan_week(
        cards, [Child(1, 8)], Settings(3, EVERY_DAY, 60, 60), {}, (), 1, 0, None, feedback
    )
    assert [p.slug for p in plan.ritual_offers] == ["connection-1"]
    assert plan.ritual_offers[0].reason.code == "ritual"
    already = plan_week(
        cards,
        [Child(1, 8)],
        Settings(3, EVERY_DAY, 60, 60),
        {},
        (),
        1,
        0,
        None,
        feedback,
        rituals={"connection-1"},
    )
    assert already.ritual_offers == ()


def test_mixed_ages_keep_a_whole_family_item_even_when_new_cards_suit_only_some():
    children = [Child(1, 4), Child(2, 11), Child(3, 15)]
    for_some = [card(f"some-{p}-{i}", p, low=10, high=17) for p in PRACTICES for i in range(6)]
    for_all = [card("everyone-picnic", "connection", low=2, high=17)]
    for seed in range(30):
        plan = plan_week(
            for_some + for_all,
            children,
            Settings(5, EVERY_DAY, 60, 60),
            {"everyone-picnic": 6},
            (),
            seed,
            seed,
            None,
            [Outcome("everyone-picnic", 6, DONE)],
        )
        whole = [s for s in plan.items if s.children == ()]
        assert [s.slug for s in whole] == ["everyone-picnic"]
        assert whole[0].reason.code == SUITS and whole[0].reason.args == {"children": (1, 2, 3)}


def test_the_whole_family_card_waits_four_weeks_like_any_other():
    """The one card that suits 4, 11 and 15 does not come back as the week's whole-family item
    within four weeks of being planned (the family can make it a ritual to have it every week);
    the week after that it does."""
    children = [Child(1, 4), Child(2, 11), Child(3, 15)]
    for_some = [card(f"some-{p}-{i}", p, low=10, high=17) for p in PRACTICES for i in range(6)]
    cards = [*for_some, card("everyone-picnic", "connection", low=2, high=17)]
    week = Settings(5, EVERY_DAY, 60, 60)
    for seed in range(10):
        for weeks_ago in range(1, 6):
            plan = plan_week(cards, children, week, {"everyone-picnic": weeks_ago}, (), seed, seed)
            slugs = {s.slug for s in plan.items}
            assert ("everyone-picnic" in slugs) == (weeks_ago > 4), (seed, weeks_ago)


def test_the_focus_rotates_over_a_season_and_its_cards_come_first():
    seen = {focus.focus_for(week).code for week in range(13)}
    assert seen == {theme.code for theme in focus.THEMES}
    theme = focus.focus_for(1)
    on_theme = card(f"{theme.practice}-{theme.keywords[0]}-xyz", theme.practice)
    others = [card(f"{theme.practice}-plain-{i}", theme.practice) for i in range(10)]
    for seed in range(10):
        plan = plan_week(
            [*others, on_theme], [Child(1, 8)], Settings(1, EVERY_DAY, 60, 60), {}, (), seed, 1
        )
        assert plan.focus == theme.code
        assert [s.slug for s in plan.items] == [on_theme.slug]


def test_every_theme_has_a_practice_a_one_line_why_and_words_to_match():
    for theme in focus.THEMES:
        assert theme.practice in PRACTICES
        assert theme.why.endswith(".") and "\n" not in theme.why and len(theme.why) < 120
        assert theme.keywords
