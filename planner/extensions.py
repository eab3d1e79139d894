"""Unbound Flask extensions, bound to the app in `create_app` (no import cycles)."""

from flask import g, has_request_context, request
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names so Alembic migrations are reproducible on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
migrate = Migrate()

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, a busy timeout and foreign keys for SQLite; we issue BEGIN ourselves (see below)."""
    if type(dbapi_connection).__module__.split(".")[0] != "sqlite3":
        return
    # Let SQLAlchemy's "begin" event emit BEGIN, instead of pysqlite's deferred implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """Start write transactions with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout.

    A deferred transaction that reads and then writes cannot wait for the lock and fails at once with
    "database is locked"; taking the write lock up front avoids that. Pure reads (GET pages) keep a
    deferred BEGIN so readers never wait for each other, unless the view asked for the write lock.
    """
    if conn.dialect.name != "sqlite":
        return
    if (
        has_request_context()
        and request.method in READ_ONLY_METHODS
        and not g.get("sqlite_immediate")
    ):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
