"""The shared page cache, on both stores (files in the instance folder, and Redis).

Two apps on one database and one store stand in for two gunicorn workers; each test empties the
worker memory front before the "other worker" asks, so a hit there really came from the store.
Redis must be running on 127.0.0.1:6379 (`.ci/run` starts it): without it these tests fail.
"""

import os
import threading
import uuid
from datetime import date

import pytest
import redis

from planner import create_app, pagecache
from planner import pagecache_store as store
from planner.dates import week_start_for
from planner.extensions import db
from tests.helpers import (
    APPS_TO_CLOSE,
    AuthActions,
    add_child_row,
    close_when_collected,
    household_of,
    make_activities,
    make_app,
)
from tests.test_query_count import counting

MONDAY = week_start_for(date.today(), 0).isoformat()
REDIS_URL = "redis://127.0.0.1:6379/0"
SHARED_SETTINGS = (
    "TESTING",
    "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI",
    "WTF_CSRF_ENABLED",
    "PASSWORD_HASH_METHOD",
    "SESSION_IDLE_MINUTES",
    "CACHE_URL",
    "PAGE_CACHE_PREFIX",
    "PAGE_CACHE_MAX_PAGE_BYTES",
)


@pytest.fixture(params=["files", "redis"])
def backend(request):
    """The store's CACHE_URL; a prefix of its own keeps this test's Redis keys apart."""
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()  # fails without Redis
        return {"CACHE_URL": REDIS_URL, "PAGE_CACHE_PREFIX": f"test-{uuid.uuid4().hex}:"}
    return {"CACHE_URL": "", "PAGE_CACHE_PREFIX": "together:page:"}


@pytest.fixture
def workers(tmp_path, backend):
    """Two apps sharing the database, the instance folder and the page store."""
    first = make_app(tmp_path, **backend)
    second = create_app(
        {name: first.config[name] for name in SHARED_SETTINGS if name in first.config}
    )
    APPS_TO_CLOSE.append(second)
    close_when_collected(second)
    return first, second


def logged_in(app, email="sam@example.com"):
    client = app.test_client()
    AuthActions(client).login(email)
    return client


@pytest.fixture
def family(workers):
    """Sam registered on worker one, with a planned week; a client on each worker."""
    one, two = workers
    client_one = one.test_client()
    AuthActions(client_one).register()
    with one.app_context():
        make_activities(12)
        add_child_row(household_of("sam@example.com"), "Mia", 2016)
    client_one.post(f"/weeks/{MONDAY}/plan")
    client_one.get(f"/weeks/{MONDAY}")  # shows the "planned" message: not kept
    # The same session on the other worker (a browser's requests land on either one).
    client_two = two.test_client()
    client_two.set_cookie("together_session", client_one.get_cookie("together_session").value)
    return client_one, client_two


def stored(app, key: str) -> bool:
    with app.test_request_context():
        return store.shared().get(key) is not None


def test_a_page_built_on_one_worker_is_served_by_the_other(workers, family):
    one, two = workers
    client_one, client_two = family
    built = client_one.get(f"/weeks/{MONDAY}")
    assert built.status_code == 200 and stored(one, built.headers["ETag"].strip('"'))
    store.memory.clear()  # the other worker has nothing in memory
    with counting(two) as statements:
        served = client_two.get(f"/weeks/{MONDAY}")
    assert served.data == built.data and served.headers["ETag"] == built.headers["ETag"]
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 2, selects  # the viewer (and the library stamp), no page data
    assert all("plan_item" not in s for s in selects)


