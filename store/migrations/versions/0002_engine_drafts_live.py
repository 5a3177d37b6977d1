"""Engine version on attempts; drafts; rooms, submissions and pair sessions for live modes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("engine_version", sa.String(64), nullable=False, server_default=""))
    op.create_table(
        "drafts",
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE", name="fk_drafts_profile_id_profiles"),
            primary_key=True,
        ),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_table(
        "rooms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("facilitator_secret", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_prompt", sa.JSON),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.UniqueConstraint("code", name="uq_rooms_code"),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column(
            "room_id",
            sa.Integer,
            sa.ForeignKey("rooms.id", ondelete="CASCADE", name="fk_submissions_room_id_rooms"),
            nullable=False,
        ),
        sa.Column("participant_id", sa.String(64), nullable=False),
        sa.Column("nickname", sa.String(80)),
        sa.Column("prompt_index", sa.Integer, nullable=False),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("analysis", sa.JSON, nullable=False),
        sa.Column("crisis", sa.Boolean, nullable=False),
        sa.Column("share_requested", sa.Boolean, nullable=False),
        sa.Column("moderation", sa.String(16), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint(
            "moderation IN ('pending', 'approved', 'rejected')", name="ck_submissions_moderation"
        ),
    )
    op.create_index("ix_submissions_room_prompt", "submissions", ["room_id", "prompt_index"])
    op.create_table(
        "pair_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.UniqueConstraint("code", name="uq_pair_sessions_code"),
    )


def downgrade() -> None:
    for table in ("pair_sessions", "submissions", "rooms", "drafts"):
        op.drop_table(table)
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("engine_version")
