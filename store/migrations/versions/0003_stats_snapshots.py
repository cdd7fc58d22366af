"""statistics snapshots and job leases

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

* ``stats_snapshots``: the protected area statistics, computed once when the data change and
  read by every worker and command, with a dated history (lksmatch.statistics).
* ``job_leases``: which process computes a shared result now (one at a time).

Generated from store.models; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table('stats_snapshots',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('stats_date', sa.Date(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tables', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stats_snapshots'))
    )
    op.create_index('ix_stats_snapshots_version_date', 'stats_snapshots', ['data_version', 'stats_date'],
                    unique=False)
    op.create_index(op.f('ix_stats_snapshots_stats_date'), 'stats_snapshots', ['stats_date'], unique=False)
    op.create_table('job_leases',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('held_by', sa.String(length=100), nullable=True),
    sa.Column('held_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_leases'))
    )


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_table('job_leases')
    op.drop_index(op.f('ix_stats_snapshots_stats_date'), table_name='stats_snapshots')
    op.drop_index('ix_stats_snapshots_version_date', table_name='stats_snapshots')
    op.drop_table('stats_snapshots')
