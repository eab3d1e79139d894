"""Password checks are throttled before any hashing, with growing delays instead of a hard lock."""

import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest

from planner import clock
from planner.auth import passwords
from planner.clock import frozen
from planner.extensions import db
from planner.models import LoginAttempt
from tests.helpers import TEST_PASSWORD, AuthActions

ATTACKER, OWNER_HOME, ELSEWHERE = "203.0.113.9", "198.51.100.7", "192.0.2.44"


@pytest.fixture
def hasher_calls(monkeypatch):
    """Count every call of the password hasher and checker (the expensive part of a login)."""
    calls = []
    real_check, real_hash = passwords.check_password_hash, passwords.generate_password_hash

    def check(*args, **kwargs):
        calls.append("check")
        return real_check(*args, **kwargs)

    def make(*args, **kwargs):
        calls.append("hash")
        return real_hash(*args, **kwargs)

    monkeypatch.setattr(passwords, "check_password_hash", check)
    monkeypatch.setattr(passwords, "generate_password_hash", make)
    return calls


@pytest.fixture
def estimator_calls(monkeypatch):
    """Count every run of zxcvbn, the password estimator (~20 ms of CPU each)."""
    import zxcvbn

    calls, real = [], zxcvbn.zxcvbn

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(zxcvbn, "zxcvbn", counted)
    return calls


def login_from(client, addr, password, email="sam@example.com"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


@pytest.fixture
def owner(app, client, auth):
    auth.register()
    auth.logout()
    return client


def test_a_refused_login_never_calls_the_hasher(app, owner, hasher_calls):
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert login_from(owner, ATTACKER, "wrong guess").status_code == 401
    assert hasher_calls.count("check") == limit
    hasher_calls.clear()
    for _ in range(30):
        response = login_from(owner, ATTACKER, "wrong guess")
        assert response.status_code == 429
        assert int(response.headers["Retry-After"]) > 0
    assert hasher_calls == []


def test_refused_attempts_leave_no_rows_and_do_not_prolong_the_delay(app, owner):
    limit = app.config["LOGIN_MAX_FAILURES"]
    start = clock.now_utc()
    with frozen(start):
        for _ in range(limit):
            login_from(owner, ATTACKER, "wrong guess")
    with app.app_context():
        rows = db.session.execute(db.select(db.func.count(LoginAttempt.id))).scalar_one()
    with frozen(start + timedelta(seconds=20)):
        for _ in range(10):
            assert login_from(owner, ATTACKER, "wrong guess").status_code == 429
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(LoginAttempt.id))).scalar_one() == rows
    # The first delay is 30 s after the last failure, however many refused tries came since.
    with frozen(start + timedelta(seconds=31)):
        assert login_from(owner, ATTACKER, TEST_PASSWORD).status_code == 302


def test_delays_grow_with_each_further_failure(app, owner):
    limit = app.config["LOGIN_MAX_FAILURES"]
    now = clock.now_utc()
    with frozen(now):
        for _ in range(limit):
            login_from(owner, ATTACKER, "wrong guess")
    waits = []
    for _ in range(4):
        wait = 0
        while True:
            with frozen(now + timedelta(seconds=wait)):
                code = login_from(owner, ATTACKER, "wrong guess").status_code
            if code == 401 or wait > 3600:
                break
            wait += 15
        now += timedelta(seconds=wait)
        waits.append(wait)
    assert waits == [30, 60, 120, 240]


def test_the_owner_gets_in_from_an_address_with_no_failures(app, owner):
    """OWASP: failures from anywhere else must not lock the real owner out."""
    limit = app.config["LOGIN_MAX_FAILURES"]
    for index in range(3 * limit):
        login_from(owner, f"203.0.113.{index % 4}", "wrong guess")
    assert login_from(owner, "203.0.113.0", "wrong guess").status_code == 429
    assert login_from(owner, OWNER_HOME, TEST_PASSWORD).status_code == 302


