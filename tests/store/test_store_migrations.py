"""Schema: migrations match the models, and a database made by the previous schema upgrades."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from store.attempts import attempts_for
from store.db import Database
from store.models import Base
from store.runs import runs_for


def test_migrations_match_the_models(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_upgrade_is_idempotent_and_safe_to_repeat(db):
    db.upgrade()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"


def test_database_made_at_revision_1_keeps_its_data_on_upgrade(db_url):
    old = Database(db_url)
    old.upgrade("0001")
    assert "drafts" not in inspect(old.engine).get_table_names()
    run_id, attempt_id = uuid.uuid4(), uuid.uuid4()
    at = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO profiles (id, name, created_at) VALUES (1, 'Ana', :at)"), {"at": at})
        conn.execute(
            text(
                "INSERT INTO runs (id, profile_id, kind, scenario_id, status, state, created_at, updated_at) "
                "VALUES (:id, 1, 'solo', 'boss', 'open', '{\"node\": \"start\"}', :at, :at)"
            ),
            {"id": run_id.hex if old.is_sqlite else run_id, "at": at},
        )
        conn.execute(
            text(
                "INSERT INTO attempts (id, profile_id, run_id, scenario_id, reply, analysis, "
                "analysis_schema_version, created_at) VALUES (:id, 1, :run, 'boss', 'I feel tired', "
                '\'{"style": "i_statement"}\', 1, :at)'
            ),
            {
                "id": attempt_id.hex if old.is_sqlite else attempt_id,
                "run": run_id.hex if old.is_sqlite else run_id,
                "at": at,
            },
        )
    old.dispose()

    new = Database(db_url)
    new.upgrade()
    (attempt,) = attempts_for(new, 1)
    assert (attempt.id, attempt.run_id, attempt.reply, attempt.engine_version) == (
        attempt_id,
        run_id,
        "I feel tired",
        "",
    )
    assert attempt.parsed().style == "i_statement" and attempt.created_at == at
    assert runs_for(new, 1)[0].state == {"node": "start"}
    assert {"drafts", "rooms", "submissions", "pair_sessions"} <= set(inspect(new.engine).get_table_names())
    new.dispose()
