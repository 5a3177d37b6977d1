"""The typed result that flows from `nlp/` to `coach/` to the page.

Plain frozen dataclasses of plain types: they pickle, hash, compare and cache.
No spaCy object ever leaves `nlp/`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Polarity = Literal["helps", "hurts", "note"]
Style = Literal["i_statement", "blame", "neutral"]
QuestionKind = Literal["open", "closed", "none"]
RequestKind = Literal["request", "demand", "none"]

HORSEMEN = ("criticism", "contempt", "defensiveness", "stonewalling")
ROADBLOCKS = (
    "advising",
    "dismissing",
    "judging",
    "arguing",
    "hijacking",
    "interrogating",
    "withdrawing",
)


@dataclass(frozen=True, slots=True)
class Flag:
    """One finding: which words, which rule, and why."""

    rule_id: str  # dotted lower-case, e.g. "blame.you_absolute"
    category: str  # UPPER_SNAKE, e.g. "CRITICISM"
    start: int  # character offset into Analysis.text
    end: int
    text: str  # always == Analysis.text[start:end]
    explanation: str  # one sentence
    polarity: Polarity
    evidence: str = ""  # optional detail, e.g. "echoes: job, tired"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Tone:
    """Overall tone from VADER plus intensity cues. Tone is intensity, not a verdict:
    a hurt I-statement is negative in tone and still good communication."""

    compound: float  # VADER compound, -1..1
    positive: float
    negative: float
    neutral: float
    intensity: Literal["low", "medium", "high"]
    cues: tuple[str, ...] = ()  # e.g. ("ALL CAPS: NEVER", "repeated !!")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["cues"] = list(self.cues)
        return d


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the engine says about one reply."""

    text: str
    context: str | None
    language: Literal["en", "other"]
    style: Style
    pseudo_i_statement: bool
    horsemen: tuple[str, ...]  # subset of HORSEMEN, in that order
    reflection: bool
    roadblocks: tuple[str, ...]  # subset of ROADBLOCKS, in that order
    question: QuestionKind
    request: RequestKind
    crisis: bool
    tone: Tone
    flags: tuple[Flag, ...] = ()
    notices: tuple[str, ...] = ()  # plain-language caveats, e.g. "built for English"
    model_name: str = ""
    rules_version: str = ""

    def flags_in(self, *categories: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.category in categories)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "context": self.context,
            "language": self.language,
            "style": self.style,
            "pseudo_i_statement": self.pseudo_i_statement,
            "horsemen": list(self.horsemen),
            "reflection": self.reflection,
            "roadblocks": list(self.roadblocks),
            "question": self.question,
            "request": self.request,
            "crisis": self.crisis,
            "tone": self.tone.to_dict(),
            "flags": [f.to_dict() for f in self.flags],
            "notices": list(self.notices),
            "model_name": self.model_name,
            "rules_version": self.rules_version,
        }
