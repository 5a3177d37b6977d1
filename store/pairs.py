"""Couples pair sessions: shared state two phones read, updated with optimistic locking.

`save_pair_state` only writes when the caller saw the latest version, so two phones that
act at once cannot overwrite each other: the loser gets False, reloads and tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from store.codes import insert_with_code, normalise_code
from store.db import Database
from store.models import PairSession, utcnow


@dataclass(frozen=True, slots=True)
class PairInfo:
    id: int
    code: str
    status: str
    state: dict[str, Any]
    version: int
    expires_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status == "open" and self.expires_at > utcnow()


def _info(row: PairSession) -> PairInfo:
    state = row.state if isinstance(row.state, dict) else {}
    return PairInfo(row.id, row.code, row.status, state, row.version, row.expires_at)


def create_pair(db: Database, state: dict[str, Any], lifetime: timedelta) -> PairInfo:
    now = utcnow()

    def build(code: str) -> PairSession:
        return PairSession(
            code=code,
            status="open",
            state=state,
            version=1,
            created_at=now,
            updated_at=now,
            expires_at=now + lifetime,
        )

    return insert_with_code(db, build, _info, "the pair session")


def pair_by_code(db: Database, code: str) -> PairInfo | None:
    with db.read() as session:
        row = session.scalar(select(PairSession).where(PairSession.code == normalise_code(code)))
        return _info(row) if row else None


def save_pair_state(
    db: Database, pair_id: int, seen_version: int, state: dict[str, Any], *, status: str | None = None
) -> bool:
    """Write `state` if the stored version is still `seen_version`; True when written."""
    values: dict[str, Any] = {"state": state, "version": seen_version + 1, "updated_at": utcnow()}
    if status is not None:
        values["status"] = status
    query = (
        update(PairSession)
        .where(PairSession.id == pair_id, PairSession.version == seen_version)
        .values(**values)
    )
    return bool(db.write(lambda session: session.execute(query).rowcount, what="your turn"))


def pair_version(db: Database, code: str) -> int | None:
    """Only the version: what a phone polls every second to see whether anything moved."""
    query = select(PairSession.version).where(PairSession.code == normalise_code(code))
    with db.read() as session:
        return session.scalar(query)
