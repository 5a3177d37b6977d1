"""Short codes people type on a phone: no look-alike characters, random, not countable."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.db import Database
from store.errors import StoreError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
CODE_LENGTH = 6  # 31**6 ≈ 887 million codes
CODE_TRIES = 5

R = TypeVar("R")


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """What a person typed, as stored: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def insert_with_code(db: Database, build: Callable[[str], Any], present: Callable[[Any], R], what: str) -> R:
    """Insert `build(code)` with a fresh code, drawing another on the rare clash."""
    for _ in range(CODE_TRIES):
        row = build(new_code())

        def insert(session: Session, row: Any = row) -> R:
            session.add(row)
            session.flush()
            return present(row)

        try:
            return db.write(insert, what=what)
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
    raise StoreError(f"Could not find a free code for {what}; try again.")
