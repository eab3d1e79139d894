"""One family among thousands: does a route cost more when 5,000 other households share the tables?

On PostgreSQL. Seeds the same family (5 years of weekly history) twice: alone in one schema, and
in another among 5,000 more households with about 60 weeks of history each (some 1.5M plan items,
added with COPY); then times each route on both. Prints each route's cost among them as a multiple of its cost alone
(the target is at most 1.1), then EXPLAINs every statement the routes ran and names any sequential
scan over a large table. Last, it drops the foreign-key indexes of migration e5b9c7d1a2f3 for a
moment and times the two routes they serve (stop a ritual, delete a child), to show what they buy.

    .venv/bin/python bench/bench_households.py \
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test_perf] [--households 5000]

It works in two schemas of that database, bench_alone and bench_among (made, then dropped at the
end), and interleaves the requests to both so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, text  # noqa: E402

from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.dates import week_start_for  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.models import (  # noqa: E402
    Activity,
    Child,
    Household,
    PlanItem,
    Week,
    plan_item_participant,
)
from planner.progress import summary  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "benchmark password"
MONDAY = week_start_for(date.today(), 0)
FK_INDEXES = (
    ("plan_item", "ritual_id"),
    ("plan_item_participant", "child_id"),
    ("plan_item_child", "child_id"),
    ("moment_child", "child_id"),
    ("plan_item", "done_by_id"),
    ("moment", "created_by_id"),
)
LARGE = 50_000  # rows: a sequential scan over a table this big is a finding


class Family:
    """The measured family's client and the ids its routes need."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        response = self.client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        assert response.status_code == 302, response.status_code
        with app.app_context():
            self.household_id = db.session.execute(
                text('SELECT household_id FROM "user" WHERE email = :e'), {"e": EMAIL}
            ).scalar_one()
            week = db.session.execute(
                db.select(Week).where(
                    Week.household_id == self.household_id, Week.week_start == MONDAY
                )
            ).scalar_one()
            self.item_ids = [item.id for item in week.items]
        self.ticks = 0

    # ---- the routes ---------------------------------------------------------------------------

    def tick(self):
        self.ticks += 1
        done = "1" if self.ticks % 2 else "0"
        return self.client.post(f"/items/{self.item_ids[0]}/done", data={"done": done})

    def week(self):
        return self.client.get(f"/weeks/{MONDAY.isoformat()}")

    def progress(self):
        return self.client.get("/progress")

    def summarise(self) -> None:
        with self.app.app_context():
            summary.refresh_if_due(db.session.get(Household, self.household_id), MONDAY)
            db.session.commit()

    def notes(self):
        return self.client.get("/progress/notes")

    def export(self):
        return self.client.get("/export/together.json")

    def prepare_ritual(self) -> int:
        """A ritual on one of this week's items, made as the week page makes it."""
        item_id = self.item_ids[1]
        self.client.post(f"/items/{item_id}/ritual")
        with self.app.app_context():
            return db.session.execute(
                db.select(PlanItem.ritual_id).where(PlanItem.id == item_id)
            ).scalar_one()

    def stop_ritual(self, ritual_id: int):
        return self.client.post(f"/rituals/{ritual_id}/stop")

    def prepare_child(self) -> int:
        """A child who took part in 40 of the family's done activities."""
        with self.app.app_context():
            child = Child(
                household_id=self.household_id, name="Dee", birth_year=2018, birth_month=5
            )
            db.session.add(child)
            db.session.flush()
            done = db.session.execute(
                db.select(PlanItem.id)
                .where(PlanItem.household_id == self.household_id, PlanItem.done_at.is_not(None))
                .limit(40)
            ).scalars()
            db.session.execute(
                insert(plan_item_participant),
                [{"plan_item_id": item_id, "child_id": child.id} for item_id in done],
            )
            db.session.commit()
            return child.id

    def delete_child(self, child_id: int):
        return self.client.post(f"/family/children/{child_id}/remove", data={"history": "delete"})


ROUTES = ("tick", "week", "progress", "notes", "stop a ritual", "delete a child", "export")


