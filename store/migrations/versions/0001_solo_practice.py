"""Solo practice: profiles, runs, attempts, and the once-only events table.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.UniqueConstraint("name", name="uq_profiles_name"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE", name="fk_runs_profile_id_profiles"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scenario_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.CheckConstraint("kind IN ('solo', 'couple', 'workshop')", name="ck_runs_kind"),
        sa.CheckConstraint("status IN ('open', 'finished', 'ended_early')", name="ck_runs_status"),
    )
    op.create_index("ix_runs_profile_scenario", "runs", ["profile_id", "scenario_id", "updated_at"])
    op.create_table(
        "attempts",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE", name="fk_attempts_profile_id_profiles"),
            nullable=False,
        ),
        sa.Column(
            "run_id",
            sa.Uuid,
            sa.ForeignKey("runs.id", ondelete="CASCADE", name="fk_attempts_run_id_runs"),
            nullable=True,
        ),
        sa.Column("scenario_id", sa.String(200)),
        sa.Column("node_id", sa.String(200)),
        sa.Column("turn_index", sa.Integer),
        sa.Column("prompt", sa.Text),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("analysis", sa.JSON, nullable=False),
        sa.Column("analysis_schema_version", sa.Integer, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_attempts_profile_created", "attempts", ["profile_id", "created_at"])
    op.create_index("ix_attempts_run_id", "attempts", ["run_id"])
    op.create_table(
        "store_events",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )


def downgrade() -> None:
    for table in ("store_events", "attempts", "runs", "profiles"):
        op.drop_table(table)
