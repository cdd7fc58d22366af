"""Database engines and schema migrations.

:func:`make_engine` builds an engine for the embedded SQLite file (WAL mode, foreign
keys on, a busy timeout) or for PostgreSQL through psycopg 3. :func:`upgrade` brings
the schema to the newest Alembic revision; the migrations in ``store/migrations`` are
the source of truth for the schema.

A database error never shows personal data: every engine is built with
``hide_parameters=True`` (an error's message and the SQL echo leave out the bound
values), and on PostgreSQL the server's error text is cut to its primary message
(the ``DETAIL`` of a constraint violation echoes the key or the whole failing row,
``CONTEXT`` may echo input), with quoted input masked in data-exception messages
(SQLSTATE class 22, e.g. ``invalid input syntax for type integer: "..."``). The
full diagnostics stay available to code as ``exc.orig.diag``; they are only kept
out of ``str(exc)``, and hence out of every log line and traceback.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from lksmatch.errors import UsageError

#: How long SQLite waits for another writer before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: What replaces quoted input in a PostgreSQL data-exception message.
HIDDEN_VALUE = '"[hidden]"'
_QUOTED = re.compile(r'"(?:[^"]|"")*"')


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


def _terse_server_error(context: ExceptionContext) -> None:
    """Cut a PostgreSQL server error's text to its primary message, masking quoted input.

    psycopg builds ``str(error)`` from the server's full message (primary text,
    ``DETAIL``, ``HINT``, ``CONTEXT``); SQLAlchemy copies that text into its own
    exception. Both are replaced here, before the error propagates. Errors raised
    in the client (e.g. a NUL byte in a text parameter) carry no server text and
    are left alone: their messages hold no values.
    """
    orig = context.original_exception
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if not primary:
        return
    if str(getattr(diag, "sqlstate", "") or "").startswith("22"):
        primary = _QUOTED.sub(HIDDEN_VALUE, primary)
    orig.args = (primary,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        wrapped.args = (f"({type(orig).__module__}.{type(orig).__name__}) {primary}",)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for ``url``: an SQLite file or a PostgreSQL server.

    Parameters
    ----------
    url
        ``sqlite:///path/to/file.db`` (the parent folder is created when missing),
        ``sqlite://`` (in memory), or ``postgresql[+psycopg]://user@host:port/db``.
    **kwargs
        Passed on to :func:`sqlalchemy.create_engine`; ``hide_parameters`` is always
        ``True`` (a value given here is overridden: parameters hold personal data).

    Returns
    -------
    Engine
        Errors never show bound parameters, nor PostgreSQL's echo of input (see the
        module docstring). For SQLite, every connection runs in WAL mode with foreign
        keys enforced and a busy timeout of :data:`SQLITE_BUSY_TIMEOUT_MS`.
    """
    parsed = normalise_url(url)
    kwargs["hide_parameters"] = True
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "handle_error", _terse_server_error)
    return engine


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


def ping(engine: Engine) -> bool:
    """Whether the database answers a trivial query now (for a health check; never raises)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means "not healthy", and says nothing more
        return False
    return True


def checkpoint(engine: Engine) -> None:
    """Fold SQLite's write-ahead log into the database file (no-op for PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
