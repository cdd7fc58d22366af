"""one-time user links and background jobs

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

* ``user_links``: a one-time link (its token's SHA-256) with which a new user, or one whose
  password an admin reset, sets their own password; valid 24 hours, used once.
* ``background_jobs``: a long task started from the web app (training the model) with its
  progress, readable by every worker.

Written from store.models; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | Sequence[str] | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table('user_links',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_links_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_links'))
    )
    op.create_index(op.f('ix_user_links_user_id'), 'user_links', ['user_id'], unique=False)
    op.create_table('background_jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.Float(), server_default='0', nullable=False),
    sa.Column('step', sa.String(length=200), nullable=True),
    sa.Column('started_by', sa.String(length=100), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_jobs'))
    )
    op.create_index('ix_background_jobs_kind', 'background_jobs', ['kind', 'id'], unique=False)


def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index('ix_background_jobs_kind', table_name='background_jobs')
    op.drop_table('background_jobs')
    op.drop_index(op.f('ix_user_links_user_id'), table_name='user_links')
    op.drop_table('user_links')
