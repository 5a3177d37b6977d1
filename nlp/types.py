"""The typed result that flows from `nlp/` to `coach/` to the page.

Plain frozen dataclasses of plain types: they pickle, hash, compare and cache.
No spaCy object ever leaves `nlp/`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

from nlp.evidence import Cue, Decision

Polarity = Literal["helps", "hurts", "note"]
Style = Literal["i_statement", "blame", "neutral"]
QuestionKind = Literal["open", "closed", "none"]
RequestKind = Literal["request", "demand", "none"]

HORSEMEN = ("criticism", "contempt", "defensiveness", "stonewalling")
# Bumped when the stored shape of `Analysis.to_dict()` changes.
ANALYSIS_SCHEMA_VERSION = 1
ROADBLOCKS = (
    "advising",
    "dismissing",
    "judging",
    "arguing",
    "hijacking",
    "interrogating",
    "withdrawing",
)
# The one vocabulary of labels an analysis decides: batch, CLI, storage, eval and routing read it.
LABEL_FIELDS = (
    "style",
    "pseudo_i_statement",
    "horsemen",
    "reflection",
    "roadblocks",
    "question",
    "request",
    "crisis",
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

    @classmethod
    def from_dict(cls, data: object) -> Tone:
        d = data if isinstance(data, dict) else {}
        intensity = d.get("intensity")
        return cls(
            compound=_number(d.get("compound")),
            positive=_number(d.get("positive")),
            negative=_number(d.get("negative")),
            neutral=_number(d.get("neutral"), 1.0),
            intensity=intensity if intensity in ("low", "medium", "high") else "low",
            cues=_strings(d.get("cues")),
        )


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of the reply as the listening detectors read it (see nlp/units.py)."""

    kind: str  # statement | restatement | question | check | request_question
    start: int  # character offsets into Analysis.text
    end: int
    text: str
    question: str = "none"  # open | closed | none (a request_question is closed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    engine_version: str = ""  # nlp.version.engine_version(): code, rules, word lists and model
    units: tuple[Unit, ...] = ()  # the reply as the listening detectors read it (nlp/units.py)
    decisions: tuple[Decision, ...] = ()  # how each score-decided label was reached (--explain)

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
            "engine_version": self.engine_version,
            "units": [u.to_dict() for u in self.units],
            "decisions": [_decision_dict(d) for d in self.decisions],
        }

    @classmethod
    def from_dict(cls, data: object) -> Analysis:
        """Rebuild a stored `to_dict()`; unknown keys are ignored and missing or mistyped
        ones fall back to "nothing found", so results saved by any older version load."""
        d = data if isinstance(data, dict) else {}
        text = d.get("text") if isinstance(d.get("text"), str) else ""
        context = d.get("context") if isinstance(d.get("context"), str) else None
        return cls(
            text=text,
            context=context,
            language="other" if d.get("language") == "other" else "en",
            style=_choice(d.get("style"), ("i_statement", "blame", "neutral"), "neutral"),
            pseudo_i_statement=d.get("pseudo_i_statement") is True,
            horsemen=tuple(h for h in HORSEMEN if h in _strings(d.get("horsemen"))),
            reflection=d.get("reflection") is True,
            roadblocks=tuple(r for r in ROADBLOCKS if r in _strings(d.get("roadblocks"))),
            question=_choice(d.get("question"), ("open", "closed", "none"), "none"),
            request=_choice(d.get("request"), ("request", "demand", "none"), "none"),
            crisis=d.get("crisis") is True,
            tone=Tone.from_dict(d.get("tone")),
            flags=tuple(f for item in _items(d.get("flags")) if (f := _flag_from_dict(item, text))),
            notices=_strings(d.get("notices")),
            model_name=str(d.get("model_name") or ""),
            rules_version=str(d.get("rules_version") or ""),
            engine_version=str(d.get("engine_version") or ""),
            units=tuple(u for item in _items(d.get("units")) if (u := _unit_from_dict(item, text))),
            decisions=tuple(x for item in _items(d.get("decisions")) if (x := _decision_from_dict(item))),
        )


def _choice(value: object, allowed: tuple[str, ...], default: str) -> Any:
    return value if value in allowed else default


def _number(value: object, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return float(value) if math.isfinite(value) else default


def _strings(value: object) -> tuple[str, ...]:
    return tuple(v for v in _items(value) if isinstance(v, str))


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _flag_from_dict(data: object, text: str) -> Flag | None:
    """A stored flag, or None when it no longer fits its text (offsets are what the page marks)."""
    if not isinstance(data, dict):
        return None
    start, end = data.get("start"), data.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(text)):
        return None
    polarity = _choice(data.get("polarity"), ("helps", "hurts", "note"), "note")
    return Flag(
        rule_id=str(data.get("rule_id") or ""),
        category=str(data.get("category") or ""),
        start=start,
        end=end,
        text=text[start:end],
        explanation=str(data.get("explanation") or ""),
        polarity=polarity,
        evidence=str(data.get("evidence") or ""),
    )


def _decision_dict(decision: Decision) -> dict[str, Any]:
    d = asdict(decision)
    d["cues"] = [asdict(c) for c in decision.cues]
    return d


def _unit_from_dict(data: object, text: str) -> Unit | None:
    """A stored unit, or None when its offsets no longer fit the text."""
    if not isinstance(data, dict):
        return None
    start, end = data.get("start"), data.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start <= end <= len(text)):
        return None
    return Unit(str(data.get("kind") or "statement"), start, end, text[start:end],
                _choice(data.get("question"), ("open", "closed", "none"), "none"))


def _decision_from_dict(data: object) -> Decision | None:
    if not isinstance(data, dict) or not isinstance(data.get("label"), str):
        return None
    cues = tuple(
        Cue(str(c.get("name") or ""), _number(c.get("weight")), int(c.get("start", -1)) if type(c.get("start")) is int else -1,
            int(c.get("end", -1)) if type(c.get("end")) is int else -1, str(c.get("text") or ""),
            str(c.get("vetoed_by") or ""))
        for c in _items(data.get("cues")) if isinstance(c, dict)
    )
    unit = data.get("unit")
    return Decision(data["label"], str(data.get("value") or ""), _number(data.get("score")),
                    _number(data.get("threshold")), cues, unit if type(unit) is int else -1,
                    str(data.get("reason") or ""))
