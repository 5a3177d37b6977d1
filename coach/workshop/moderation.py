"""The wall: a reply reaches the projector only if its author shared it and the facilitator approved it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Moderation = Literal["pending", "approved", "rejected"]
MODERATION: tuple[Moderation, ...] = ("pending", "approved", "rejected")
# From a state to the states a facilitator can move it to: a rejected reply can be approved
# after a second look, and an approved one taken back down.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "pending": ("approved", "rejected"),
    "approved": ("rejected",),
    "rejected": ("approved",),
}


class ModerationError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Shared:
    """What moderation needs to know about one submission."""

    id: str
    text: str
    share_requested: bool
    crisis: bool
    moderation: str


def check_transition(current: str, new: str) -> None:
    if new not in TRANSITIONS.get(current, ()):
        raise ModerationError(f"A reply that is {current} cannot become {new}.")


def queue(items: tuple[Shared, ...] | list[Shared]) -> tuple[Shared, ...]:
    """Shared replies waiting for the facilitator (crisis replies never queue: they stay private)."""
    return tuple(s for s in items if s.share_requested and not s.crisis and s.moderation == "pending")


def wall(items: tuple[Shared, ...] | list[Shared]) -> tuple[Shared, ...]:
    """Replies on the projector: shared by their author, approved, never crisis."""
    return tuple(s for s in items if s.share_requested and not s.crisis and s.moderation == "approved")
