"""Two phones, one session: seats, and the lobby before both have joined.

The pair code itself comes from `store.codes` (random, no look-alike characters) and
expires after `PAIR_TTL`. Each phone holds a seat token (kept in its own address), so a
third device cannot take a seat and a reload finds its own seat again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from coach.couples.session import CoupleSession, IllegalMove, clean_name, start

PAIR_TTL = timedelta(hours=3)  # long enough for an evening's exercise


def new_seat_token() -> str:
    return secrets.token_urlsafe(12)


def show_code(code: str) -> str:
    """'ABC DEF': easier to read out across a room."""
    return f"{code[:3]} {code[3:]}"


@dataclass(frozen=True, slots=True)
class PairState:
    """What the database holds for a pair: seats, the lobby, and the session once both joined."""

    seats: tuple[str, ...]  # seat tokens; index = partner index
    names: tuple[str, ...]
    exercise_id: str
    first_speaker: int
    session: CoupleSession | None = None
    private: tuple[bool, ...] = ()  # per seat: save nothing to that partner's history

    @property
    def waiting(self) -> bool:
        return self.session is None

    def is_private(self, seat: int) -> bool:
        return seat < len(self.private) and self.private[seat]

    def seat_of(self, token: str | None) -> int | None:
        if not token:
            return None
        return next((i for i, t in enumerate(self.seats) if secrets.compare_digest(t, token)), None)


def open_pair(name: str, exercise_id: str, token: str, first_speaker: int = 0, private: bool = False) -> PairState:
    """The first phone's side: its name, the exercise set, who speaks first."""
    if first_speaker not in (0, 1):
        raise IllegalMove("The first speaker must be one of the two partners.")
    return PairState((token,), (clean_name(name),), exercise_id, first_speaker, private=(private,))


def join_pair(pair: PairState, name: str, token: str, prompts: tuple[str, ...], private: bool = False) -> PairState:
    """The second phone takes the other seat, and the exercise starts."""
    if not pair.waiting or len(pair.seats) != 1:
        raise IllegalMove("Both seats of this pair are taken already.")
    names = (pair.names[0], clean_name(name))
    session = start(names, pair.exercise_id, prompts, pair.first_speaker)
    return replace(pair, seats=(pair.seats[0], token), names=names, session=session,
                   private=(*pair.private[:1], private))

