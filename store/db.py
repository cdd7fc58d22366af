"""Database engines and schema migrations.

:func:`make_engine` builds an engine for the embedded SQLite file (WAL mode, foreign
keys on, a busy timeout) or for PostgreSQL through psycopg 3. :func:`upgrade` brings
the schema to the newest Alembic revision; the migrations in ``store/migrations`` are
the source of truth for the schema.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from lksmatch.errors import UsageError

#: How long SQLite waits for another writer before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; ``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://``.

    Raises
    ------
    UsageError
        When the URL cannot be parsed or names a database other than SQLite or PostgreSQL.
    """
    text = url.render_as_string(hide_password=False) if isinstance(url, URL) else str(url)
    if text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise UsageError(f"the database URL {text!r} cannot be parsed: {exc}") from exc
    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgresql":
        if driver not in ("", "psycopg"):
            raise UsageError(f"the PostgreSQL driver was {driver!r} but is expected to be 'psycopg'")
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed
    raise UsageError(
        f"the database URL scheme was {parsed.drivername!r} but is expected to be 'sqlite' or 'postgresql'"
    )


def _sqlite_pragmas(dbapi_connection: Any, connection_record: ConnectionPoolEntry) -> None:
    """Set WAL mode, foreign keys and the busy timeout on every new SQLite connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for ``url``: an SQLite file or a PostgreSQL server.

    Parameters
    ----------
    url
        ``sqlite:///path/to/file.db`` (the parent folder is created when missing),
        ``sqlite://`` (in memory), or ``postgresql[+psycopg]://user@host:port/db``.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`.

    Returns
    -------
    Engine
        For SQLite, every connection runs in WAL mode with foreign keys enforced and a
        busy timeout of :data:`SQLITE_BUSY_TIMEOUT_MS`.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def alembic_config(engine: Engine | None = None) -> Config:
    """The Alembic configuration of the installed package (no ``alembic.ini`` needed).

    When ``engine`` is given, ``env.py`` migrates through it; otherwise ``env.py`` reads
    the URL from ``-x url=...`` or ``LKSMATCH_DATABASE_URL`` (the command-line case).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations on ``engine`` up to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with this version of lksmatch."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def checkpoint(engine: Engine) -> None:
    """Fold SQLite's write-ahead log into the database file (no-op for PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
