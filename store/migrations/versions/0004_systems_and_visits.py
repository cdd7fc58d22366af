"""systems of an LKS team, visits, need status open/filled/cancelled

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

* ``users.system``: the system an ``lks`` user belongs to (``jobcenter``, ``erhvervsservice``,
  ``uddannelse``); every ``lks`` user made before systems existed becomes ``jobcenter`` (the
  only system that saw persons then, and the one that still does).
* ``visits``: visits to companies (a *sambesøg* when two or more systems took part).
* ``needs.visit_id``: the visit a need came from; ``needs.status`` ``closed`` becomes
  ``cancelled`` and ``filled`` is new.

Generated from store.models and edited; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_STATUS = "status IN ('open', 'filled', 'cancelled')"
_OLD_STATUS = "status IN ('open', 'closed')"
_SYSTEM = "system IS NULL OR system IN ('jobcenter', 'erhvervsservice', 'uddannelse')"


def upgrade() -> None:
    """Upgrade the schema (and the data it changes the meaning of)."""
    op.create_table('visits',
    sa.Column('visit_id', sa.String(length=64), nullable=False),
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('systems', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('topics', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('follow_up', sa.Date(), nullable=True),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.CheckConstraint("kind IN ('fysisk', 'virtuelt', 'telefon')", name=op.f('ck_visits_kind')),
    sa.ForeignKeyConstraint(['cvr'], ['companies.cvr'], name=op.f('fk_visits_cvr_companies')),
    sa.PrimaryKeyConstraint('visit_id', name=op.f('pk_visits'))
    )
    op.create_index(op.f('ix_visits_cvr'), 'visits', ['cvr'], unique=False)
    op.create_index(op.f('ix_visits_date'), 'visits', ['date'], unique=False)
    op.create_index(op.f('ix_visits_lks_id'), 'visits', ['lks_id'], unique=False)
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('system', sa.String(length=20), nullable=True))
        batch.create_check_constraint(op.f('ck_users_system'), _SYSTEM)
    op.execute("UPDATE users SET system = 'jobcenter' WHERE role = 'lks'")
    with op.batch_alter_table('needs') as batch:
        batch.drop_constraint(op.f('ck_needs_status'), type_='check')
    op.execute("UPDATE needs SET status = 'cancelled' WHERE status = 'closed'")
    with op.batch_alter_table('needs') as batch:
        batch.add_column(sa.Column('visit_id', sa.String(length=64), nullable=True))
        batch.create_check_constraint(op.f('ck_needs_status'), _NEW_STATUS)


def downgrade() -> None:
    """Downgrade the schema: ``filled`` and ``cancelled`` needs become ``closed``."""
    with op.batch_alter_table('needs') as batch:
        batch.drop_constraint(op.f('ck_needs_status'), type_='check')
        batch.drop_column('visit_id')
    op.execute("UPDATE needs SET status = 'closed' WHERE status IN ('filled', 'cancelled')")
    with op.batch_alter_table('needs') as batch:
        batch.create_check_constraint(op.f('ck_needs_status'), _OLD_STATUS)
    with op.batch_alter_table('users') as batch:
        batch.drop_constraint(op.f('ck_users_system'), type_='check')
        batch.drop_column('system')
    op.drop_index(op.f('ix_visits_lks_id'), table_name='visits')
    op.drop_index(op.f('ix_visits_date'), table_name='visits')
    op.drop_index(op.f('ix_visits_cvr'), table_name='visits')
    op.drop_table('visits')
