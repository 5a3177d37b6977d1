"""The listener check: which of the speaker's words and feelings came back, and which moves
added the listener's own view (a rebuttal, advice, judging, a motive they never said, or
the listener's own story).

Pure: the words arrive as `nlp.words.Word` tuples (lemmas and feeling families found by the
engine) and the engine's reading of the listener's reply as an `Analysis`; the rules and
weights are data in `listener_rules.yaml` and `near_words.yaml`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.types import Analysis
from nlp.words import Word

RULES_FILE = Path(__file__).with_name("listener_rules.yaml")
NEAR_FILE = Path(__file__).with_name("near_words.yaml")
_CLAUSE_END = re.compile(r"[.!?;]|\bbut\b|\bbecause\b")
GUARD_SHARE = 0.6  # most of the clause's content words are the speaker's own (one of two is not)

GIVING_BACK = frozenset({"statement", "restatement"})  # units that can give their words back (nlp/units.py)
How = Literal["same word", "same feeling", "near word", ""]


class ListenerRulesError(ValueError):
    """listener_rules.yaml or near_words.yaml is malformed; the message names the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Examples(_Frozen):
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


class ListenerRule(_Frozen):
    id: str = Field(pattern=r"^listener\.[a-z_]+$")
    kind: str
    explain: str = Field(min_length=1)
    guard_carried: bool
    patterns: tuple[str, ...] = Field(min_length=1)
    examples: Examples = Examples()

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression ({exc})") from None
        return patterns

    def finditer(self, text: str) -> list[re.Match[str]]:
        lowered = text.lower()
        return [m for p in self.patterns for m in re.finditer(p, lowered) if m.end() > m.start()]


class Decision(_Frozen):
    coverage_weight: float
    feeling_weight: float
    reflection_weight: float
    own_view_weight: float
    question_only_weight: float = 0.0
    threshold: float
    own_view: tuple[str, ...]


class ListenerRules(_Frozen):
    version: int
    kinds: tuple[str, ...] = Field(min_length=1)
    engine_categories: dict[str, str]
    engine_rules: dict[str, str] = {}
    engine_unguarded: tuple[str, ...] = ()
    decision: Decision
    rules: tuple[ListenerRule, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Match:
    """One of the speaker's words, and the listener's word that carried it (if any)."""

    speaker: Word
    listener: Word | None = None
    how: How = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """A move in the listener's reply that adds their own view, with where it is."""

    kind: str
    rule_id: str
    start: int
    end: int
    text: str
    explanation: str


@dataclass(frozen=True, slots=True)
class ListenerCheck:
    matches: tuple[Match, ...]  # one per speaker word, in the speaker's order
    problems: tuple[Problem, ...]
    score: float
    gave_back: bool  # carried their main point without adding the listener's own view
    shown: tuple[Problem, ...] = ()  # the problems as the listener reads them: one per stretch

    @property
    def carried(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.listener is not None)

    @property
    def missed(self) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if m.listener is None)

    @property
    def feelings_carried(self) -> tuple[Match, ...]:
        return tuple(m for m in self.carried if m.speaker.family)

    @property
    def problem_kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.kind for p in self.problems))