def run_route(family: Family, route: str):
    """One request of `route`; any set-up it needs happens before, untimed. Returns (ms, status)."""
    if route == "stop a ritual":
        ritual_id = family.prepare_ritual()
        call = lambda: family.stop_ritual(ritual_id)  # noqa: E731
    elif route == "delete a child":
        child_id = family.prepare_child()
        call = lambda: family.delete_child(child_id)  # noqa: E731
    elif route == "progress":
        # The child route's set-up and deletion change settled weeks, which rightly forgets the
        # stored summary; a family's next new week stores it again. Store it here, untimed, so
        # progress is timed as a family meets it (with it), the same alone and among others.
        family.summarise()
        call = family.progress
    else:
        call = getattr(family, route.replace(" ", "_"))
    start = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 302), (route, response.status_code)
    return elapsed


def time_routes(pair: dict[str, Family], rounds: int, routes=ROUTES) -> dict[str, dict]:
    """Median ms per route and database: requests interleaved (alone, among, alone, ...) so a busy
    moment on the machine hits both alike; one warm-up request each first."""
    for family in pair.values():
        for route in routes:
            run_route(family, route)
    samples = {name: {route: [] for route in routes} for name in pair}
    for _ in range(rounds):
        for route in routes:
            for name, family in pair.items():
                samples[name][route].append(run_route(family, route))
    return {
        name: {route: statistics.median(values) for route, values in by_route.items()}
        for name, by_route in samples.items()
    }


