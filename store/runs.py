"""Practice runs: one go at a scenario, with the practice state to resume it from.

A run belongs to one profile; every lookup here takes the profile, so a run is never
offered to anyone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.db import Database
from store.models import RUN_STATUSES, Run, utcnow


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: uuid.UUID
    profile_id: int
    kind: str
    scenario_id: str
    status: str
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _record(row: Run) -> RunRecord:
    state = row.state if isinstance(row.state, dict) else {}
    return RunRecord(
        row.id, row.profile_id, row.kind, row.scenario_id, row.status, state, row.created_at, row.updated_at
    )


def start_run(
    db: Database,
    profile_id: int,
    scenario_id: str,
    state: dict[str, Any] | None = None,
    *,
    kind: str = "solo",
    run_id: uuid.UUID | None = None,
) -> RunRecord:
    now = utcnow()
    row = Run(
        id=run_id or uuid.uuid4(),
        profile_id=profile_id,
        kind=kind,
        scenario_id=scenario_id,
        status="open",
        state=state or {},
        created_at=now,
        updated_at=now,
    )

    def insert(session: Session) -> RunRecord:
        session.add(row)
        session.flush()
        return _record(row)

    return db.write(insert, what="the new run")


def save_run(
    db: Database,
    run_id: uuid.UUID,
    profile_id: int,
    *,
    state: dict[str, Any] | None = None,
    status: str | None = None,
) -> None:
    """Replace a run's state and/or status (only the owner's run is touched)."""
    if status is not None and status not in RUN_STATUSES:
        raise ValueError(f"status must be one of {RUN_STATUSES}, got {status!r}")
    values: dict[str, Any] = {"updated_at": utcnow()}
    if state is not None:
        values["state"] = state
    if status is not None:
        values["status"] = status
    query = update(Run).where(Run.id == run_id, Run.profile_id == profile_id).values(**values)
    db.write(lambda session: session.execute(query), what="your place in the run")


def get_run(db: Database, run_id: uuid.UUID, profile_id: int) -> RunRecord | None:
    with db.read() as session:
        row = session.get(Run, run_id)
        return _record(row) if row is not None and row.profile_id == profile_id else None


def runs_for(db: Database, profile_id: int, *, kind: str | None = None) -> tuple[RunRecord, ...]:
    """A profile's runs, newest first."""
    query = select(Run).where(Run.profile_id == profile_id)
    if kind is not None:
        query = query.where(Run.kind == kind)
    with db.read() as session:
        return tuple(_record(r) for r in session.scalars(query.order_by(Run.updated_at.desc(), Run.id)))


def latest_open_run(db: Database, profile_id: int, scenario_id: str) -> RunRecord | None:
    """The profile's most recently touched unfinished run of this scenario, if any."""
    query = (
        select(Run)
        .where(Run.profile_id == profile_id, Run.scenario_id == scenario_id, Run.status == "open")
        .order_by(Run.updated_at.desc())
        .limit(1)
    )
    with db.read() as session:
        row = session.scalar(query)
        return _record(row) if row else None
