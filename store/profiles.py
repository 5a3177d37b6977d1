"""Local profiles: a name, no password. Everything a person saves hangs off their profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.db import Database
from store.errors import StoreError
from store.models import Attempt, Profile

DEFAULT_NAME = "Me"
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    id: int
    name: str
    created_at: datetime


def _info(row: Profile) -> ProfileInfo:
    return ProfileInfo(row.id, row.name, row.created_at)


def clean_name(name: object) -> str:
    """The name as it will be stored, or a StoreError saying what is wrong with it."""
    if not isinstance(name, str) or not name.strip():
        raise StoreError("Type a name for the profile (any name; there is no password).")
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_NAME:
        raise StoreError(f"That name is {len(cleaned)} characters; keep it to {MAX_NAME}.")
    return cleaned


def list_profiles(db: Database) -> tuple[ProfileInfo, ...]:
    with db.read() as session:
        return tuple(
            _info(p) for p in session.scalars(select(Profile).order_by(Profile.created_at, Profile.id))
        )


def get_profile(db: Database, profile_id: int) -> ProfileInfo | None:
    with db.read() as session:
        row = session.get(Profile, profile_id)
        return _info(row) if row else None


def get_or_create_profile(db: Database, name: str) -> ProfileInfo:
    """The profile called `name`, created if new (safe when two tabs create it at once)."""
    cleaned = clean_name(name)

    def find_or_add(session: Session) -> ProfileInfo:
        row = session.scalar(select(Profile).where(Profile.name == cleaned))
        if row is None:
            row = Profile(name=cleaned)
            session.add(row)
            session.flush()
        return _info(row)

    try:
        return db.write(find_or_add, what="the profile")
    except StoreError as exc:
        if not isinstance(exc.__cause__, IntegrityError):
            raise
        return db.write(find_or_add, what="the profile")  # another process created it first


def default_profile(db: Database) -> ProfileInfo:
    """The first profile made on this database, or a new one called "Me"."""
    profiles = list_profiles(db)
    return profiles[0] if profiles else get_or_create_profile(db, DEFAULT_NAME)


def delete_profile_data(db: Database, profile_id: int) -> int:
    """Remove the profile and every row of theirs (runs, attempts, drafts cascade).
    Returns how many attempts were removed."""

    def remove(session: Session) -> int:
        count = session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.profile_id == profile_id)
        )
        session.execute(delete(Profile).where(Profile.id == profile_id))
        return int(count or 0)

    return db.write(remove, what="the deletion")
