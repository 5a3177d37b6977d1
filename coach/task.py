"""What a finding means depends on the task: the skill being practised and the turn.

`judge(analysis, turn)` is pure: it keeps, drops or re-classifies the engine's flags for
this turn, and says why for each one it drops (the `--explain` trace prints the reasons;
the page never shows them). The policy is data in `coach/verdicts.yaml`.

The engine may or may not give `Analysis.units` and `Analysis.decisions` (newer engines
do); both are read with `getattr` and an empty default, so older analyses still work.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coach.datafile import load_model
from nlp.types import Analysis, Flag

POLICY_FILE = Path(__file__).with_name("verdicts.yaml")


class PolicyError(ValueError):
    """coach/verdicts.yaml is malformed; the message names the field."""


class UnknownSkillError(ValueError):
    """A skill name the coach does not know; the message lists the ones it does."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sarcasm(_Frozen):
    rule_prefixes: tuple[str, ...] = ()
    cue_prefixes: tuple[str, ...] = ()  # a counted cue, or a decided label, named like this
    no_praise: tuple[str, ...] = ()


class RequestPolicy(_Frozen):
    category: str
    drops: tuple[str, ...] = ()
    drops_unless_listening: tuple[str, ...] = ()
    unit_kinds: tuple[str, ...] = ()


class UnvoicedFeeling(_Frozen):
    category: str
    becomes: str
    cues: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    evidence_prefixes: tuple[str, ...] = ()
    check_unit_kinds: tuple[str, ...] = ()
    listening_only: bool = False  # outside a listening turn a guess at their feeling is dropped


class Echo(_Frozen):
    rules: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    evidence_prefixes: tuple[str, ...] = ()  # e.g. a feeling in the same family as theirs


class RestatedQuestion(_Frozen):
    """A restatement said with "?" ("that worries you?") is a reflection, not a yes-or-no question."""

    category: str = "CLOSED_QUESTION"
    reflected_by: str = "REFLECTION"
    openers: tuple[str, ...] = ()  # a question starting with one of these asks; it does not restate
    check_unit_kinds: tuple[str, ...] = ()  # "is that right?" after a reflection checks it


class Recategorise(_Frozen):
    """In these skills, a finding by one of these rules is a finding of another category."""

    rules: tuple[str, ...] = Field(min_length=1)
    becomes: str
    skills: tuple[str, ...] = Field(min_length=1)


class Policy(_Frozen):
    version: int
    skills: dict[str, tuple[str, ...]] = Field(min_length=1)
    listening_skills: tuple[str, ...] = ()
    listening_only: tuple[str, ...] = ()
    needs_their_words: tuple[str, ...] = ()
    listening_only_rules: tuple[str, ...] = ()
    spoiled_by: tuple[str, ...] = ()
    absorbed_by: dict[str, tuple[str, ...]] = {}
    rule_yields_to: dict[str, tuple[str, ...]] = {}
    sarcasm: Sarcasm = Sarcasm()
    request: RequestPolicy
    unvoiced_feeling: UnvoicedFeeling
    echo: Echo = Echo()
    restated_question: RestatedQuestion = RestatedQuestion()
    one_point_per_words: bool = True
    recategorise: tuple[Recategorise, ...] = ()

    def skill_name(self, skill: str | None) -> str | None:
        """The coach's name for a skill given as a coach name or a scenario slug."""
        if skill is None or not skill.strip():
            return None
        key = skill.strip().lower().replace("-", "_")
        if key in self.skills:
            return key
        for name, slugs in self.skills.items():
            if key in slugs:
                return name
        known = ", ".join(self.skills)
        raise UnknownSkillError(f"Unknown skill {skill!r}; choose one of: {known}.")

    def scenario_slug(self, skill: str | None) -> str | None:
        """The scenario slug a coach skill name stands for (its first listed slug)."""
        name = self.skill_name(skill)
        return self.skills[name][0] if name and self.skills[name] else None


@lru_cache(maxsize=4)
def load_policy(path: Path = POLICY_FILE) -> Policy:
    return load_model(path, Policy, PolicyError)


@dataclass(frozen=True, slots=True)
class Turn:
    """The task a reply answers: which skill, and what the other person just said."""

    skill: str | None = None  # a coach skill name (Policy.skills), or None for free practice
    their_line: str | None = None

    @property
    def shared(self) -> bool:
        return bool(self.their_line and self.their_line.strip())


