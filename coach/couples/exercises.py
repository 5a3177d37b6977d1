"""Guided exercise sets for couples (`exercises/couples/*.yaml`), validated into frozen models.

Each file is read with `yaml.safe_load`; a bad file raises `ExerciseError` naming the file
and the field, so a typo is caught by the tests rather than on a couple's screen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

COUPLES_DIR = Path(__file__).resolve().parent.parent.parent / "exercises" / "couples"

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ExerciseError(ValueError):
    """An exercise set file is malformed; the message names the file and the field."""


class ExerciseSet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    title: Line
    purpose: Line
    order: int = Field(100, ge=0)
    prompts: tuple[Line, ...] = Field(min_length=1)
    starters: tuple[Line, ...] = Field(min_length=1)
    # The coach skill the speaker's check coaches (coach/verdicts.yaml `skills`): an
    # appreciation round is not told to "end with a doable request".
    skill: Literal["speaking_up", "asking", "repair", "appreciation"] = "speaking_up"

    def prompt_for(self, exchange: int) -> str:
        """The prompt for the n-th exchange (0-based), cycling through the list."""
        return self.prompts[exchange % len(self.prompts)]


def load_set(path: Path) -> ExerciseSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExerciseError(f"{path}: cannot be read as YAML ({exc})") from None
    if not isinstance(data, dict):
        raise ExerciseError(f"{path}: expected a mapping of fields, got {type(data).__name__}")
    try:
        exercise = ExerciseSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ExerciseError(f"{path}: field {where}: {first['msg']}") from None
    if exercise.id != path.stem:
        raise ExerciseError(f"{path}: field id: must equal the file name without extension ({path.stem!r})")
    return exercise


@lru_cache(maxsize=4)
def load_sets(folder: Path = COUPLES_DIR) -> tuple[ExerciseSet, ...]:
    """Every set in `folder`, in their `order`; the first bad file raises ExerciseError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExerciseError(f"{folder}: the couples exercise folder is missing")
    sets = [load_set(p) for p in sorted(folder.glob("*.yaml"))]
    if not sets:
        raise ExerciseError(f"{folder}: no exercise sets (*.yaml) found")
    return tuple(sorted(sets, key=lambda s: (s.order, s.id)))


def find_set(exercise_id: str, folder: Path = COUPLES_DIR) -> ExerciseSet | None:
    return next((s for s in load_sets(folder) if s.id == exercise_id), None)
