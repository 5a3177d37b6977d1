"""Progress from a person's own attempts: per skill over time, counts, best tries, and
before/after pairs. Pure: a list of `PracticeAttempt` in, frozen results out.

Which labels count as which skill is data (`coach/progress.yaml`), in the same condition
vocabulary the scenario files use. Replies that are not scored (another language, or
no words at all: `coach.scoring`) are left out of every figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.scenario_router import Condition
from coach.scoring import not_scored_reason
from nlp.types import Analysis

if TYPE_CHECKING:
    from collections.abc import Mapping

PROGRESS_FILE = Path(__file__).with_name("progress.yaml")
BEST_LIMIT = 3
PAIR_LIMIT = 3


class ProgressError(ValueError):
    """coach/progress.yaml is malformed; the message names the field."""


class SkillRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1)
    explain: str = Field(min_length=1)
    when: Condition = Condition()
    unless: Condition = Condition()

    def shown_in(self, analysis: Analysis) -> bool:
        return self.when.matches(analysis) and not self.unless.met(analysis)


class _File(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    skills: dict[str, SkillRule] = Field(min_length=1)


@lru_cache(maxsize=4)
def load_skills(path: Path = PROGRESS_FILE) -> Mapping[str, SkillRule]:
    """The skills the page follows, in file order (read-only: the result is cached)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return MappingProxyType(dict(_File.model_validate(data).skills))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ProgressError(f"{path.name}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class PracticeAttempt:
    """One submitted reply, as the progress and history pages need it."""

    at: datetime
    reply: str
    analysis: Analysis
    prompt: str | None = None  # what the other person said before it
    skill: str | None = None  # the scenario's skill key
    scenario_id: str | None = None  # None for free practice
    title: str | None = None
    run_id: str | None = None
    node_id: str | None = None


@dataclass(frozen=True, slots=True)
class SkillDay:
    day: date
    skill: str  # key in progress.yaml
    label: str
    replies: int  # scored replies that day
    shown: int  # of those, replies that showed the skill

    @property
    def share(self) -> float:
        return self.shown / self.replies if self.replies else 0.0


@dataclass(frozen=True, slots=True)
class SkillCount:
    skill: str
    label: str
    explain: str
    shown: int


@dataclass(frozen=True, slots=True)
class Scored:
    attempt: PracticeAttempt
    skills: tuple[str, ...]  # labels of the skills it shows
    helps: int
    hurts: int

    @property
    def score(self) -> int:
        return len(self.skills) + self.helps - self.hurts


@dataclass(frozen=True, slots=True)
class Pair:
    """A first try and a later, better try at the same line of the same scenario."""

    before: Scored
    after: Scored


@dataclass(frozen=True, slots=True)
class Progress:
    replies: int  # scored replies
    not_scored: int  # replies in another language or with no words
    days: int
    scenarios: int  # distinct scenarios tried
    by_day: tuple[SkillDay, ...]
    totals: tuple[SkillCount, ...]
    best: tuple[Scored, ...]
    pairs: tuple[Pair, ...]

    @property
    def is_empty(self) -> bool:
        return self.replies == 0


def score(attempt: PracticeAttempt, skills: Mapping[str, SkillRule]) -> Scored:
    flags = attempt.analysis.flags
    return Scored(
        attempt=attempt,
        skills=tuple(rule.label for rule in skills.values() if rule.shown_in(attempt.analysis)),
        helps=sum(1 for f in flags if f.polarity == "helps"),
        hurts=sum(1 for f in flags if f.polarity == "hurts"),
    )


def is_scored(attempt: PracticeAttempt) -> bool:
    return not attempt.analysis.crisis and not_scored_reason(attempt.analysis) is None


def compute(attempts: list[PracticeAttempt] | tuple[PracticeAttempt, ...]) -> Progress:
    """Everything the progress page shows, from the person's attempts in any order."""
    skills = load_skills()
    ordered = sorted(attempts, key=lambda a: a.at)
    scored = [score(a, skills) for a in ordered if is_scored(a)]
    return Progress(
        replies=len(scored),
        not_scored=len(ordered) - len(scored),
        days=len({s.attempt.at.date() for s in scored}),
        scenarios=len({s.attempt.scenario_id for s in scored if s.attempt.scenario_id}),
        by_day=_by_day(scored, skills),
        totals=tuple(
            SkillCount(key, rule.label, rule.explain, sum(1 for s in scored if rule.label in s.skills))
            for key, rule in skills.items()
        ),
        best=_best(scored),
        pairs=_pairs(scored),
    )


def _by_day(scored: list[Scored], skills: Mapping[str, SkillRule]) -> tuple[SkillDay, ...]:
    days: dict[date, list[Scored]] = defaultdict(list)
    for s in scored:
        days[s.attempt.at.date()].append(s)
    return tuple(
        SkillDay(day, key, rule.label, len(group), sum(1 for s in group if rule.label in s.skills))
        for day, group in sorted(days.items())
        for key, rule in skills.items()
    )


def _best(scored: list[Scored]) -> tuple[Scored, ...]:
    """The highest-scoring replies with nothing to work on; the latest wins a tie."""
    clean = [s for s in scored if s.hurts == 0 and s.score > 0]
    ranked = sorted(clean, key=lambda s: (s.score, s.attempt.at), reverse=True)
    return tuple(ranked[:BEST_LIMIT])


def _pairs(scored: list[Scored]) -> tuple[Pair, ...]:
    """Per scenario line, the first try against the best later try, when it is better."""
    lines: dict[tuple[str, str], list[Scored]] = defaultdict(list)
    for s in scored:
        a = s.attempt
        if a.scenario_id and a.node_id:
            lines[(a.scenario_id, a.node_id)].append(s)
    pairs = []
    for group in lines.values():
        first, later = group[0], group[1:]
        if not later:
            continue
        best = max(later, key=lambda s: (s.score, -s.hurts, s.attempt.at))
        if best.score > first.score or best.hurts < first.hurts:
            pairs.append(Pair(first, best))
    pairs.sort(key=lambda p: (p.after.score - p.before.score, p.after.attempt.at), reverse=True)
    return tuple(pairs[:PAIR_LIMIT])