def turn_for(skill: str | None = None, their_line: str | None = None, policy: Policy | None = None) -> Turn:
    """A Turn from a skill given as a coach name or scenario slug (raises UnknownSkillError)."""
    policy = policy or load_policy()
    return Turn(policy.skill_name(skill), their_line if their_line and their_line.strip() else None)


def is_listening(turn: Turn, policy: Policy) -> bool:
    """Listening: the skill is a listening skill, or no skill was given and they said something."""
    if turn.skill is None:
        return turn.shared
    return turn.skill in policy.listening_skills


@dataclass(frozen=True, slots=True)
class Dropped:
    """A flag that does not count in this turn, and why (for the trace, not the page)."""

    flag: Flag
    reason: str


@dataclass(frozen=True, slots=True)
class Judged:
    flags: tuple[Flag, ...]  # what counts in this turn, in the engine's order
    dropped: tuple[Dropped, ...] = ()
    echoed: tuple[str, ...] = ()  # their own words the reply carried over
    listening: bool = False


_YES = frozenset({"1", "yes", "true"})


def _overlaps(a: Any, b: Any) -> bool:
    return a.start < b.end and b.start < a.end


def counted_cues(analysis: Analysis, decided_only: bool = False) -> Iterator[Any]:
    """Every counted cue of every decision the engine recorded (none from older engines);
    with `decided_only`, only from decisions that came out yes."""
    for decision in getattr(analysis, "decisions", ()) or ():
        if decided_only and str(getattr(decision, "value", "")).lower() not in _YES:
            continue
        for cue in getattr(decision, "cues", ()) or ():
            if not getattr(cue, "vetoed_by", ""):
                yield cue


def units_of(analysis: Analysis, kinds: Iterable[str]) -> list[Any]:
    wanted = set(kinds)
    return [u for u in getattr(analysis, "units", ()) or () if getattr(u, "kind", "") in wanted]


def has_sarcasm(analysis: Analysis, flags: Iterable[Flag], policy: Policy) -> bool:
    rules, cues = policy.sarcasm.rule_prefixes, policy.sarcasm.cue_prefixes
    if rules and any(f.rule_id.startswith(rules) for f in flags):
        return True
    if not cues:
        return False
    if any(getattr(c, "name", "").startswith(cues) for c in counted_cues(analysis)):
        return True
    return any(
        getattr(d, "label", "").startswith(cues) and str(getattr(d, "value", "")).lower() in _YES
        for d in getattr(analysis, "decisions", ()) or ()
    )


def _is_unvoiced(flag: Flag, analysis: Analysis, cues: list[Any], policy: Policy) -> bool:
    rule = policy.unvoiced_feeling
    if flag.category != rule.category:
        return False
    if flag.rule_id in rule.rules:
        return True
    if any(getattr(c, "name", "") in rule.cues and _overlaps(c, flag) for c in cues):
        return True
    # Without their words every feeling is "not theirs": only judge it when we have them.
    return bool(analysis.context) and flag.evidence.startswith(rule.evidence_prefixes)


