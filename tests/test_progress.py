"""The progress pages: charts, ranges, per-practice and per-child counts, favourites, notes."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from planner.dates import week_start_for
from planner.extensions import db
from planner.items import first_open_day, get_or_create_week
from planner.models import Activity, Child, Moment, PlanItem, now_utc
from planner.progress.chart import Series, legend_html, line_chart
from tests.helpers import (
    add_child_row,
    csrf_token_from,
    household_of,
    make_activities,
    register_with_csrf,
)

TODAY = date.today()
MONDAY = week_start_for(TODAY, 0)
WEEK = timedelta(days=7)
SVG = "{http://www.w3.org/2000/svg}"


# --- helpers -------------------------------------------------------------------------------


def activity(slug):
    return db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()


def child(name):
    return db.session.execute(db.select(Child).where(Child.name == name)).scalar_one()


def add_item(household_id, week_start, slug, *, day=0, done=False, rating=None, note="", kids=()):
    """A plan item written straight to the database (inside an app context)."""
    week = get_or_create_week(household_id, week_start)
    item = PlanItem(
        household_id=household_id,
        week=week,
        activity=activity(slug),
        day=week_start + timedelta(days=day),
        done_at=now_utc() if done else None,
        rating=rating,
        note=note,
        participants=[child(name) for name in kids],
    )
    db.session.add(item)
    db.session.commit()
    return item


def add_moment(household_id, practice, day, note="", kids=()):
    moment = Moment(
        household_id=household_id,
        practice=practice,
        happened_on=day,
        note=note,
        children=[child(name) for name in kids],
    )
    db.session.add(moment)
    db.session.commit()
    return moment


def table_row(page: str, week_start: date) -> list[str]:
    """The cell texts of the data-table row for `week_start` (tags stripped)."""
    row = re.search(
        rf'<tr>\s*<th scope="row"><a href="/weeks/{week_start.isoformat()}">.*?</tr>', page, re.S
    )
    assert row, f"no row for {week_start}"
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    visible = [re.sub(r'<span aria-hidden="true">.*?</span>', "", cell) for cell in cells]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in visible]


def row_count(page: str) -> int:
    return len(re.findall(r'<th scope="row">', page))


@pytest.fixture
def family(app, client, auth):
    """A logged-in household: Leo (older) and Mia, and nine library cards (card-0 ... card-8).

    card-0/3/6 are ask-for-help, card-1/4/7 teamwork, card-2/5/8 connection.
    """
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Leo", TODAY.year - 10)
        add_child_row(household, "Mia", TODAY.year - 6)
        make_activities(9)
        client.household_id = household.id
    return client


# --- the chart builder (pure) --------------------------------------------------------------


def sample_chart(values=None, labels=None):
    labels = labels or ["1 Sep", "8 Sep", "15 Sep", "22 Sep"]
    values = values or [[0.5, 1.0, None, 0.25], [1.0, 1.0, 1.0, 1.0], [0, 0.5, 0.5, None]]
    looks = [
        ("#2c5f8a", "", "circle"),
        ("#2f6f3a", "10 5", "square"),
        ("#8a3b62", "2 5", "triangle"),
    ]
    series = [
        Series(key, name, vals, *look)
        for key, name, vals, look in zip(
            ("ask", "team", "connect"),
            ("Ask & <help>", "Teamwork", "Connection"),
            values,
            looks,
            strict=True,
        )
    ]
    return line_chart(
        chart_id="c1",
        title="Completion <by> practice",
        desc="Three lines & a gap.",
        x_labels=labels,
        series=series,
    )


def test_chart_is_well_formed_accessible_svg_without_style_attributes():
    svg = sample_chart()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}title").text == "Completion <by> practice"  # escaped in the markup
    assert root.find(f"{SVG}desc").text == "Three lines & a gap."
    assert all("style" not in element.attrib for element in root.iter())
    assert "<script" not in svg


def test_each_series_has_its_own_dash_pattern_and_marker_shape():
    root = ET.fromstring(sample_chart())
    lines = {
        group.get("class").split()[-1]: group
        for group in root.iter(f"{SVG}g")
        if "chart-series" in (group.get("class") or "")
    }
    assert set(lines) == {"series-ask", "series-team", "series-connect"}
    dashes = {key: group.find(f"{SVG}path").get("stroke-dasharray") for key, group in lines.items()}
    assert dashes == {"series-ask": None, "series-team": "10 5", "series-connect": "2 5"}
    assert lines["series-ask"].findall(f"{SVG}circle")
    assert lines["series-team"].findall(f"{SVG}rect")
    assert lines["series-connect"].findall(f"{SVG}polygon")
    # The key is HTML beside the chart (it wraps on a phone), one sample per series.
    series = [Series("ask", "Ask & <help>", [1.0], "#2c5f8a"), Series("team", "Team", [1.0])]
    legend = ET.fromstring(legend_html(series, "Key"))
    assert legend.get("aria-label") == "Key"
    items = legend.findall("li")
    assert ["".join(item.itertext()).strip() for item in items] == ["Ask & <help>", "Team"]
    assert all(item.find(f"{SVG}svg").get("aria-hidden") == "true" for item in items)


def test_chart_text_is_at_least_12_px_on_a_360_px_phone():
    root = ET.fromstring(sample_chart())
    width = float(root.get("viewBox").split()[2])
    # On a 360 px screen the chart gets at least 300 px after the page's padding.
    assert float(root.get("font-size")) * 300 / width >= 12


def test_a_gap_splits_the_line_and_a_lonely_point_keeps_its_marker():
    root = ET.fromstring(sample_chart(values=[[1.0, None, 0.5, None], [1.0] * 4, [None] * 4]))
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g")}
    ask = groups["chart-series series-ask"]
    assert ask.find(f"{SVG}path") is None  # two single points: nothing to join
    assert len(ask.findall(f"{SVG}circle")) == 2
    tips = [c.find(f"{SVG}title").text for c in ask.findall(f"{SVG}circle")]
    assert tips == ["Ask & <help>, 1 Sep: 100%", "Ask & <help>, 15 Sep: 50%"]
    assert groups["chart-series series-team"].find(f"{SVG}path").get("d").count("M") == 1
    assert not list(groups["chart-series series-connect"])


def test_long_ranges_thin_the_labels_and_drop_the_markers():
    labels = [f"w{index}" for index in range(260)]
    values = [[0.5] * 260, [1.0] * 260, [0.0] * 260]
    root = ET.fromstring(sample_chart(values=values, labels=labels))
    x_labels = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-x-labels"][0]
    texts = [t.text for t in x_labels.findall(f"{SVG}text")]
    assert len(texts) <= 9
    assert texts[-1] == "w259"
    assert not [c for c in root.iter(f"{SVG}circle") if "chart-marker" in c.get("class")][1:]


def test_a_single_week_chart_is_valid():
    root = ET.fromstring(sample_chart(values=[[1.0], [None], [0.0]], labels=["1 Sep"]))
    assert root.find(f"{SVG}desc") is not None


# --- "do again" placement (pure) -----------------------------------------------------------


WEEK_DAYS = [date(2026, 11, 16) + timedelta(days=n) for n in range(7)]  # Monday to Sunday
ALL_DAYS = frozenset(range(7))


@pytest.mark.parametrize(
    ("today", "free", "busy", "expected"),
    [
        (WEEK_DAYS[2], ALL_DAYS, set(), WEEK_DAYS[2]),
        (WEEK_DAYS[2], ALL_DAYS, {WEEK_DAYS[2], WEEK_DAYS[3]}, WEEK_DAYS[4]),
        (WEEK_DAYS[0], frozenset({5, 6}), set(), WEEK_DAYS[5]),
        (WEEK_DAYS[0], frozenset({5, 6}), {WEEK_DAYS[5], WEEK_DAYS[6]}, WEEK_DAYS[5]),
        (WEEK_DAYS[6], frozenset({0}), set(), WEEK_DAYS[6]),
    ],
)
def test_first_open_day(today, free, busy, expected):
    assert first_open_day(WEEK_DAYS, today, free, busy) == expected


# --- the overview page ---------------------------------------------------------------------


def test_progress_needs_login(client):
    for url in ("/progress", "/progress/notes"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/progress/again/1").status_code == 302


def test_empty_household_sees_an_invitation_not_an_error(family):
    page = family.get("/progress")
    assert page.status_code == 200
    assert "Nothing to show yet" in page.text
    assert row_count(page.text) == 1  # this week only: no weeks from before the family began
    assert "0%" in page.text and "ready to start" in page.text


def test_charts_have_title_desc_and_a_data_table(family, app):
    with app.app_context():
        add_item(family.household_id, MONDAY - WEEK, "card-1", done=True)
    page = family.get("/progress").text
    assert page.count('class="chart"') == 2
    assert '<ul class="chart-legend" aria-label="Key to both charts">' in page
    for chart in ("completion-chart", "strength-chart"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in page
        assert f'<title id="{chart}-title">' in page
        assert f'<desc id="{chart}-desc">' in page
    assert "<table" in page and "<caption" in page
    assert 'scope="colgroup"' in page
    # Strict CSP: nothing inline (the layout's own scripts are files, loaded by src).
    assert " style=" not in page and not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_counts_by_practice_status_and_strength(family, app):
    last_week = MONDAY - WEEK
    with app.app_context():
        hid = family.household_id
        add_item(hid, last_week, "card-1", done=True)  # teamwork 1 of 2
        add_item(hid, last_week, "card-4")
        add_item(hid, last_week, "card-2", day=1, done=True)  # connection 1 of 1
        add_item(hid, last_week, "card-0", day=2)  # ask-for-help 0 of 1 ...
        add_moment(hid, "ask-for-help", last_week + timedelta(days=3))  # ... plus a moment
        add_item(hid, MONDAY, "card-7", done=True)  # this week: teamwork 1 of 1
        add_item(hid, MONDAY, "card-5")  # this week: connection 0 of 1
    page = family.get("/progress").text
    # Columns: ask done, ask strength, teamwork done, teamwork strength, connection done, strength.
    # A first week mostly done reads as good (it once showed 15%, 8% and 15%).
    assert table_row(page, last_week) == [
        "0 of 1, 1 moment",
        "100%",
        "1 of 2",
        "50%",
        "1 of 1",
        "100%",
    ]
    # This week can only raise the strength: teamwork rises, connection (0 of 1 so far) holds.
    assert table_row(page, MONDAY) == [
        "nothing planned",
        "100%",
        "1 of 1",
        "75%",
        "0 of 1",
        "100%",
    ]
    assert row_count(page) == 2  # counted from the family's first week
    assert "strength: <strong>strong</strong>" in page
    assert "just beginning" not in page
    assert "1 of 1 planned done" in page
    assert "1 planned, none done yet" not in page
    assert "Not yet this week: 0 of 1 planned done. There's still time." in page


def test_a_done_item_in_an_unplanned_gap_is_not_needed_to_keep_strength(family, app):
    with app.app_context():
        add_item(family.household_id, MONDAY - 30 * WEEK, "card-1", done=True)
    page = family.get("/progress?range=52").text
    assert table_row(page, MONDAY - 30 * WEEK)[3] == "100%"
    assert table_row(page, MONDAY - WEEK)[3] == "100%"  # 29 weeks with no plan: a pause
    assert row_count(page) == 31


@pytest.mark.parametrize(("value", "rows"), [("12", 12), ("26", 26), ("52", 52), ("", 12)])
def test_ranges(family, app, value, rows):
    with app.app_context():
        add_moment(family.household_id, "teamwork", MONDAY - 60 * WEEK)
    page = family.get(f"/progress?range={value}")
    assert page.status_code == 200
    assert row_count(page.text) == rows
    assert "Showing the last 12 weeks" not in page.text


def test_all_history_starts_at_the_first_week(family, app):
    with app.app_context():
        add_moment(family.household_id, "teamwork", MONDAY - 80 * WEEK + timedelta(days=2))
    page = family.get("/progress?range=all").text
    assert 'aria-current="page">All<' in page
    # 81 weeks are summed month by month: one row per month, oldest last, months as labels.
    rows = re.findall(r'<th scope="row"><a href="/weeks/([0-9-]{10})">([^<]*)</a>', page)
    first_week = MONDAY - 80 * WEEK
    assert rows[-1] == (first_week.isoformat(), f"{first_week:%b %Y}")
    assert rows[0][1] == f"{MONDAY:%b %Y}"  # a week belongs to the month it starts in
    assert 18 <= len(rows) <= 20
    assert [label for _, label in rows] == list(dict.fromkeys(label for _, label in rows))
    assert "month by month" in page
    # The moment's month shows it; the chart has one point per month.
    assert table_row(page, first_week)[2] == "1 moment"
    assert page.count("<title>Teamwork, ") <= 20


def test_a_short_all_history_stays_weekly(family, app):
    with app.app_context():
        add_moment(family.household_id, "teamwork", MONDAY - 5 * WEEK)
    page = family.get("/progress?range=all").text
    assert row_count(page) == 6


@pytest.mark.parametrize("value", ["13", "abc", "all'--", "-1", "9" * 40])
def test_bad_range_falls_back_with_a_message(family, app, value):
    with app.app_context():
        add_moment(family.household_id, "teamwork", MONDAY - 20 * WEEK)
    page = family.get("/progress", query_string={"range": value})
    assert page.status_code == 200
    assert row_count(page.text) == 12
    assert "Showing the last 12 weeks" in page.text


def test_sunday_households_get_sunday_weeks(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        household.week_starts_on = 6
        db.session.commit()
        sunday = week_start_for(TODAY, 6)
        add_moment(family.household_id, "connection", sunday - WEEK)  # a Sunday
        add_moment(family.household_id, "connection", sunday - 20 * WEEK)
    page = family.get("/progress").text
    assert table_row(page, sunday - WEEK)[4] == "1 moment"
    rows = re.findall(r'<th scope="row"><a href="/weeks/([0-9-]{10})"', page)
    assert len(rows) == 12
    assert {date.fromisoformat(day).weekday() for day in rows} == {6}


def test_each_child_in_family_order_without_ranking(family, app):
    with app.app_context():
        hid = family.household_id
        for weeks_ago, slug in ((1, "card-1"), (2, "card-4"), (3, "card-7")):
            add_item(hid, MONDAY - weeks_ago * WEEK, slug, done=True, kids=["Mia"])
        add_item(hid, MONDAY - WEEK, "card-2", kids=["Leo"])  # not done: doesn't count
        add_moment(hid, "connection", MONDAY - WEEK, kids=["Mia", "Leo"])
        ada = add_child_row(household_of("sam@example.com"), "Ada", TODAY.year - 12)
        add_moment(hid, "teamwork", MONDAY - WEEK, kids=["Ada"])
        ada.archived = True
        gone = add_child_row(household_of("sam@example.com"), "Zed", TODAY.year - 3)
        gone.archived = True
        db.session.commit()
    page = family.get("/progress").text
    section = page[page.index('id="children-heading"') : page.index('id="favourites-heading"')]
    # Oldest first whatever they did: Ada (12), Leo (10), Mia (6). Zed: archived, no history.
    assert section.index("Ada") < section.index("Leo") < section.index("Mia")
    assert "Zed" not in section
    assert "(history kept)" in section
    mia = section[section.index("<h3>Mia") :]
    assert re.search(r"Teamwork</span>: 3 activities, 0 moments", mia)
    assert re.search(r"Connection</span>: 0 activities, 1 moment\b", mia)
    leo = section[section.index("<h3>Leo") : section.index("<h3>Mia")]
    assert re.search(r"Connection</span>: 0 activities, 1 moment\b", leo)
    for word in ("rank", "leader", "winner", "1st", "top child"):
        assert word not in section.lower()


def test_favourites_are_rated_best_then_done_most(family, app):
    with app.app_context():
        hid = family.household_id
        for weeks_ago in (1, 2):
            add_item(hid, MONDAY - weeks_ago * WEEK, "card-3", done=True, rating=3)
        for weeks_ago in (1, 2, 3):
            add_item(hid, MONDAY - weeks_ago * WEEK, "card-4", done=True, rating=2)
        add_item(hid, MONDAY - WEEK, "card-5", done=True)
        add_item(hid, MONDAY - WEEK, "card-6")  # planned, never done: not a favourite
    page = family.get("/progress").text
    section = page[page.index('id="favourites-heading"') :]
    titles = re.findall(r'class="favourite-title">(?:<a [^>]*>)?Activity number (\d)', section)
    assert titles == ["3", "4", "5"]
    assert "Usually went well (3.0 of 3 from 2 ratings)" in section
    assert "done 3 times" in section
    assert "Not rated yet" in section


def test_do_again_adds_to_this_week_once(family, app):
    with app.app_context():
        card_id = add_item(
            family.household_id, MONDAY - WEEK, "card-3", done=True, rating=3
        ).activity_id
    response = family.post(f"/progress/again/{card_id}")
    assert response.status_code == 302
    assert f"/weeks/{MONDAY.isoformat()}#item-" in response.headers["Location"]
    with app.app_context():
        items = (
            db.session.execute(
                db.select(PlanItem).where(PlanItem.activity_id == card_id).order_by(PlanItem.day)
            )
            .scalars()
            .all()
        )
        assert len(items) == 2
        assert items[-1].week.week_start == MONDAY and items[-1].day >= TODAY
        assert items[-1].done_at is None
        assert items[-1].locked is True  # re-planning the week keeps the family's choice
    again = family.post(f"/progress/again/{card_id}", follow_redirects=True)
    assert "already in this week" in again.text
    with app.app_context():
        count = db.session.execute(
            db.select(db.func.count()).where(PlanItem.activity_id == card_id)
        ).scalar_one()
        assert count == 2


def test_do_again_refuses_an_archived_card(family, app):
    with app.app_context():
        hid = family.household_id
        [card] = make_activities(1, household_id=hid, prefix="own")
        add_item(hid, MONDAY - WEEK, "own-0", done=True)
        card.archived = True
        db.session.commit()
        card_id = card.id
    page = family.post(f"/progress/again/{card_id}", follow_redirects=True).text
    assert "no longer in your activities" in page
    with app.app_context():
        assert (
            db.session.execute(db.select(db.func.count()).select_from(PlanItem)).scalar_one() == 1
        )


def test_do_again_needs_csrf(csrf_app):
    client = csrf_app.test_client()
    register_with_csrf(client)
    with csrf_app.app_context():
        [card] = make_activities(1)
        card_id = card.id
    assert client.post(f"/progress/again/{card_id}").status_code == 400
    with csrf_app.app_context():
        assert db.session.execute(db.select(PlanItem)).first() is None
    token = csrf_token_from(client.get("/progress").text)
    response = client.post(f"/progress/again/{card_id}", data={"csrf_token": token})
    assert response.status_code == 302


# --- reflection notes ----------------------------------------------------------------------


@pytest.fixture
def notes_family(family, app):
    with app.app_context():
        hid = family.household_id
        add_item(
            hid,
            MONDAY - 2 * WEEK,
            "card-1",
            done=True,
            rating=3,
            note="Built a fort together",
            kids=["Mia"],
        )
        add_item(
            hid, MONDAY - WEEK, "card-2", done=True, note="<script>alert(1)</script>", kids=["Leo"]
        )
        add_item(hid, MONDAY - WEEK, "card-0", note="Planned but not done yet")
        add_moment(
            hid,
            "ask-for-help",
            MONDAY - WEEK + timedelta(days=2),
            "Leo asked for help",
            ["Leo", "Mia"],
        )
        add_moment(hid, "teamwork", MONDAY - 3 * WEEK, "")  # no note: not in the timeline
    return family


def test_notes_timeline_newest_first_and_escaped(notes_family):
    page = notes_family.get("/progress/notes")
    assert page.status_code == 200
    text = page.text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Planned but not done yet" not in text
    assert (
        text.index("Leo asked for help") < text.index("&lt;script&gt;") < text.index("Built a fort")
    )
    assert "with Leo, Mia" in text
    assert "went well" in text


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("practice=teamwork", ["Built a fort"], ["Leo asked", "&lt;script"]),
        ("practice=ask-for-help", ["Leo asked"], ["Built a fort", "&lt;script"]),
        ("child=MIA", ["Built a fort", "Leo asked"], ["&lt;script"]),
        ("child=LEO", ["Leo asked", "&lt;script"], ["Built a fort"]),
        ("child=LEO&practice=connection", ["&lt;script"], ["Leo asked", "Built a fort"]),
    ],
)
def test_notes_filters(notes_family, app, query, shown, hidden):
    with app.app_context():
        query = query.replace("MIA", str(child("Mia").id)).replace("LEO", str(child("Leo").id))
    text = notes_family.get(f"/progress/notes?{query}").text
    main = text[text.index("<ol") :] if "<ol" in text else ""
    for note in shown:
        assert note in main
    for note in hidden:
        assert note not in main


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("practice=competition", "didn&#39;t recognise that practice"),
        ("child=abc", "didn&#39;t recognise that child"),
        ("child=999999", "didn&#39;t recognise that child"),
        ("page=abc", None),
        ("page=0", None),
    ],
)
def test_bad_note_filters_are_ignored_with_a_message(notes_family, query, message):
    page = notes_family.get(f"/progress/notes?{query}")
    assert page.status_code == 200
    assert "Built a fort" in page.text and "Leo asked" in page.text
    if message:
        assert message in page.text


def test_notes_paginate(family, app):
    with app.app_context():
        for index in range(35):
            add_moment(
                family.household_id,
                "teamwork",
                TODAY - timedelta(days=index),
                f"note number {index:02d}",
            )
    first = family.get("/progress/notes?practice=teamwork").text
    assert "note number 00" in first and "note number 29" in first and "note number 30" not in first
    assert "Older notes" in first
    second = family.get("/progress/notes?practice=teamwork&page=2").text
    assert "note number 30" in second and "note number 34" in second
    assert "Older notes" not in second and "Newer notes" in second
    assert "practice=teamwork" in second[second.index("Newer notes") - 200 :]


# --- isolation -----------------------------------------------------------------------------


def test_another_household_sees_none_of_it(app, two_households):
    ana, bo = two_households
    with app.app_context():
        ana_id = household_of("ana@example.com").id
        add_child_row(household_of("ana@example.com"), "Kid", 2016)
        make_activities(3)
        [own] = make_activities(1, household_id=ana_id, prefix="ana-own")
        own.title = "Ana's secret card"
        db.session.commit()
        add_item(
            ana_id,
            MONDAY - WEEK,
            "ana-own-0",
            done=True,
            rating=3,
            note="Ana's private note",
            kids=["Kid"],
        )
        add_moment(ana_id, "teamwork", MONDAY - WEEK, "Ana's private moment", ["Kid"])
        own_id, kid_id = own.id, child("Kid").id
    for url in (
        "/progress",
        "/progress?range=all",
        "/progress/notes",
        f"/progress/notes?child={kid_id}",
    ):
        text = bo.get(url).text
        for secret in ("Ana&#39;s", "Kid"):
            assert secret not in text, url
    bo_page = bo.get("/progress").text
    assert "Nothing to show yet" in bo_page and row_count(bo_page) == 1
    assert bo.post(f"/progress/again/{own_id}").status_code == 404
    assert bo.post("/progress/again/999999").status_code == 404
    with app.app_context():
        assert (
            db.session.execute(db.select(db.func.count()).select_from(PlanItem)).scalar_one() == 1
        )
    assert "Ana&#39;s private note" in ana.get("/progress/notes").text
