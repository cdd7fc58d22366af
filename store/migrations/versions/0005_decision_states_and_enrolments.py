"""five decision states, outcomes recorded in the web app, enrolments

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

* ``decisions.decision``: ``contacted``, ``interview``, ``accepted``, ``rejected``, ``withdrawn``
  (the first wave had the first, third and fourth).
* ``outcomes.recorded_by``, ``recorded_at``: who recorded an outcome in the web app, and when
  (``NULL``: imported).
* ``enrolments``: a job seeker or a number of a company's staff enrolled on an education offer
  for a need (and whether the individual education agreement is signed).

Generated from store.models and edited; tests/store/test_db.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW = "decision IN ('contacted', 'interview', 'accepted', 'rejected', 'withdrawn')"
_OLD = "decision IN ('contacted', 'accepted', 'rejected')"


def upgrade() -> None:
    """Upgrade the schema."""
    with op.batch_alter_table('decisions') as batch:
        batch.drop_constraint(op.f('ck_decisions_decision'), type_='check')
        batch.create_check_constraint(op.f('ck_decisions_decision'), _NEW)
    with op.batch_alter_table('outcomes') as batch:
        batch.add_column(sa.Column('recorded_by', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=True),
    sa.Column('staff', sa.Integer(), nullable=True),
    sa.Column('agreement_signed', sa.Boolean(), nullable=True),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(person_id IS NULL) <> (staff IS NULL)', name=op.f('ck_enrolments_person_or_staff')),
    sa.CheckConstraint('staff IS NULL OR staff > 0', name=op.f('ck_enrolments_staff_positive')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.need_id'], name=op.f('fk_enrolments_need_id_needs'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.offer_id'], name=op.f('fk_enrolments_offer_id_offers'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['jobseekers.person_id'],
                            name=op.f('fk_enrolments_person_id_jobseekers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments'))
    )
    op.create_index(op.f('ix_enrolments_need_id'), 'enrolments', ['need_id'], unique=False)
    op.create_index(op.f('ix_enrolments_offer_id'), 'enrolments', ['offer_id'], unique=False)
    op.create_index(op.f('ix_enrolments_person_id'), 'enrolments', ['person_id'], unique=False)


def downgrade() -> None:
    """Downgrade the schema: the new decision states are dropped (there is no old name for them)."""
    op.drop_index(op.f('ix_enrolments_person_id'), table_name='enrolments')
    op.drop_index(op.f('ix_enrolments_offer_id'), table_name='enrolments')
    op.drop_index(op.f('ix_enrolments_need_id'), table_name='enrolments')
    op.drop_table('enrolments')
    with op.batch_alter_table('outcomes') as batch:
        batch.drop_column('recorded_at')
        batch.drop_column('recorded_by')
    op.execute("DELETE FROM decisions WHERE decision IN ('interview', 'withdrawn')")
    with op.batch_alter_table('decisions') as batch:
        batch.drop_constraint(op.f('ck_decisions_decision'), type_='check')
        batch.create_check_constraint(op.f('ck_decisions_decision'), _OLD)
