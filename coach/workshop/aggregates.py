"""What the room's answers add up to: anonymous counts, only from 3 answers up.

Crisis replies are never counted (they are private), and a flagged phrase is listed only when
at least two different answers used it, so the ranked list cannot quote one person's reply.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nlp.types import Analysis

MIN_ANSWERS = 3  # below this a share points at a person, not at a room
MIN_PHRASE_ANSWERS = 2  # a phrase one person used is their text, not the room's
MAX_PHRASES = 8
MAX_PHRASE_WORDS = 6


@dataclass(frozen=True, slots=True)
class Pair:
    """Two counts that belong together, e.g. I-statements vs blame, out of `total` answers."""

    name: str
    good_label: str
    good: int
    poor_label: str
    poor: int
    total: int

    def share(self, count: int) -> int:
        """Percent of all answers, rounded."""
        return round(100 * count / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class Aggregate:
    answers: int
    pairs: tuple[Pair, ...]
    phrases: tuple[tuple[str, int], ...]  # (phrase, answers using it), most used first


def _phrase(text: str) -> str:
    words = re.sub(r"[^\w' ]+", " ", text.lower()).split()
    return " ".join(words[:MAX_PHRASE_WORDS])


def counted(analyses: list[Analysis] | tuple[Analysis, ...]) -> tuple[Analysis, ...]:
    """The answers that count: not crisis, and in English (others get no labels)."""
    return tuple(a for a in analyses if not a.crisis and a.language == "en")


def aggregate(analyses: list[Analysis] | tuple[Analysis, ...]) -> Aggregate | None:
    """The room's picture, or None while fewer than MIN_ANSWERS answers count."""
    answers = counted(analyses)
    n = len(answers)
    if n < MIN_ANSWERS:
        return None
    pairs = (
        Pair("Speaking up", "I-statements", sum(a.style == "i_statement" for a in answers),
             "blame", sum(a.style == "blame" for a in answers), n),
        Pair("Listening", "reflections", sum(a.reflection for a in answers),
             "roadblocks", sum(bool(a.roadblocks) for a in answers), n),
        Pair("Asking", "open questions", sum(a.question == "open" for a in answers),
             "closed questions", sum(a.question == "closed" for a in answers), n),
    )
    uses: Counter[str] = Counter()
    for a in answers:
        uses.update({_phrase(f.text) for f in a.flags if f.polarity == "hurts"} - {""})
    ranked = sorted(((p, c) for p, c in uses.items() if c >= MIN_PHRASE_ANSWERS), key=lambda pc: (-pc[1], pc[0]))
    return Aggregate(n, pairs, tuple(ranked[:MAX_PHRASES]))
