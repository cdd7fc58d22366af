"""Engines and migrations: URLs, SQLite pragmas, and migrations that match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

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
