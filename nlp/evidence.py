"""How a label was decided: named cues with weights, summed against a threshold.

Shared vocabulary for every detector that decides by evidence (see
`nlp/rules/weights.yaml`). A `Decision` is plain data so `--explain` can print it,
tests can compare it and `Analysis` can carry it across the `nlp/` boundary.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence found in the reply (or vetoed by a guard)."""

    name: str  # dotted, e.g. "reflection.stem"
    weight: float  # signed contribution to the score, from weights.yaml
    start: int = -1  # character offsets into the reply, or -1 when not tied to words
    end: int = -1
    text: str = ""
    vetoed_by: str = ""  # guard name when a guard removed this cue; weight then does not count


@dataclass(frozen=True, slots=True)
class Decision:
    """One label decided for one unit (or the whole reply)."""

    label: str  # e.g. "reflection", "roadblocks.advising", "question"
    value: str  # what was decided: "1"/"0", "open", "request"...
    score: float
    threshold: float
    cues: tuple[Cue, ...] = ()
    unit: int = -1  # index of the unit the decision is about, -1 for the whole reply
    reason: str = ""  # one line, e.g. "score 1.6 >= 1.0" or "vetoed: advice in the same unit"

    @property
    def counted(self) -> tuple[Cue, ...]:
        return tuple(c for c in self.cues if not c.vetoed_by)


def decide_by_score(label: str, cues: tuple[Cue, ...], threshold: float, *, unit: int = -1,
                    yes: str = "1", no: str = "0") -> Decision:
    """Sum the counted cues; `yes` when the score reaches the threshold."""
    score = round(sum(c.weight for c in cues if not c.vetoed_by), 4)
    hit = score >= threshold
    reason = f"score {score:g} {'>=' if hit else '<'} {threshold:g}"
    return Decision(label, yes if hit else no, score, threshold, cues, unit, reason)
