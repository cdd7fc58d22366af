"""an index of the audit log by action

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

``ix_audit_log_action`` on ``audit_log (action, id)``: the data version (the newest audit id of
the actions that change the data, :func:`store.repo.data_version`) is asked on every page that
ranks candidates, and every candidate shown adds a row to the log; without the index each ask
read the whole log (4 ms at 18,000 rows, growing with every read), with it one index seek.

Generated from store.models and edited; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_index('ix_audit_log_action', 'audit_log', ['action', 'id'], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index('ix_audit_log_action', table_name='audit_log')
