"""Every foreign key has an index that starts with it, in the schema the migrations build.

Without one, deleting a child or stopping a ritual scans every family's rows for references
(PostgreSQL does not index the referencing side of a foreign key by itself).
"""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner.extensions import db
from tests.test_migrations import fresh_app, schema_differences


def unindexed_foreign_keys(engine) -> list[str]:
    """ "table(columns) -> table" for each foreign key no index, primary key or unique key starts with."""
    inspector = inspect(engine)
    missing = []
    for table in inspector.get_table_names():
        leading = [index["column_names"] for index in inspector.get_indexes(table)]
        leading += [unique["column_names"] for unique in inspector.get_unique_constraints(table)]
        leading.append(inspector.get_pk_constraint(table)["constrained_columns"])
        for key in inspector.get_foreign_keys(table):
            columns = key["constrained_columns"]
            if not any(list(cols[: len(columns)]) == columns for cols in leading):
                missing.append(f"{table}({', '.join(columns)}) -> {key['referred_table']}")
    return sorted(missing)


def drop_everything():
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_every_foreign_key_has_a_leading_index(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade()
        assert unindexed_foreign_keys(db.engine) == []
        drop_everything()


def test_the_check_finds_a_foreign_key_without_an_index(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision="c4f1a2b3d5e6")  # before the indexes
        missing = unindexed_foreign_keys(db.engine)
        assert "plan_item(ritual_id) -> ritual" in missing
        assert "plan_item_participant(child_id) -> child" in missing
        assert "invite(created_by_id) -> user" in missing
        drop_everything()


HISTORY = [
    "INSERT INTO household (id, name, created_at, week_starts_on, items_per_week, free_days,"
    " weekday_minutes, weekend_minutes, data_version) VALUES (1, 'The Parks', '2025-01-01', 0, 5,"
    " '5,6', 20, 60, 4)",
    'INSERT INTO "user" (id, email, display_name, password_hash, household_id, role, created_at)'
    " VALUES (1, 'p@example.com', 'Pat', 'x', 1, 'owner', '2025-01-01')",
    "INSERT INTO child (id, household_id, name, birth_year, birth_month, archived, created_at)"
    " VALUES (1, 1, 'Mia', 2016, 3, false, '2025-01-01')",
    "INSERT INTO activity (id, slug, household_id, title, practice, age_min, age_max, minutes,"
    " setting, who, materials, steps_text, say, why, stretch, for_adults, retired, archived,"
    " created_at, updated_at) VALUES (1, 'soup', NULL, 'Make soup', 'teamwork', 3, 12, 30,"
    " 'home', 'whole-family', 'Pot', 'Chop.', 'Let''s cook.', 'Together.', '', false, false,"
    " false, '2025-01-01', '2025-01-01')",
    "INSERT INTO ritual (id, household_id, activity_id, weekday, created_at)"
    " VALUES (1, 1, 1, 6, '2025-01-01')",
    "INSERT INTO week (id, household_id, week_start, created_at, reflection)"
    " VALUES (1, 1, '2025-01-06', '2025-01-01', 'Good week')",
    "INSERT INTO plan_item (id, household_id, week_id, activity_id, day, locked, ritual_id,"
    " created_at, done_at, done_by_id, rating, note) VALUES (1, 1, 1, 1, '2025-01-12', true, 1,"
    " '2025-01-01', '2025-01-12 18:00:00', 1, 3, 'Loved it')",
    "INSERT INTO plan_item_participant (plan_item_id, child_id) VALUES (1, 1)",
    "INSERT INTO plan_item_child (plan_item_id, child_id) VALUES (1, 1)",
    "INSERT INTO moment (id, household_id, practice, happened_on, note, created_by_id, created_at)"
    " VALUES (1, 1, 'ask-for-help', '2025-01-08', 'Asked for help', 1, '2025-01-08')",
    "INSERT INTO moment_child (moment_id, child_id) VALUES (1, 1)",
]

KEPT = (
    "SELECT h.name, h.data_version, c.name, p.note, p.rating, p.ritual_id, p.done_by_id,"
    " m.note, m.created_by_id,"
    " (SELECT count(*) FROM plan_item_participant), (SELECT count(*) FROM plan_item_child),"
    " (SELECT count(*) FROM moment_child)"
    " FROM household h JOIN child c ON c.household_id = h.id"
    " JOIN plan_item p ON p.household_id = h.id JOIN moment m ON m.household_id = h.id"
)


def add_history_at(revision: str) -> tuple:
    """Migrate to `revision`, write a family's history there (HISTORY) and return what must be
    kept of it (KEPT), for a migration test to compare after upgrading (in an app context)."""
    upgrade(revision=revision)
    with db.engine.begin() as conn:
        for statement in HISTORY:
            conn.execute(text(statement))
    return kept()


def kept() -> tuple:
    """The family's saved history as KEPT reads it now."""
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(KEPT)).one())


def test_the_index_migration_keeps_a_familys_history_and_runs_both_ways(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        before = add_history_at("c4f1a2b3d5e6")
        upgrade()
        assert kept() == before
        assert before[:5] == ("The Parks", 4, "Mia", "Loved it", 3)
        assert unindexed_foreign_keys(db.engine) == []
        assert schema_differences() == []
        downgrade(revision="c4f1a2b3d5e6")
        assert kept() == before
        assert "plan_item(ritual_id) -> ritual" in unindexed_foreign_keys(db.engine)
        upgrade()
        assert unindexed_foreign_keys(db.engine) == []
        drop_everything()


def test_postgresql_connections_run_short_queries_without_parallel_workers(app):
    """Every query serves one family; parallel workers and JIT cost more than they save."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            workers = db.session.execute(text("SHOW max_parallel_workers_per_gather")).scalar()
            jit = db.session.execute(text("SHOW jit")).scalar()
            assert (workers, jit) == ("0", "off")
        else:
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1  # left as it was
