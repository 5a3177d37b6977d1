"""The shapes of a practice history: runs, turns, attempts and free-practice entries.

Plain pydantic models that `coach.practice` works on; `store.solo` reads and writes them
(a run's state in one row, each attempt in a row of its own).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel


class Attempt(BaseModel):
    text: str
    at: str
    analysis: dict[str, Any]


class Turn(BaseModel):
    node_id: str
    says: str
    attempts: list[Attempt] = []


class Run(BaseModel):
    """One go at a scenario: every turn and every attempt, finished or not."""

    id: str
    scenario_id: str
    title: str
    skill: str
    started: str
    finished: str | None = None
    ended_early: bool = False  # left with "Start over" before the end
    turns: list[Turn] = []


class FreeEntry(BaseModel):
    id: str
    at: str
    text: str
    context: str | None = None
    analysis: dict[str, Any]


class History(BaseModel):
    version: Literal[1] = 1
    runs: list[Run] = []
    free: list[FreeEntry] = []

    @property
    def is_empty(self) -> bool:
        return not self.runs and not self.free


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    return uuid.uuid4().hex  # a full uuid: the store keys runs and attempts by it
