"""What the safety screen returns: plain frozen dataclasses that cross module boundaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RiskKind = Literal[
    "ideation",
    "method_means",
    "self_harm",
    "abuse_violence",
    "reported_threat",
    "fear_of_person",
    "third_party",
    "other_language",
]
RISK_KINDS: tuple[str, ...] = RiskKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RiskHit:
    """One sign of risk: which rule saw it, where in the original text, and why."""

    kind: RiskKind
    rule_id: str
    start: int  # character offsets into the text given to `screen()`
    end: int
    text: str  # always == original[start:end]
    explanation: str  # one sentence naming the kind of risk


@dataclass(frozen=True, slots=True)
class SafetyScreen:
    risk: bool
    hits: tuple[RiskHit, ...] = ()
    vetoed: tuple[tuple[str, str], ...] = ()  # (rule id, exception that vetoed it), for the trace

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k in RISK_KINDS if any(h.kind == k for h in self.hits))


NO_RISK = SafetyScreen(risk=False)
