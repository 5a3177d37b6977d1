"""Workshop rooms and their submissions."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.codes import insert_with_code, normalise_code
from store.db import Database
from store.models import MODERATION, Room, Submission, utcnow


@dataclass(frozen=True, slots=True)
class RoomInfo:
    id: int
    code: str
    facilitator_secret: str
    title: str
    status: str
    current_prompt: dict[str, Any] | None
    revealed: bool
    created_at: datetime
    expires_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status == "open" and self.expires_at > utcnow()


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    id: uuid.UUID
    room_id: int
    participant_id: str
    nickname: str | None
    prompt_index: int
    reply: str
    analysis: dict[str, Any]
    crisis: bool
    share_requested: bool
    moderation: str
    created_at: datetime


def _room(row: Room) -> RoomInfo:
    return RoomInfo(
        row.id,
        row.code,
        row.facilitator_secret,
        row.title,
        row.status,
        row.current_prompt,
        row.revealed,
        row.created_at,
        row.expires_at,
    )


def _submission(row: Submission) -> SubmissionRecord:
    return SubmissionRecord(
        row.id,
        row.room_id,
        row.participant_id,
        row.nickname,
        row.prompt_index,
        row.reply,
        row.analysis if isinstance(row.analysis, dict) else {},
        row.crisis,
        row.share_requested,
        row.moderation,
        row.created_at,
    )


def create_room(db: Database, title: str, lifetime: timedelta) -> RoomInfo:
    """A new open room with a fresh code and facilitator secret."""
    now = utcnow()

    def build(code: str) -> Room:
        return Room(
            code=code,
            facilitator_secret=secrets.token_urlsafe(24),
            title=title,
            status="open",
            current_prompt=None,
            revealed=False,
            created_at=now,
            expires_at=now + lifetime,
        )

    return insert_with_code(db, build, _room, "the room")


def room_by_code(db: Database, code: str) -> RoomInfo | None:
    with db.read() as session:
        row = session.scalar(select(Room).where(Room.code == normalise_code(code)))
        return _room(row) if row else None


def update_room(db: Database, room_id: int, **values: Any) -> None:
    """Change `status`, `current_prompt`, `revealed` or `title`."""
    allowed = {"status", "current_prompt", "revealed", "title"}
    if not values or set(values) - allowed:
        raise ValueError(f"update_room takes {sorted(allowed)}, got {sorted(values)}")
    query = update(Room).where(Room.id == room_id).values(**values)
    db.write(lambda session: session.execute(query), what="the room")


def delete_room(db: Database, room_id: int) -> None:
    def remove(session: Session) -> None:
        row = session.get(Room, room_id)
        if row is not None:
            session.delete(row)

    db.write(remove, what="the deletion")


def add_submission(db: Database, record: SubmissionRecord) -> None:
    """Save one participant's reply; the same id again is a no-op."""

    def insert(session: Session) -> None:
        if session.get(Submission, record.id) is None:
            session.add(Submission(**{f: getattr(record, f) for f in SubmissionRecord.__dataclass_fields__}))

    db.write(insert, what="your answer")


def submissions_for(
    db: Database, room_id: int, prompt_index: int | None = None
) -> tuple[SubmissionRecord, ...]:
    query = select(Submission).where(Submission.room_id == room_id)
    if prompt_index is not None:
        query = query.where(Submission.prompt_index == prompt_index)
    with db.read() as session:
        return tuple(
            _submission(r) for r in session.scalars(query.order_by(Submission.created_at, Submission.id))
        )


def set_moderation(db: Database, submission_id: uuid.UUID, status: str) -> None:
    if status not in MODERATION:
        raise ValueError(f"moderation must be one of {MODERATION}, got {status!r}")
    query = update(Submission).where(Submission.id == submission_id).values(moderation=status)
    db.write(lambda session: session.execute(query), what="the moderation")
