"""Practice history on this device: one JSON file, written atomically, read back on start.

- Where: `$REHEARSE_HOME/history.json` (default `~/.rehearse/history.json`).
- Writes go to a temp file in the same folder, are fsync'd, then `os.replace`d over the
  old file, so a crash mid-write leaves the previous version intact.
- A file that cannot be parsed is moved aside (`history.json.corrupt-<timestamp>`) and a
  fresh history starts, with a notice. If it cannot even be moved, writes are blocked so
  nothing overwrites it.
- A failed write raises `HistoryWriteError`; the caller keeps its in-memory history.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from nlp.types import Analysis

logger = logging.getLogger(__name__)

HOME_ENV = "REHEARSE_HOME"
FILE_NAME = "history.json"


class HistoryWriteError(OSError):
    """The history could not be saved; the message says where and that memory is kept."""


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
    return uuid.uuid4().hex[:12]


def default_path() -> Path:
    home = os.environ.get(HOME_ENV)
    base = Path(home).expanduser() if home else Path.home() / ".rehearse"
    return base / FILE_NAME


def analysis_from_dict(data: dict[str, Any]) -> Analysis:
    """Rebuild an `Analysis` saved with `Analysis.to_dict()` (tolerant: see `Analysis.from_dict`)."""
    return Analysis.from_dict(data)


@dataclass(frozen=True, slots=True)
class Loaded:
    history: History
    notice: str | None = None  # shown once, e.g. "your old file was moved aside"


class HistoryStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.blocked: str | None = None  # why writes are refused (to protect a file)

    def load(self) -> Loaded:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):  # nothing saved yet: nothing to protect
            return Loaded(History())
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"it could not be read ({exc})")
        try:
            return Loaded(History.model_validate(json.loads(raw)))
        except (json.JSONDecodeError, ValidationError, TypeError) as exc:
            logger.warning("history file %s is not valid: %s", self.path, exc)
            return self._set_aside("it is damaged or in an unknown format")

    def _set_aside(self, why: str) -> Loaded:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self.blocked = f"{self.path} could not be moved aside ({exc})"
            return Loaded(
                History(),
                f"Your saved history at {self.path} could not be opened: {why}. It was left "
                "untouched, and nothing new will be saved over it this session.",
            )
        return Loaded(
            History(),
            f"Your saved history could not be opened: {why}. It was kept as {target.name} "
            "in the same folder, and a fresh history has started.",
        )

    def save(self, history: History) -> None:
        """Write atomically: temp file, fsync, os.replace. Raises HistoryWriteError."""
        if self.blocked:
            raise HistoryWriteError(f"Not saved: {self.blocked}. Your practice is kept for this session.")
        payload = history.model_dump_json(indent=1)
        tmp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".history-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            tmp_name = None
            self._sync_folder()
        except OSError as exc:
            raise HistoryWriteError(
                f"Could not save your history to {self.path} ({exc.strerror or exc}). "
                "Your practice is kept for this session; it will be saved with the next change."
            ) from exc
        finally:
            if tmp_name:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)

    def _sync_folder(self) -> None:
        """fsync the folder so the rename itself survives a power cut (POSIX only)."""
        if not hasattr(os, "O_DIRECTORY"):
            return
        with contextlib.suppress(OSError):
            fd = os.open(self.path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def clear(self) -> None:
        """Replace the file with an empty history (asked for, and confirmed, by the user)."""
        self.save(History())