def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ListenerRulesError(f"{path}: cannot be read as YAML ({exc})") from None


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> ListenerRules:
    try:
        rules = ListenerRules.model_validate(_read(path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ListenerRulesError(f"{path}: {where}: {first['msg']}") from None
    kinds = set(rules.kinds)
    used = [r.kind for r in rules.rules] + [*rules.engine_categories.values(), *rules.engine_rules.values()]
    unknown = sorted(set(used + list(rules.decision.own_view)) - kinds)
    if unknown:
        raise ListenerRulesError(f"{path}: kinds used but not listed under 'kinds': {unknown}")
    ids = [r.id for r in rules.rules]
    if len(ids) != len(set(ids)):
        raise ListenerRulesError(f"{path}: rules: duplicate rule id")
    return rules


@lru_cache(maxsize=4)
def near_groups(path: Path = NEAR_FILE) -> dict[str, frozenset[int]]:
    """Lemma -> the groups it is in."""
    data = _read(path)
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list) or not all(isinstance(g, list) and len(g) > 1 for g in groups):
        raise ListenerRulesError(f"{path}: groups: expected a list of lists of two or more words")
    index: dict[str, set[int]] = {}
    for number, group in enumerate(groups):
        for word in group:
            index.setdefault(str(word).lower(), set()).add(number)
    return {word: frozenset(numbers) for word, numbers in index.items()}


def _pair(said: Word, heard: tuple[Word, ...], near: dict[str, frozenset[int]]) -> Match:
    for how, same in (
        ("same word", lambda w: w.lemma == said.lemma or (w.stem and w.stem == said.stem)),
        ("same feeling", lambda w: bool(said.family) and w.family == said.family),
        ("near word", lambda w: bool(near.get(said.lemma, frozenset()) & near.get(w.lemma, frozenset()))),
    ):
        found = next((w for w in heard if same(w)), None)
        if found is not None:
            return Match(said, found, how)
    return Match(said)


def carried_words(said: tuple[Word, ...], heard: tuple[Word, ...]) -> tuple[Match, ...]:
    """Each distinct speaker word (by lemma), with the listener's word that gave it back."""
    near = near_groups()
    seen: set[str] = set()
    matches = []
    for word in said:
        if word.lemma not in seen:
            seen.add(word.lemma)
            matches.append(_pair(word, heard, near))
    return tuple(matches)


_JOINS = re.compile(r"[\s,;:]*")  # what may sit between two parts of one finding


def _clause_is_theirs(text: str, end: int, heard: tuple[Word, ...], theirs: set[str]) -> bool:
    """The words after a match, to the end of its clause, are mostly the speaker's own."""
    stop = _CLAUSE_END.search(text.lower(), end)
    limit = stop.start() if stop else len(text)
    words = [w for w in heard if end <= w.start < limit]
    if len(words) < 1:
        return False
    own = sum(1 for w in words if w.lemma in theirs or (w.stem and w.stem in theirs))
    return own / len(words) >= GUARD_SHARE


def find_problems(
    text: str, analysis: Analysis | None, said: tuple[Word, ...], heard: tuple[Word, ...],
    rules: ListenerRules | None = None,
) -> tuple[Problem, ...]:
    """Named listener rules plus the engine's own findings, mapped onto listener kinds."""
    rules = rules or load_rules()
    theirs = {w.lemma for w in said} | {w.stem for w in said if w.stem}
    found: dict[tuple[int, int], Problem] = {}
    for rule in rules.rules:
        for m in rule.finditer(text):
            if rule.guard_carried and _clause_is_theirs(text, m.end(), heard, theirs):
                continue
            if any(p.kind == rule.kind and p.start < m.end() and m.start() < p.end for p in found.values()):
                continue  # one finding per stretch of words
            found[(m.start(), m.end())] = Problem(rule.kind, rule.id, m.start(), m.end(), text[m.start():m.end()],
                                                  rule.explain)
    for flag in analysis.flags if analysis else ():
        kind = rules.engine_rules.get(flag.rule_id) or rules.engine_categories.get(flag.category)
        if kind is None or flag.polarity != "hurts" or (flag.start, flag.end) in found:
            continue
        if any(p.start < flag.end and flag.start < p.end for p in found.values()):
            continue  # a named listener rule already covers these words
        if flag.rule_id not in rules.engine_unguarded and _clause_is_theirs(text, flag.start, heard, theirs):
            continue  # e.g. "you felt I never listen": their complaint, given back
        found[(flag.start, flag.end)] = Problem(kind, flag.rule_id, flag.start, flag.end, flag.text, flag.explanation)
    return tuple(sorted(found.values(), key=lambda p: (p.start, p.end)))


def _merge_adjacent(text: str, problems: list[Problem]) -> tuple[Problem, ...]:
    """One point per stretch: "but that's" + "not true" of one kind, with only a space or a
    comma between them, is one "answers back", not two identical lines."""
    merged: list[Problem] = []
    for problem in problems:
        last = merged[-1] if merged else None
        if last and last.kind == problem.kind and _JOINS.fullmatch(text[last.end:problem.start]):
            end = max(last.end, problem.end)
            merged[-1] = dataclasses.replace(last, end=end, text=text[last.start:end])
        else:
            merged.append(problem)
    return tuple(merged)


def check_listener(
    said: tuple[Word, ...], heard: tuple[Word, ...], text: str, analysis: Analysis | None = None,
    rules: ListenerRules | None = None,
) -> ListenerCheck:
    """Compare the listener's reply (`text`, its words `heard`) with the speaker's words `said`."""
    rules = rules or load_rules()
    matches = carried_words(said, heard)
    problems = find_problems(text, analysis, said, heard, rules)
    d = rules.decision
    coverage = sum(1 for m in matches if m.listener) / len(matches) if matches else 0.0
    feelings = [m for m in matches if m.speaker.family]
    score = d.coverage_weight * coverage
    if feelings and any(m.listener for m in feelings):
        score += d.feeling_weight
    if analysis is not None and analysis.reflection:
        score += d.reflection_weight
    if any(p.kind in d.own_view for p in problems):
        score += d.own_view_weight
    if analysis is not None and analysis.units and not any(u.kind in GIVING_BACK for u in analysis.units):
        score += d.question_only_weight  # "why do you feel exhausted?" asks; it gives nothing back
    shown = _merge_adjacent(text, list(problems))
    return ListenerCheck(matches, problems, round(score, 3), score >= d.threshold, shown)
