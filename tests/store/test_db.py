"""Engines and migrations: URLs, SQLite pragmas, and migrations that match the models."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from lksmatch.errors import UsageError
from store.db import (
    alembic_config,
    checkpoint,
    current_revision,
    head_revision,
    make_engine,
    normalise_url,
    upgrade,
)
from store.models import Base


def test_migrations_agree_with_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_reaches_head_and_is_repeatable(engine: Engine) -> None:
    assert head_revision() is not None
    assert current_revision(engine) == head_revision()
    upgrade(engine)  # again: nothing to do
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO needs (need_id, cvr, occupation, count, kind, status) "
            "VALUES ('N1', '99999999', 'x', 1, 'hire', 'open')"))


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    checkpoint(engine)
    engine.dispose()
    assert (tmp_path / "sub" / "x.db").is_file()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///data/x.db", "sqlite:///data/x.db"),
])
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql+psycopg2://u@h/db", "not a url"])
def test_unsupported_urls_are_usage_errors(url: str) -> None:
    with pytest.raises(UsageError):
        normalise_url(url)


def test_0002_adds_login_attempts_and_keeps_the_audit_log(engine: Engine) -> None:
    """Down to 0001 and up again, with an audit entry in the log: nothing is lost on the way."""
    command.downgrade(alembic_config(engine), "0001")
    assert current_revision(engine) == "0001"
    assert "login_attempts" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_log (ts, username, action, record_kind, record_id, detail) "
            "VALUES ('2026-01-02 03:04:05', 'lise', 'read_candidate', 'person', 'P1', 'need N1: old')"))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        row = connection.execute(text("SELECT username, record_id, detail, need_id FROM audit_log")).one()
        assert tuple(row) == ("lise", "P1", "need N1: old", None)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert {i["name"] for i in inspect(engine).get_indexes("audit_log")} >= {
        "ix_audit_log_record", "ix_audit_log_ts"}


#: Personal data in a statement's parameters: must not appear in any error message.
SECRET = "PSEUDO-hemmelig-4711"
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def assert_hidden(exc: BaseException, *secrets: str) -> None:
    """Neither the message nor the whole logged traceback (with its causes) shows a secret."""
    logged = "".join(traceback.format_exception(exc))
    for secret in secrets:
        assert secret not in str(exc)
        assert secret not in logged
    assert "[parameters:" not in logged


def test_engines_hide_parameters(engine: Engine, tmp_path: Path) -> None:
    assert engine.hide_parameters
    forced = make_engine(f"sqlite:///{tmp_path / 'x.db'}", hide_parameters=False)
    assert forced.hide_parameters  # cannot be switched off
    forced.dispose()


def test_unique_violation_shows_no_value(engine: Engine) -> None:
    users = Base.metadata.tables["users"]
    row = {"username": SECRET, "password_hash": "x", "role": "admin", "created_at": NOW}
    with engine.begin() as connection:
        connection.execute(insert(users), [row])
    with pytest.raises(IntegrityError) as exc, engine.begin() as connection:
        connection.execute(insert(users), [row])
    assert_hidden(exc.value, SECRET)
    assert "uq_users_username" in str(exc.value) or "UNIQUE" in str(exc.value)


def test_foreign_key_violation_shows_no_value(engine: Engine) -> None:
    decisions = Base.metadata.tables["decisions"]
    row = {"need_id": "N-" + SECRET, "person_id": SECRET, "decision": "contacted",
           "reason": "ikke " + SECRET, "username": "lise", "created_at": NOW}
    with pytest.raises(IntegrityError) as exc, engine.begin() as connection:
        connection.execute(insert(decisions), [row])
    assert_hidden(exc.value, SECRET)


def test_check_violation_shows_no_row(engine: Engine) -> None:
    """PostgreSQL's detail of a failed CHECK is the whole row."""
    decisions = Base.metadata.tables["decisions"]
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO companies (cvr, name) VALUES ('10000009', 'Smed')"))
        connection.execute(text("INSERT INTO needs (need_id, cvr, occupation, count, kind, status) "
                                "VALUES ('N1', '10000009', 'x', 1, 'hire', 'open')"))
        connection.execute(text("INSERT INTO jobseekers (person_id, municipality_code) VALUES ('P1', '751')"))
    row = {"need_id": "N1", "person_id": "P1", "decision": "not-a-decision",
           "reason": "ikke " + SECRET, "username": "lise", "created_at": NOW}
    with pytest.raises(IntegrityError) as exc, engine.begin() as connection:
        connection.execute(insert(decisions), [row])
    assert_hidden(exc.value, SECRET)


def test_nul_byte_shows_no_value(engine: Engine) -> None:
    """psycopg refuses a NUL byte in text; SQLite stores it (the web layer rejects it earlier)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores NUL bytes in text")
    audit_log = Base.metadata.tables["audit_log"]
    with pytest.raises(DataError) as exc, engine.begin() as connection:
        connection.execute(insert(audit_log), [{"ts": NOW, "action": "x", "detail": SECRET + "\x00"}])
    assert_hidden(exc.value, SECRET)


def test_server_side_conversion_error_shows_no_value(engine: Engine) -> None:
    """PostgreSQL quotes the input it cannot convert ("invalid input syntax ...: \"...\"")."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite converts anything")
    with pytest.raises(DBAPIError) as exc, engine.connect() as connection:
        connection.execute(text("SELECT CAST(:value AS integer)"), {"value": SECRET})
    assert_hidden(exc.value, SECRET)
    assert "invalid input syntax" in str(exc.value)


def test_0004_makes_old_lks_users_jobcenter_and_closed_needs_cancelled(engine: Engine) -> None:
    """Users and needs stored before systems existed keep their meaning across 0004, both ways."""
    command.downgrade(alembic_config(engine), "0003")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (username, password_hash, role, lks_id, active, created_at) VALUES "
            "('jc', 'x', 'lks', 'aarhus', true, '2026-01-02 03:04:05'), "
            "('boss', 'x', 'admin', NULL, true, '2026-01-02 03:04:05')"))
        connection.execute(text("INSERT INTO companies (cvr, name) VALUES ('10000009', 'A/S')"))
        connection.execute(text(
            "INSERT INTO needs (need_id, cvr, occupation, count, kind, status) VALUES "
            "('N1', '10000009', '7212', 1, 'hire', 'closed'), ('N2', '10000009', '7212', 1, 'hire', 'open')"))
    upgrade(engine)
    with engine.connect() as connection:
        assert dict(connection.execute(text("SELECT username, system FROM users")).all()) == {
            "jc": "jobcenter", "boss": None}
        assert dict(connection.execute(text("SELECT need_id, status FROM needs")).all()) == {
            "N1": "cancelled", "N2": "open"}
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE users SET system = 'skolen' WHERE username = 'jc'"))
    with engine.begin() as connection:
        connection.execute(text("UPDATE needs SET status = 'filled' WHERE need_id = 'N2'"))
    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as connection:
        assert dict(connection.execute(text("SELECT need_id, status FROM needs")).all()) == {
            "N1": "closed", "N2": "closed"}
    upgrade(engine)
