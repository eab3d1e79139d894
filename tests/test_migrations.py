"""The Alembic migrations build exactly the schema the models describe, and run both ways."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner import create_app
from planner.extensions import db
from tests.helpers import APPS_TO_CLOSE


def fresh_app(tmp_path):
    os.environ["INSTANCE_PATH"] = str(tmp_path / "instance")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url})
    APPS_TO_CLOSE.append(app)  # closed after the test
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    return app


def schema_differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_matches_models(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade()
        assert schema_differences() == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "household", "activity", "plan_item", "week"} <= tables


def test_downgrade_and_upgrade_round_trip(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert schema_differences() == []
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_families_saved_before_time_zones_get_the_default_zone(tmp_path):
    app = fresh_app(tmp_path)
    app.config["DEFAULT_TIMEZONE"] = "America/Winnipeg"
    with app.app_context():
        upgrade(revision="abd4dc47a279")  # the schema before households had a time zone
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO household (name, created_at, week_starts_on, items_per_week, free_days,"
                    " weekday_minutes, weekend_minutes)"
                    " VALUES ('Old family', '2026-01-01 00:00:00', 0, 5, '0,6', 20, 60)"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT name, timezone FROM household")).one()
        assert (row.name, row.timezone) == ("Old family", "America/Winnipeg")
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_card_kinds_migration_keeps_history_and_marks_the_adults_cards(tmp_path):
    """A database from before the second edition keeps its cards; adults' cards get their kind."""
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision="abd4dc47a279")
        with db.engine.begin() as conn:
            for slug, for_adults in (("ask-a-friend", True), ("sock-hunt", False)):
                conn.execute(
                    text(
                        "INSERT INTO activity (slug, title, practice, age_min, age_max, minutes,"
                        " setting, who, materials, steps_text, say, why, stretch, for_adults,"
                        " retired, archived, created_at, updated_at) VALUES (:slug, 'A title',"
                        " 'ask-for-help', 2, 5, 10, 'home', 'whole-family', 'None', 'One\nTwo',"
                        " 'Say', 'Why', '', :adults, false, false, '2025-01-01', '2025-01-01')"
                    ),
                    {"slug": slug, "adults": for_adults},
                )
        upgrade()
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT slug, kind FROM activity")).all())
            needs = set(conn.execute(text("SELECT needs FROM activity")).scalars())
        assert rows == {"ask-a-friend": "grown-ups", "sock-hunt": "activity"}
        assert needs == {""}
        assert schema_differences() == []


def test_family_profile_migration_keeps_households_and_starts_every_answer_unknown(tmp_path):
    """A family from before the profile keeps its settings; nothing new filters its cards."""
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision="b7e1c2d3f4a5")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO household (name, created_at, week_starts_on, items_per_week,"
                    " free_days, weekday_minutes, weekend_minutes, data_version)"
                    " VALUES ('The Parks', '2025-01-01', 6, 7, '5,6', 15, 90, 3)"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT name, items_per_week, free_days, adults_at_home, has_car, has_pet,"
                    " outing_money, school_days, usual_bedtime, grown_ups_per_week FROM household"
                )
            ).one()
            swaps = conn.execute(text("SELECT count(*) FROM card_swap")).scalar()
        assert tuple(row) == ("The Parks", 7, "5,6", None, None, None, None, None, None, 1)
        assert swaps == 0
        assert schema_differences() == []


def test_the_reminders_zone_moves_to_the_household_before_its_column_goes(tmp_path):
    """One zone per family: a zone kept only in the reminder settings is not lost."""
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision="c4f1a2b3d5e6")
        with db.engine.begin() as conn:
            for name, zone in (("The Parks", "UTC"), ("The Okafors", "Europe/Paris")):
                conn.execute(
                    text(
                        "INSERT INTO household (name, created_at, week_starts_on, items_per_week,"
                        " free_days, weekday_minutes, weekend_minutes, data_version, timezone,"
                        " grown_ups_per_week) VALUES (:name, '2025-01-01', 0, 7, '5,6', 15, 90, 1,"
                        " :zone, 1)"
                    ),
                    {"name": name, "zone": zone},
                )
            conn.execute(
                text(
                    "INSERT INTO reminder_family (family_id, timezone, breakfast, after_school,"
                    " dinner, bedtime, calendar_alarms) SELECT id, 'America/Winnipeg', '07:30:00',"
                    " '15:30:00', '18:00:00', '19:30:00', true FROM household"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            zones = dict(conn.execute(text("SELECT name, timezone FROM household")).all())
            dinners = conn.execute(text("SELECT count(*) FROM reminder_family")).scalar()
        assert zones == {"The Parks": "America/Winnipeg", "The Okafors": "Europe/Paris"}
        assert dinners == 2
        assert "timezone" not in {
            c["name"] for c in inspect(db.engine).get_columns("reminder_family")
        }
        assert schema_differences() == []
        downgrade(revision="c4f1a2b3d5e6")
        with db.engine.connect() as conn:
            kept = dict(
                conn.execute(
                    text(
                        "SELECT h.name, r.timezone FROM reminder_family r"
                        " JOIN household h ON h.id = r.family_id"
                    )
                ).all()
            )
        assert kept == {"The Parks": "America/Winnipeg", "The Okafors": "Europe/Paris"}