def judge(analysis: Analysis, turn: Turn | None = None, policy: Policy | None = None) -> Judged:
    """Which flags count for this skill and turn; the rest are dropped with a reason."""
    policy = policy or load_policy()
    turn = turn or Turn(their_line=analysis.context)
    listening = is_listening(turn, policy)
    flags = [f for f in analysis.flags if f.category != "CRISIS"]
    cues = list(counted_cues(analysis))
    requests = [f for f in flags if f.category == policy.request.category]
    requests += units_of(analysis, policy.request.unit_kinds)
    sarcastic = has_sarcasm(analysis, flags, policy)
    checked = bool(units_of(analysis, policy.unvoiced_feeling.check_unit_kinds))
    checks = units_of(analysis, policy.restated_question.check_unit_kinds)

    def why_dropped(flag: Flag) -> str:
        if flag.category in policy.listening_only and not listening:
            return "only counts while listening to something they shared; this turn is not"
        if flag.category in policy.needs_their_words and turn.skill and not listening and not turn.shared:
            return "no words of theirs to give back in this turn"
        if flag.category in policy.request.drops and any(_overlaps(flag, r) for r in requests):
            return "a request phrased as a question is a request"
        asked = not listening and any(_overlaps(flag, r) for r in requests)
        if asked and flag.category in policy.request.drops_unless_listening:
            return "a suggestion asked as a question is a request when you are not listening"
        if flag.rule_id in policy.listening_only_rules and turn.skill and not listening:
            return "outside a listening turn this rule describes them; it does not give their words back"
        for other in flags:
            if other.rule_id in policy.rule_yields_to.get(flag.rule_id, ()) and _overlaps(flag, other):
                return f"the same words are read as {other.rule_id}"
            if flag.category in policy.absorbed_by.get(other.category, ()) and _overlaps(flag, other):
                return f"the same words are already {other.category} ({other.rule_id})"
            if flag.polarity == "helps" and other.category in policy.spoiled_by and _overlaps(flag, other):
                return f"not credited: the same words are {other.category} ({other.rule_id})"
        if sarcastic and flag.category in policy.sarcasm.no_praise:
            return "never praised in a sarcastic reply"
        if _is_restatement(flag, flags, policy.restated_question):
            return "a restatement said with a question mark is a reflection"
        if _is_check(flag, flags, checks, policy.restated_question):
            return "a check after a reflection invites a correction; it is part of the reflection"
        return ""

    kept: list[Flag] = []
    dropped: list[Dropped] = []
    for flag in flags:
        reason = why_dropped(flag)
        if reason:
            dropped.append(Dropped(flag, reason))
        elif not checked and _is_unvoiced(flag, analysis, cues, policy):
            if policy.unvoiced_feeling.listening_only and turn.skill and not listening:
                dropped.append(Dropped(flag, "a guess at their feeling only matters while listening"))
            else:
                kept.append(dataclasses.replace(flag, category=policy.unvoiced_feeling.becomes, polarity="note"))
        else:
            kept.append(_recategorised(flag, turn, policy))
    echoed = _echoed(kept, list(counted_cues(analysis, decided_only=True)), policy)
    if policy.one_point_per_words:
        kept, nested = _without_nested(kept)
        dropped += nested
    return Judged(tuple(kept), tuple(dropped), echoed, listening)


def _is_restatement(flag: Flag, flags: list[Flag], rule: RestatedQuestion) -> bool:
    if flag.category != rule.category or not rule.openers:
        return False
    words = flag.text.split()
    first = words[0].lower().strip("\"'“‘(") if words else ""
    if first in rule.openers:
        return False
    return any(o.category == rule.reflected_by and _overlaps(o, flag) for o in flags)


def _recategorised(flag: Flag, turn: Turn, policy: Policy) -> Flag:
    for rule in policy.recategorise:
        if turn.skill in rule.skills and flag.rule_id in rule.rules:
            return dataclasses.replace(flag, category=rule.becomes)
    return flag


def _is_check(flag: Flag, flags: list[Flag], checks: list[Any], rule: RestatedQuestion) -> bool:
    if flag.category != rule.category or not any(_overlaps(flag, c) for c in checks):
        return False
    return any(o.category == rule.reflected_by for o in flags)


def _without_nested(flags: list[Flag]) -> tuple[list[Flag], list[Dropped]]:
    """One point per words: a flag inside a longer (or an earlier, as long) one of the same
    category says nothing new ("It sounds" inside "It sounds like"), nor does the same words
    again ("part of you … part of you"); the first, longest one stays."""
    kept: list[Flag] = []
    dropped: list[Dropped] = []
    for i, flag in enumerate(flags):
        size = flag.end - flag.start
        outer = next(
            (
                o
                for j, o in enumerate(flags)
                if j != i
                and o.category == flag.category
                and (
                    (_overlaps(o, flag) and (o.end - o.start, -j) > (size, -i))
                    or (j < i and o.text.lower() == flag.text.lower())
                )
            ),
            None,
        )
        if outer is None:
            kept.append(flag)
        else:
            dropped.append(Dropped(flag, f"already said by a {outer.category} point ({outer.rule_id})"))
    return kept, dropped


def _echoed(flags: list[Flag], cues: list[Any], policy: Policy) -> tuple[str, ...]:
    prefixes = policy.echo.evidence_prefixes
    words = [
        f.text
        for f in flags
        if f.rule_id in policy.echo.rules or (prefixes and f.evidence.startswith(prefixes))
    ]
    words += [getattr(c, "text", "") for c in cues if getattr(c, "name", "") in policy.echo.cues]
    seen: dict[str, None] = {}
    for word in words:
        if word.strip() and word.lower() not in {w.lower() for w in seen}:
            seen[word.strip()] = None
    return tuple(seen)
