"""Alembic environment: migrate the engine handed over by :func:`store.db.upgrade`.

From the command line (``alembic -c alembic.ini ...`` in a checkout) the URL comes
from ``-x url=...``, else ``LKSMATCH_DATABASE_URL``, else the default SQLite file.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, Engine

from store.db import make_engine
from store.models import Base

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("LKSMATCH_DATABASE_URL")
    if not url:
        from lksmatch.config import DEFAULT_DATABASE_URL

        url = DEFAULT_DATABASE_URL
    return make_engine(url)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations in one transaction on the configured engine."""
    with _engine().connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():  # pragma: no cover - offline SQL generation is not used
    raise SystemExit("lksmatch migrations run online only: pass -x url=... or LKSMATCH_DATABASE_URL")
run_migrations_online()
