"""A room's life: open until the facilitator closes it or its time runs out; one prompt at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

PromptSource = Literal["scenario", "custom", "pack"]

MIN_MINUTES = 10
MAX_MINUTES = 8 * 60  # a full-day workshop
DEFAULT_MINUTES = 120
MAX_PROMPT_CHARS = 600  # the same limit as a scenario line
MAX_NICKNAME = 30


class RoomInputError(ValueError):
    """Something the facilitator or a participant typed cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Prompt:
    """What the room is answering now. `index` numbers prompts so answers group by prompt."""

    index: int
    says: str
    source: PromptSource
    skill: str | None = None
    origin: str = ""  # scenario id and turn, or the pack title

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "says": self.says,
            "source": self.source,
            "skill": self.skill,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Prompt | None:
        """The stored prompt, or None when there is none or it is damaged."""
        if not isinstance(data, dict):
            return None
        says, index = data.get("says"), data.get("index")
        if not isinstance(says, str) or not isinstance(index, int):
            return None
        source = data.get("source") if data.get("source") in ("scenario", "custom", "pack") else "custom"
        skill = data.get("skill") if isinstance(data.get("skill"), str) else None
        origin = data.get("origin") if isinstance(data.get("origin"), str) else ""
        return cls(index, says, source, skill, origin)


def lifetime(minutes: int) -> timedelta:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise RoomInputError(f"A room stays open between {MIN_MINUTES} and {MAX_MINUTES} minutes; got {minutes}.")
    return timedelta(minutes=minutes)


def is_open(status: str, expires_at: datetime, now: datetime) -> bool:
    return status == "open" and now < expires_at


def next_prompt(current: Prompt | None, says: str, source: PromptSource, skill: str | None = None,
                origin: str = "") -> Prompt:
    """The next prompt: a new index, so earlier answers stay with their own prompt."""
    text = " ".join(says.split())
    if not text:
        raise RoomInputError("The prompt is empty: type what the other person says.")
    if len(text) > MAX_PROMPT_CHARS:
        raise RoomInputError(f"The prompt is {len(text)} characters; keep it under {MAX_PROMPT_CHARS}.")
    return Prompt(0 if current is None else current.index + 1, text, source, skill, origin)


def clean_nickname(typed: str | None) -> str | None:
    """A nickname as shown to the facilitator, or None for anonymous."""
    name = " ".join((typed or "").split())
    if len(name) > MAX_NICKNAME:
        raise RoomInputError(f"Keep the nickname under {MAX_NICKNAME} characters.")
    return name or None