def test_after_a_write_the_page_is_built_once_however_many_workers_ask(
    workers, family, monkeypatch
):
    one, two = workers
    client_one, client_two = family
    client_one.get(f"/weeks/{MONDAY}")
    with one.app_context():
        item_id = db.session.execute(db.text("SELECT min(id) FROM plan_item")).scalar_one()
    client_one.post(
        f"/items/{item_id}/done", data={"done": "1"}, headers={"Accept": "application/json"}
    )
    store.memory.clear()
    builds = []
    real_build = pagecache.build

    def counted_build(*args):
        builds.append(1)
        return real_build(*args)

    monkeypatch.setattr(pagecache, "build", counted_build)
    pages = []
    cookie = client_one.get_cookie("together_session").value

    def view(app):
        client = app.test_client()
        client.set_cookie("together_session", cookie)
        pages.append(client.get(f"/weeks/{MONDAY}"))

    for app in (one, two):  # a busy test machine may take seconds to build; don't give up waiting
        app.config["PAGE_CACHE_WAIT_SECONDS"] = 60
    threads = [threading.Thread(target=view, args=(app,)) for app in (one, two) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [page.status_code for page in pages] == [200] * 6
    assert len({page.data for page in pages}) == 1
    assert len(builds) == 1


def test_superseded_versions_are_evicted(workers, family):
    one, _two = workers
    client_one, _ = family
    old = client_one.get(f"/weeks/{MONDAY}").headers["ETag"].strip('"')
    assert stored(one, old)
    client_one.post("/family/children", data={"name": "Ivy", "birth_month": 2, "birth_year": 2016})
    client_one.get("/family")  # takes the flash
    new = client_one.get(f"/weeks/{MONDAY}").headers["ETag"].strip('"')
    assert new != old and stored(one, new)
    assert not stored(one, old)


def test_unknown_query_parameters_make_no_new_keys(workers, family):
    client_one, _ = family
    etag = client_one.get("/progress?range=52").headers["ETag"]
    assert client_one.get("/progress?range=52&utm_source=mail&x=1").headers["ETag"] == etag
    assert client_one.get("/progress?range=all").headers["ETag"] != etag
    week = client_one.get(f"/weeks/{MONDAY}").headers["ETag"]
    assert client_one.get(f"/weeks/{MONDAY}?anything=1").headers["ETag"] == week


def test_library_filters_do_make_keys(workers, backend):
    one, _ = workers
    with one.app_context():
        make_activities(6)
    client = one.test_client()
    everything = client.get("/activities")
    teamwork = client.get("/activities?practice=teamwork")
    assert everything.headers["ETag"] != teamwork.headers["ETag"]
    assert teamwork.text.count("Activity number") < everything.text.count("Activity number")


def test_very_large_pages_are_not_kept(tmp_path, backend):
    app = make_app(tmp_path, PAGE_CACHE_MAX_PAGE_BYTES=200, **backend)
    client = app.test_client()
    AuthActions(client).register()
    client.get(f"/weeks/{MONDAY}")
    key = client.get(f"/weeks/{MONDAY}").headers["ETag"].strip('"')
    assert not stored(app, key)
    assert store.memory.get(key) is None


def test_a_store_that_is_down_only_means_a_miss(tmp_path):
    app = make_app(tmp_path, CACHE_URL="redis://127.0.0.1:1/0", PAGE_CACHE_WAIT_SECONDS=0.1)
    client = app.test_client()
    AuthActions(client).register()
    with app.app_context():
        make_activities(9)
        add_child_row(household_of("sam@example.com"), "Kid", 2016)
    assert client.get(f"/weeks/{MONDAY}").status_code == 200
    assert "Suggest new ideas for the rest" not in client.get(f"/weeks/{MONDAY}").text
    client.post(f"/weeks/{MONDAY}/plan")
    client.get(f"/weeks/{MONDAY}")  # the flash
    page = client.get(f"/weeks/{MONDAY}")
    assert page.status_code == 200 and "Suggest new ideas for the rest" in page.text


def test_the_memory_front_is_bounded_by_bytes():
    front = store.MemoryFront()
    for index in range(10):
        front.put(f"page-{index}", (b"x" * 100, "text/html"), limit=350)
    assert front.size <= 350
    assert front.get("page-9") is not None and front.get("page-0") is None
    front.put("huge", (b"x" * 1000, "text/html"), limit=350)
    assert front.get("huge") is None


def test_the_file_store_is_bounded_by_bytes(tmp_path):
    app = make_app(tmp_path, PAGE_CACHE_BYTES=1024 * 1024, PAGE_CACHE_MAX_PAGE_BYTES=16 * 1024)
    with app.test_request_context():
        files = store.shared()
    assert files._threshold == 64  # pages of at most 16 KB: 64 of them fill 1 MB


def test_a_build_claim_in_the_file_store_is_won_by_exactly_one(tmp_path):
    """cachelib's FileSystemCache.add checks, then writes: racing workers could all win. Claims
    are files linked into place, so of many at once exactly one wins; a dead builder's expires."""
    claims = store.FileClaims(str(tmp_path / "claims"))
    start = threading.Barrier(16)
    won = []

    def race():
        start.wait()
        won.append(claims.add("build:page", 1, timeout=30))

    racers = [threading.Thread(target=race) for _ in range(16)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert won.count(True) == 1 and claims.has("build:page")
    claims.delete("build:page")
    assert not claims.has("build:page") and claims.add("build:page", 1, timeout=30)
    os.utime(claims.path("build:page"), (0, 0))  # its builder died long ago
    assert not claims.has("build:page") and claims.add("build:page", 1, timeout=30)
