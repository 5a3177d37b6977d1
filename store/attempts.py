"""Attempts: one row per submitted reply, written when it is submitted, never changed.

The id is made by the caller before the first try, so a retried write cannot save twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nlp.types import ANALYSIS_SCHEMA_VERSION, Analysis
from store.db import Database
from store.errors import StoreError
from store.models import Attempt, utcnow


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    profile_id: int
    reply: str
    analysis: dict[str, Any]
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    run_id: uuid.UUID | None = None
    scenario_id: str | None = None
    node_id: str | None = None
    turn_index: int | None = None
    prompt: str | None = None  # what the other person said before this reply
    analysis_schema_version: int = ANALYSIS_SCHEMA_VERSION
    engine_version: str = ""
    created_at: datetime = field(default_factory=utcnow)

    @classmethod
    def of(cls, profile_id: int, analysis: Analysis, **where: Any) -> AttemptRecord:
        """A record of `analysis` (its text is the reply, its context the prompt)."""
        where.setdefault("prompt", analysis.context)
        return cls(
            profile_id=profile_id,
            reply=analysis.text,
            analysis=analysis.to_dict(),
            engine_version=analysis.engine_version,
            **where,
        )

    def parsed(self) -> Analysis:
        """The stored analysis as an `Analysis` (tolerant of old or empty ones)."""
        return Analysis.from_dict(self.analysis)


def _analysis(stored: object, reply: str) -> dict[str, Any]:
    """The stored analysis, always about its reply: an old or empty one gets the reply's text."""
    analysis = dict(stored) if isinstance(stored, dict) else {}
    if not isinstance(analysis.get("text"), str) or not analysis["text"]:
        analysis["text"] = reply
    return analysis


def _record(row: Attempt) -> AttemptRecord:
    return AttemptRecord(
        profile_id=row.profile_id,
        reply=row.reply,
        analysis=_analysis(row.analysis, row.reply),
        id=row.id,
        run_id=row.run_id,
        scenario_id=row.scenario_id,
        node_id=row.node_id,
        turn_index=row.turn_index,
        prompt=row.prompt,
        analysis_schema_version=row.analysis_schema_version,
        engine_version=row.engine_version,
        created_at=row.created_at,
    )


def _row(record: AttemptRecord) -> Attempt:
    return Attempt(
        id=record.id,
        profile_id=record.profile_id,
        run_id=record.run_id,
        scenario_id=record.scenario_id,
        node_id=record.node_id,
        turn_index=record.turn_index,
        prompt=record.prompt,
        reply=record.reply,
        analysis=record.analysis,
        analysis_schema_version=record.analysis_schema_version,
        engine_version=record.engine_version,
        created_at=record.created_at,
    )


def add_attempt(db: Database, record: AttemptRecord) -> AttemptRecord:
    """Save one attempt. Saving the same id again is a no-op. Raises StoreError."""

    def insert(session: Session) -> None:
        if session.get(Attempt, record.id) is None:
            session.add(_row(record))

    try:
        db.write(insert, what="your reply")
    except StoreError as exc:
        # Two writers with one id (a retry racing itself): the row is there, which is all we want.
        if not (isinstance(exc.__cause__, IntegrityError) and _exists(db, record.id)):
            raise
    return record


def _exists(db: Database, attempt_id: uuid.UUID) -> bool:
    with db.read() as session:
        return session.get(Attempt, attempt_id) is not None


def attempts_for(
    db: Database, profile_id: int, *, run_id: uuid.UUID | None = None, limit: int | None = None
) -> tuple[AttemptRecord, ...]:
    """A profile's attempts, oldest first (of a single run when `run_id` is given)."""
    query = select(Attempt).where(Attempt.profile_id == profile_id)
    if run_id is not None:
        query = query.where(Attempt.run_id == run_id)
    query = query.order_by(Attempt.created_at, Attempt.turn_index, Attempt.id)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as session:
        return tuple(_record(row) for row in session.scalars(query))


def count_attempts(db: Database, profile_id: int | None = None) -> int:
    query = select(func.count()).select_from(Attempt)
    if profile_id is not None:
        query = query.where(Attempt.profile_id == profile_id)
    with db.read() as session:
        return int(session.scalar(query) or 0)
