"""Half-typed replies, kept per profile and key (e.g. run and turn) so a reload keeps them."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from store.db import Database
from store.models import Draft, utcnow

MAX_DRAFT = 20_000  # well above the engine's input limit; a runaway paste is cut, not refused


def save_draft(db: Database, profile_id: int, key: str, text: str) -> None:
    """Keep `text` as the draft for `key`; an empty text removes it."""
    text = text[:MAX_DRAFT]

    def upsert(session: Session) -> None:
        row = session.get(Draft, (profile_id, key))
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(Draft(profile_id=profile_id, key=key, text=text, updated_at=utcnow()))
        else:
            row.text, row.updated_at = text, utcnow()

    db.write(upsert, what="your unfinished reply")


def get_draft(db: Database, profile_id: int, key: str) -> str:
    with db.read() as session:
        row = session.get(Draft, (profile_id, key))
        return row.text if row else ""


def clear_draft(db: Database, profile_id: int, key: str) -> None:
    query = delete(Draft).where(Draft.profile_id == profile_id, Draft.key == key)
    db.write(lambda session: session.execute(query), what="your unfinished reply")
