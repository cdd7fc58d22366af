"""login attempts and candidate reads

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

* ``login_attempts``: failed (and in-flight) login attempts per username and client
  address, counted to throttle password guessing across processes (lksmatch.auth).
* ``audit_log.need_id``: the need a ``read_candidate`` entry was read for, so that a
  decision can be checked against the candidates actually shown (lksmatch.service).
  Older entries keep it empty (their need is only in the free-text ``detail``).

Generated from store.models; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    op.create_index('ix_login_attempts_address_time', 'login_attempts', ['address', 'attempted_at'], unique=False)
    op.create_index(op.f('ix_login_attempts_attempted_at'), 'login_attempts', ['attempted_at'], unique=False)
    op.create_index('ix_login_attempts_username_time', 'login_attempts', ['username', 'attempted_at'], unique=False)

    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.add_column(sa.Column('need_id', sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade the schema."""
    with op.batch_alter_table('audit_log') as batch_op:
        batch_op.drop_column('need_id')

    op.drop_index('ix_login_attempts_username_time', table_name='login_attempts')
    op.drop_index(op.f('ix_login_attempts_attempted_at'), table_name='login_attempts')
    op.drop_index('ix_login_attempts_address_time', table_name='login_attempts')
    op.drop_table('login_attempts')