def test_the_per_email_count_slows_addresses_that_failed_too(app, owner):
    """Spreading guesses over addresses: each address that failed once waits once the email is hot."""
    limit = app.config["LOGIN_MAX_FAILURES"]
    for index in range(limit):
        assert login_from(owner, f"203.0.113.{index}", "wrong guess").status_code == 401
    # Address .0 has failed once itself; the email as a whole reached the limit.
    assert login_from(owner, "203.0.113.0", "wrong guess").status_code == 429
    assert login_from(owner, ELSEWHERE, TEST_PASSWORD).status_code == 302


def test_one_address_spraying_many_emails_is_slowed(app, client):
    limit = app.config["LOGIN_MAX_FAILURES"]
    codes = [
        login_from(client, ATTACKER, "wrong guess", email=f"user{n}@example.com").status_code
        for n in range(4 * limit + 3)
    ]
    assert codes[: 4 * limit] == [401] * (4 * limit)
    assert set(codes[4 * limit :]) == {429}


def test_account_password_checks_are_throttled_before_hashing(
    app, client, auth, hasher_calls, estimator_calls
):
    auth.register()
    limit = app.config["LOGIN_MAX_FAILURES"]
    data = {"display_name": "Sam", "email": "sam@example.com", "current_password": "guess"}
    for _ in range(limit):
        assert "isn&#39;t your current password" in client.post("/account", data=data).text
    hasher_calls.clear()
    estimator_calls.clear()
    for _ in range(12):
        assert "Too many wrong passwords" in client.post("/account", data=data).text
        response = client.post(
            "/account/password",
            data={
                "pw-current_password": "guess",
                "pw-new_password": "a brand new passphrase",
                "pw-confirm": "a brand new passphrase",
            },
        )
        assert "Too many wrong passwords" in response.text
        assert response.status_code == 400
    assert hasher_calls == []
    assert estimator_calls == []  # the new password is not even judged


def test_registrations_from_one_address_are_throttled(app, client, hasher_calls, estimator_calls):
    from planner.auth.throttle import REGISTER_LIMIT

    codes = []
    for n in range(REGISTER_LIMIT + 3):
        codes.append(
            AuthActions(app.test_client()).register(f"new{n}@example.com", "New").status_code
        )
    assert codes[:REGISTER_LIMIT] == [302] * REGISTER_LIMIT
    assert set(codes[REGISTER_LIMIT:]) == {429}
    assert hasher_calls.count("hash") == REGISTER_LIMIT
    assert len(estimator_calls) == REGISTER_LIMIT  # a refused sign-up is not judged either


def test_invalid_sign_ups_are_throttled_too(app, estimator_calls):
    """Each one ran the estimator: a flood of them from one address is slowed like real ones."""
    from planner.auth.throttle import REGISTER_LIMIT

    client = app.test_client()
    mismatched = {
        "email": "sam@example.com",
        "display_name": "Sam",
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD + " typo",
    }
    codes = [
        client.post("/register", data=mismatched).status_code for _ in range(REGISTER_LIMIT + 3)
    ]
    assert codes[:REGISTER_LIMIT] == [200] * REGISTER_LIMIT  # the form again, with the reason
    assert set(codes[REGISTER_LIMIT:]) == {429}
    assert len(estimator_calls) == REGISTER_LIMIT


def test_joining_by_invite_is_throttled_like_registering(
    app, client, auth, monkeypatch, estimator_calls
):
    from planner.auth import throttle

    monkeypatch.setattr(throttle, "REGISTER_LIMIT", 2)  # the owner registered once
    auth.register()
    links = []
    for _ in range(2):
        client.post("/family/members/invites")
        page = client.get("/family/members").text
        links.append(page.split("/join/")[1].split('"')[0].split("<")[0])
    first = AuthActions(app.test_client())
    form = {"display_name": "Jo", "password": TEST_PASSWORD, "confirm": TEST_PASSWORD}
    assert (
        first.client.post(f"/join/{links[0]}", data={**form, "email": "jo@example.com"}).status_code
        == 302
    )
    estimator_calls.clear()
    response = app.test_client().post(
        f"/join/{links[1]}", data={**form, "email": "kim@example.com"}
    )
    assert response.status_code == 429
    assert "Too many new accounts" in response.text
    assert estimator_calls == []


