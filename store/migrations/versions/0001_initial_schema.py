"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27

Generated from store.models; tests/store/test_schema.py checks that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ts', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('record_kind', sa.String(length=30), nullable=True),
    sa.Column('record_id', sa.String(length=128), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_record', 'audit_log', ['record_kind', 'record_id'], unique=False)
    op.create_index(op.f('ix_audit_log_ts'), 'audit_log', ['ts'], unique=False)

    op.create_table('companies',
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('p_number', sa.String(length=10), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('postal_code', sa.String(length=4), nullable=True),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('industry_code', sa.String(length=10), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('growth_company', sa.Boolean(), nullable=True),
    sa.Column('placed_municipality_code', sa.String(length=3), nullable=True),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.Column('assign_method', sa.String(length=10), nullable=True),
    sa.Column('assign_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('cvr', name=op.f('pk_companies'))
    )
    op.create_index(op.f('ix_companies_lks_id'), 'companies', ['lks_id'], unique=False)

    op.create_table('jobseekers',
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('postal_code', sa.String(length=4), nullable=True),
    sa.Column('occupations', sa.Text(), nullable=True),
    sa.Column('skills', sa.Text(), nullable=True),
    sa.Column('education_level', sa.String(length=30), nullable=True),
    sa.Column('max_commute_km', sa.Float(), nullable=True),
    sa.Column('unemployed_since', sa.Date(), nullable=True),
    sa.Column('unemployment_ended', sa.Date(), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=20), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('placed_municipality_code', sa.String(length=3), nullable=True),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.Column('assign_method', sa.String(length=10), nullable=True),
    sa.Column('assign_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_jobseekers'))
    )
    op.create_index(op.f('ix_jobseekers_lks_id'), 'jobseekers', ['lks_id'], unique=False)
    op.create_index(op.f('ix_jobseekers_unemployment_ended'), 'jobseekers', ['unemployment_ended'], unique=False)

    op.create_table('offers',
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('course_code', sa.String(length=40), nullable=True),
    sa.Column('skills', sa.Text(), nullable=True),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('postal_code', sa.String(length=4), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('duration_days', sa.Integer(), nullable=True),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('open_to_unemployed', sa.Boolean(), nullable=True),
    sa.Column('placed_municipality_code', sa.String(length=3), nullable=True),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.Column('assign_method', sa.String(length=10), nullable=True),
    sa.Column('assign_note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('offer_id', name=op.f('pk_offers'))
    )
    op.create_index(op.f('ix_offers_lks_id'), 'offers', ['lks_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('region', 'lks', 'planner', 'admin')", name=op.f('ck_users_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('needs',
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('occupation', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('skills', sa.Text(), nullable=True),
    sa.Column('count', sa.Integer(), server_default='1', nullable=False),
    sa.Column('kind', sa.String(length=10), server_default='hire', nullable=False),
    sa.Column('project', sa.String(length=20), nullable=True),
    sa.Column('education_level_min', sa.String(length=30), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('lks_id', sa.String(length=40), nullable=True),
    sa.CheckConstraint("kind IN ('hire', 'upskill')", name=op.f('ck_needs_kind')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_needs_status')),
    sa.CheckConstraint('count > 0', name=op.f('ck_needs_count_positive')),
    sa.ForeignKeyConstraint(['cvr'], ['companies.cvr'], name=op.f('fk_needs_cvr_companies')),
    sa.PrimaryKeyConstraint('need_id', name=op.f('pk_needs'))
    )
    op.create_index(op.f('ix_needs_cvr'), 'needs', ['cvr'], unique=False)
    op.create_index(op.f('ix_needs_lks_id'), 'needs', ['lks_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked', sa.Boolean(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    op.create_index(op.f('ix_sessions_user_id'), 'sessions', ['user_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IN ('contacted', 'accepted', 'rejected')", name=op.f('ck_decisions_decision')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.need_id'], name=op.f('fk_decisions_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['jobseekers.person_id'], name=op.f('fk_decisions_person_id_jobseekers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    op.create_index(op.f('ix_decisions_need_id'), 'decisions', ['need_id'], unique=False)
    op.create_index(op.f('ix_decisions_person_id'), 'decisions', ['person_id'], unique=False)

    op.create_table('match_scores',
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('missing_skills', sa.Text(), nullable=True),
    sa.Column('suggested_offers', sa.Text(), nullable=True),
    sa.Column('model_version', sa.String(length=64), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.need_id'], name=op.f('fk_match_scores_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['jobseekers.person_id'], name=op.f('fk_match_scores_person_id_jobseekers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'person_id', name=op.f('pk_match_scores'))
    )
    op.create_index(op.f('ix_match_scores_person_id'), 'match_scores', ['person_id'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('need_id', sa.String(length=64), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.CheckConstraint("outcome IN ('hired', 'interviewed', 'contacted', 'not_hired')", name=op.f('ck_outcomes_outcome')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.need_id'], name=op.f('fk_outcomes_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['jobseekers.person_id'], name=op.f('fk_outcomes_person_id_jobseekers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcomes')),
    sa.UniqueConstraint('need_id', 'person_id', 'outcome', name='uq_outcomes_need_person_outcome')
    )
    op.create_index(op.f('ix_outcomes_need_id'), 'outcomes', ['need_id'], unique=False)
    op.create_index(op.f('ix_outcomes_person_id'), 'outcomes', ['person_id'], unique=False)



def downgrade() -> None:
    """Downgrade the schema."""
    op.drop_index(op.f('ix_outcomes_person_id'), table_name='outcomes')
    op.drop_index(op.f('ix_outcomes_need_id'), table_name='outcomes')

    op.drop_table('outcomes')
    op.drop_index(op.f('ix_match_scores_person_id'), table_name='match_scores')

    op.drop_table('match_scores')
    op.drop_index(op.f('ix_decisions_person_id'), table_name='decisions')
    op.drop_index(op.f('ix_decisions_need_id'), table_name='decisions')

    op.drop_table('decisions')
    op.drop_index(op.f('ix_sessions_user_id'), table_name='sessions')

    op.drop_table('sessions')
    op.drop_index(op.f('ix_needs_lks_id'), table_name='needs')
    op.drop_index(op.f('ix_needs_cvr'), table_name='needs')

    op.drop_table('needs')
    op.drop_table('users')
    op.drop_index(op.f('ix_offers_lks_id'), table_name='offers')

    op.drop_table('offers')
    op.drop_index(op.f('ix_jobseekers_unemployment_ended'), table_name='jobseekers')
    op.drop_index(op.f('ix_jobseekers_lks_id'), table_name='jobseekers')

    op.drop_table('jobseekers')
    op.drop_index(op.f('ix_companies_lks_id'), table_name='companies')

    op.drop_table('companies')
    op.drop_index(op.f('ix_audit_log_ts'), table_name='audit_log')
    op.drop_index('ix_audit_log_record', table_name='audit_log')

    op.drop_table('audit_log')