def statements_of(family: Family, route: str) -> list[tuple[str, object]]:
    """The statements (with their parameters) one request of `route` sends."""
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if not executemany:
            seen.append((statement, parameters))

    with family.app.app_context():
        engine = db.engine
    if route == "stop a ritual":
        ritual_id = family.prepare_ritual()
        call = lambda: family.stop_ritual(ritual_id)  # noqa: E731
    elif route == "delete a child":
        child_id = family.prepare_child()
        call = lambda: family.delete_child(child_id)  # noqa: E731
    elif route == "progress":
        # The child route's set-up and deletion change settled weeks, which rightly forgets the
        # stored summary; a family's next new week stores it again. Store it here, untimed, so
        # progress is timed as a family meets it (with it), the same alone and among others.
        family.summarise()
        call = family.progress
    else:
        call = getattr(family, route.replace(" ", "_"))
    event.listen(engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return seen


def sequential_scans(family: Family, routes=ROUTES) -> list[str]:
    """EXPLAIN each statement the routes send; name the sequential scans over large tables."""
    findings = []
    with family.app.app_context():
        sizes = dict(
            db.session.execute(
                text("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
            ).all()
        )
    for route in routes:
        for statement, parameters in statements_of(family, route):
            if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH")):
                continue
            with family.app.app_context():
                raw = db.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                    plan = cursor.fetchone()[0]
                    raw.rollback()
                finally:
                    raw.close()
            for relation in scanned(plan[0]["Plan"]):
                if sizes.get(relation, 0) >= LARGE:
                    findings.append(f"{route}: Seq Scan on {relation} in {statement[:90]!r}")
        # A cascade (ON DELETE) runs inside PostgreSQL and is not a statement of ours: check the
        # lookups it makes, by the foreign keys' columns.
    return findings


def scanned(node: dict):
    if node.get("Node Type") == "Seq Scan":
        yield node.get("Relation Name")
    for child in node.get("Plans", []):
        yield from scanned(child)


def cascade_lookups(app) -> list[str]:
    """Deleting a child or a ritual makes PostgreSQL find the rows that point at it; EXPLAIN
    those lookups (the cascade's own plans are not shown by EXPLAIN of the DELETE)."""
    findings = []
    with app.app_context():
        sizes = dict(
            db.session.execute(
                text("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
            ).all()
        )
        for table, column in FK_INDEXES:
            plan = db.session.execute(
                text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE {column} = 12345")
            ).scalar_one()
            for relation in scanned(plan[0]["Plan"]):
                if sizes.get(relation, 0) >= LARGE:
                    findings.append(f"lookup by {table}.{column}: Seq Scan on {relation}")
        db.session.rollback()
    return findings


# ---- seeding the others with COPY ------------------------------------------------------------


def copy_households(app, count: int, weeks: int, items_per_week: int) -> int:
    """Add `count` households with `weeks` weeks of history each; returns plan items added."""
    rng = random.Random(11)
    with app.app_context():
        library = list(
            db.session.execute(
                db.select(Activity.id).where(Activity.household_id.is_(None))
            ).scalars()
        )
        start = {
            table: db.session.execute(
                text(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')
            ).scalar()
            for table in ("household", "user", "child", "week", "plan_item", "ritual", "moment")
        }
        db.session.remove()
        raw = db.engine.raw_connection()
    ids = dict(start)
    created = datetime(2024, 1, 1)
    rows = {
        name: []
        for name in (
            "household",
            "user",
            "child",
            "week",
            "plan_item",
            "participant",
            "ritual",
            "moment",
            "moment_child",
        )
    }
    for _ in range(count):
        household_id = ids["household"]
        ids["household"] += 1
        rows["household"].append(
            (
                household_id,
                f"Family {household_id}",
                created,
                0,
                items_per_week,
                "0,1,2,3,4,5,6",
                20,
                60,
                "UTC",
                0,
                1,
            )
        )
        user_id = ids["user"]
        ids["user"] += 1
        rows["user"].append(
            (
                user_id,
                f"family{household_id}@bench.example",
                "Parent",
                "x",
                household_id,
                "owner",
                created,
            )
        )
        kids = []
        for name in ("Ana", "Bo", "Cy")[: rng.randrange(1, 4)]:
            kids.append(ids["child"])
            rows["child"].append((ids["child"], household_id, name, 2015, 3, False, created))
            ids["child"] += 1
        ritual_activity = rng.choice(library)
        ritual_id = ids["ritual"]
        ids["ritual"] += 1
        rows["ritual"].append((ritual_id, household_id, ritual_activity, 6, created))
        for back in range(weeks, -1, -1):
            week_start = MONDAY - timedelta(weeks=back)
            week_id = ids["week"]
            ids["week"] += 1
            rows["week"].append((week_id, household_id, week_start, created, ""))
            for slot, activity_id in enumerate(rng.sample(library, items_per_week)):
                item_id = ids["plan_item"]
                ids["plan_item"] += 1
                day = week_start + timedelta(days=slot)
                done = back > 0 and rng.random() < 0.7
                rows["plan_item"].append(
                    (
                        item_id,
                        household_id,
                        week_id,
                        activity_id,
                        day,
                        False,
                        ritual_id if slot == 0 and activity_id == ritual_activity else None,
                        created,
                        datetime.combine(day, datetime.min.time()) if done else None,
                        user_id if done else None,
                        rng.choice((1, 2, 3)) if done else None,
                        "",
                    )
                )
                if done:
                    rows["participant"].append((item_id, rng.choice(kids)))
            if back % 2 == 0:
                moment_id = ids["moment"]
                ids["moment"] += 1
                rows["moment"].append(
                    (
                        moment_id,
                        household_id,
                        "teamwork",
                        week_start + timedelta(days=2),
                        "",
                        user_id,
                        created,
                    )
                )
                rows["moment_child"].append((moment_id, kids[0]))
    columns = {
        "household": (
            '"household"',
            "id, name, created_at, week_starts_on, items_per_week, free_days, weekday_minutes, weekend_minutes, timezone, data_version, grown_ups_per_week",
        ),
        "user": (
            '"user"',
            "id, email, display_name, password_hash, household_id, role, created_at",
        ),
        "child": ("child", "id, household_id, name, birth_year, birth_month, archived, created_at"),
        "ritual": ("ritual", "id, household_id, activity_id, weekday, created_at"),
        "week": ("week", "id, household_id, week_start, created_at, reflection"),
        "plan_item": (
            "plan_item",
            "id, household_id, week_id, activity_id, day, locked, ritual_id, created_at, done_at, done_by_id, rating, note",
        ),
        "participant": ("plan_item_participant", "plan_item_id, child_id"),
        "moment": (
            "moment",
            "id, household_id, practice, happened_on, note, created_by_id, created_at",
        ),
        "moment_child": ("moment_child", "moment_id, child_id"),
    }
    try:
        with raw.cursor() as cursor:
            for name, (table, names) in columns.items():
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows[name]:
                        copy.write_row(row)
            for table in ("household", "user", "child", "week", "plan_item", "ritual", "moment"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT max(id) FROM \"{table}\"))"
                )
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give them later
        raw.commit()
    finally:
        raw.close()
    return len(rows["plan_item"])


def make_app(database_url: str, instance: Path, schema: str):
    """An app on `schema` of the database (its tables are dropped and made again)."""
    os.environ["INSTANCE_PATH"] = str(instance / schema)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={schema}"},
            },
            "SECRET_KEY": "bench",
            "PAGE_CACHE": False,  # every request builds its page: the database's share is measured
            "WTF_CSRF_ENABLED": False,
            "SESSION_IDLE_MINUTES": 0,
        }
    )
    with app.app_context():
        db.session.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        db.session.execute(text(f"CREATE SCHEMA {schema}"))
        db.session.commit()
        db.create_all()
        from planner.library.loader import load_cards
        from planner.library.sync import sync_library

        sync_library(load_cards())
        seed_household(EMAIL, PASSWORD, weeks=260)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return app


def print_times(title: str, times: dict[str, dict]) -> None:
    alone, among = times["alone"], times["among"]
    print(f"\n{title}")
    print(f"{'route':<18}{'alone ms':>10}{'among ms':>10}{'ratio':>8}")
    for route in among:
        print(
            f"{route:<18}{alone[route]:>10.2f}{among[route]:>10.2f}"
            f"{among[route] / alone[route]:>8.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test_perf"
        ),
    )
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=60, help="history of each other household")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the two schemas afterwards")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        raise SystemExit(
            "bench_households needs PostgreSQL (--database-url postgresql+psycopg://...)"
        )
    instance = Path(tempfile.mkdtemp(prefix="together-households-"))
    print(
        f"Seeding the same family (5 years) alone and among others on {args.database_url.split('@')[-1]} ..."
    )
    apps = {
        "alone": make_app(args.database_url, instance, "bench_alone"),
        "among": make_app(args.database_url, instance, "bench_among"),
    }
    started = time.perf_counter()
    added = copy_households(apps["among"], args.households, args.weeks, 5)
    print(
        f"Added {args.households} households ({added:,} plan items) with COPY in "
        f"{time.perf_counter() - started:.0f} s"
    )
    pair = {name: Family(app) for name, app in apps.items()}
    times = time_routes(pair, args.rounds)
    print_times(
        f"Cost among {args.households} households vs alone "
        f"(median of {args.rounds} interleaved requests, page cache off)",
        times,
    )
    findings = sequential_scans(pair["among"]) + cascade_lookups(apps["among"])
    print(
        f"\nEXPLAIN of every statement above (tables of {LARGE:,}+ rows): "
        + ("no sequential scan" if not findings else "")
    )
    for finding in findings:
        print("  " + finding)
    # What the foreign-key indexes buy: drop them for a moment and time their routes again.
    with apps["among"].app_context():
        for table, column in FK_INDEXES:
            db.session.execute(text(f"DROP INDEX IF EXISTS ix_{table}_{column}"))
        db.session.commit()
    routes = ("stop a ritual", "delete a child")
    print_times(
        "Without the foreign-key indexes among them (as before migration e5b9c7d1a2f3)",
        time_routes(pair, max(3, args.rounds // 3), routes),
    )
    for name, app in apps.items():
        with app.app_context():
            if name == "among":
                for table, column in FK_INDEXES:
                    db.session.execute(
                        text(f"CREATE INDEX ix_{table}_{column} ON {table} ({column})")
                    )
            if not args.keep:
                db.session.execute(text(f"DROP SCHEMA IF EXISTS bench_{name} CASCADE"))
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
    shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