def test_password_hashes_per_worker_are_capped(app, monkeypatch):
    """However many threads check passwords at once, no more than the cap hash at the same time."""
    app.config["PASSWORD_HASH_CONCURRENCY"] = 2
    running, peak, lock = [0], [0], threading.Lock()

    def slow_check(*args):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return False

    monkeypatch.setattr(passwords, "check_password_hash", slow_check)

    def check():
        with app.app_context():
            passwords.verify_password("x", "y")

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 2


def test_a_check_that_waits_too_long_for_a_slot_is_a_503(app, client, auth, monkeypatch):
    auth.register()
    auth.logout()
    app.config["PASSWORD_HASH_WAIT_SECONDS"] = 0.05
    semaphore = passwords.slots(app.config["PASSWORD_HASH_CONCURRENCY"])
    taken = [semaphore.acquire() for _ in range(app.config["PASSWORD_HASH_CONCURRENCY"])]
    try:
        response = auth.login()
    finally:
        for _ in taken:
            semaphore.release()
    assert response.status_code == 503
    assert "busy" in response.text
    assert auth.login().status_code == 302


@contextmanager
def every_slot_taken(app):
    """Hold all of this worker's hashing slots, as a flood elsewhere would."""
    app.config["PASSWORD_HASH_WAIT_SECONDS"] = 0.01
    semaphore = passwords.slots(app.config["PASSWORD_HASH_CONCURRENCY"])
    taken = [semaphore.acquire() for _ in range(app.config["PASSWORD_HASH_CONCURRENCY"])]
    try:
        yield
    finally:
        for _ in taken:
            semaphore.release()


def attempt_rows(app, scope: str) -> int:
    with app.app_context():
        return db.session.execute(
            db.select(db.func.count(LoginAttempt.id)).where(LoginAttempt.scope == scope)
        ).scalar_one()


def test_a_busy_answer_is_not_a_failed_login(app, owner):
    """The owner typing the right password during a flood gets 503s, then in: never a 429."""
    tries = app.config["LOGIN_MAX_FAILURES"] + 2
    with every_slot_taken(app):
        codes = [login_from(owner, OWNER_HOME, TEST_PASSWORD).status_code for _ in range(tries)]
    assert codes == [503] * tries
    assert attempt_rows(app, "login") == 0
    assert login_from(owner, OWNER_HOME, TEST_PASSWORD).status_code == 302


def test_a_busy_answer_is_not_a_wrong_current_password(app, client, auth):
    auth.register()
    data = {"display_name": "Sam", "email": "sam@example.com", "current_password": TEST_PASSWORD}
    with every_slot_taken(app):
        for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
            assert client.post("/account", data=data).status_code == 503
    assert attempt_rows(app, "account") == 0
    assert client.post("/account", data=data).status_code == 302


def test_a_password_change_refused_as_busy_after_the_check_leaves_no_failure(
    app, client, auth, monkeypatch
):
    """The current password was checked, then hashing the new one found no slot: not a failure."""
    from planner.auth import views

    auth.register()

    def busy(password):
        raise passwords.HashingBusy()

    monkeypatch.setattr(views, "hash_password", busy)
    change = {
        "pw-current_password": TEST_PASSWORD,
        "pw-new_password": "a brand new passphrase",
        "pw-confirm": "a brand new passphrase",
    }
    assert client.post("/account/password", data=change).status_code == 503
    assert attempt_rows(app, "account") == 0
    monkeypatch.undo()
    assert client.post("/account/password", data=change).status_code == 302


@pytest.mark.parametrize("kind", ["register", "join"])
def test_a_busy_answer_is_not_a_registration(app, client, auth, kind):
    auth.register()
    client.post("/family/members/invites")
    link = client.get("/family/members").text.split("/join/")[1].split('"')[0].split("<")[0]
    before = attempt_rows(app, "register")
    newcomer = AuthActions(app.test_client())
    form = {"display_name": "New", "password": TEST_PASSWORD, "confirm": TEST_PASSWORD}

    def sign_up():
        if kind == "register":
            return newcomer.register("new@example.com", "New")
        return newcomer.client.post(f"/join/{link}", data={**form, "email": "new@example.com"})

    with every_slot_taken(app):
        assert sign_up().status_code == 503
    assert attempt_rows(app, "register") == before
    assert sign_up().status_code == 302  # and for a join, the invite was still open
    assert attempt_rows(app, "register") == before + 1
