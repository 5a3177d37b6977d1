"""From an `Analysis` to what the person reads: a verdict, what went well, one thing to try.

`build_feedback(analysis, skill)` is pure: same analysis, same feedback. Every sentence it
returns comes from `coach/messages.yaml` or from the engine's own explanation of a flag.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

from coach.messages import METER_MAX, Message, Messages, load_messages
from coach.task import Judged, Policy, Turn, judge, load_policy, turn_for
from nlp.lexicons import faux_feelings
from nlp.types import Analysis, Flag

logger = logging.getLogger(__name__)

INLINE_POINTS = 2  # "too much feedback" is the top complaint: at most two points inline
_PREPOSITIONS = {"by", "of", "on", "to", "with", "about"}


@dataclass(frozen=True, slots=True)
class Point:
    """One flag, explained: the engine's reason plus our reviewed message."""

    flag: Flag
    name: str
    why: str
    well: str
    quote: str = ""  # the words to quote: the flag's own, or its sentence when they are bare

    @property
    def polarity(self) -> str:
        return self.flag.polarity


@dataclass(frozen=True, slots=True)
class Verdict:
    """The headline over the points: helps, hurts, mixed (both) or neutral (neither).

    `came_across` and `quote` are the finding that leads (the worst one that hurts, else
    the best one that helps, else a note); `also` is the best one that helps in a mixed
    reply. `headline` is built from those, so it never says what the points don't.
    """

    polarity: str  # helps | hurts | mixed | neutral
    came_across: str
    quote: str = ""
    more: int = 0
    headline: str = ""
    also: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The ONE thing to try next, with a fill-in template from the message data."""

    headline: str
    template: str = ""
    example: str = ""
    why: str = ""
    options: tuple[str, ...] = ()  # e.g. feelings that may lie under a faux feeling


@dataclass(frozen=True, slots=True)
class Meter:
    key: str
    label: str
    explain: str
    score: int
    reasons: tuple[str, ...]  # e.g. "+1 A feeling, named", "tone: low intensity"
    measured: bool  # False: nothing in this reply speaks to this skill
    maximum: int = METER_MAX


@dataclass(frozen=True, slots=True)
class Feedback:
    analysis: Analysis
    crisis: bool
    verdict: Verdict | None = None
    went_well: tuple[Point, ...] = ()
    try_next: Suggestion | None = None
    points: tuple[Point, ...] = ()  # every flag, in reading order (the full breakdown)
    meters: tuple[Meter, ...] = ()  # only meters this reply gave a signal for
    notices: tuple[str, ...] = ()
    judged: Judged | None = None  # which flags counted in this turn, and why others did not


def _fallback(flag: Flag) -> Message:
    """A category the messages file does not know yet: use the engine's own words."""
    name = flag.category.replace("_", " ").capitalize()
    return Message(name=name, came_across=name.lower(), why=flag.explanation or name)


def point_for(flag: Flag, messages: Messages, text: str = "") -> Point:
    message = messages.message_for(flag.category, flag.rule_id)
    if message is None:
        logger.warning("no message for category %s (rule %s)", flag.category, flag.rule_id)
        message = _fallback(flag)
    quote = quote_for(flag, text, messages)
    return Point(flag=flag, name=message.name, why=message.why, well=message.well, quote=quote)


_WORD = re.compile(r"[\w'’]+")
_SENTENCE_END = re.compile(r"[.!?…]+")


def quote_for(flag: Flag, text: str, messages: Messages) -> str:
    """The flag's words, or the sentence they sit in when they mean nothing alone ("you")."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(flag.text)]
    if not text or any(w not in messages.bare_quote_words for w in words):
        return flag.text
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, flag.start)), default=0)
    end_match = _SENTENCE_END.search(text, flag.end)
    end = end_match.end() if end_match else len(text)
    return text[start:end].strip() or flag.text


def _ranked(flags: list[Flag], messages: Messages) -> list[Flag]:
    return sorted(flags, key=lambda f: (messages.rank(f.category), f.start))


def _lead(
    flags: list[Flag], polarity: str, messages: Messages, prefer: tuple[str, ...] = ()
) -> tuple[Flag, Message, int] | None:
    """The finding that leads one side; what the skill wants leads what helps."""
    group = _ranked([f for f in flags if f.polarity == polarity], messages)
    group.sort(key=lambda f: f.category not in prefer)  # stable: keeps the priority order
    if not group:
        return None
    top = group[0]
    message = messages.message_for(top.category, top.rule_id) or _fallback(top)
    return top, message, len({f.category for f in group[1:]} - {top.category})


def verdict_for(
    flags: list[Flag], messages: Messages, skill: str | None = None, text: str = ""
) -> Verdict:
    """The headline from the flags that count: it names the lead finding on each side.

    `skill` (a scenario slug) puts what that skill wants first among what helps; `text`
    (the reply) lets a bare quote ("you") show its sentence instead."""
    goal = messages.skills.get(skill or "")
    prefer = goal.wants if goal else ()
    hurts, helps = _lead(flags, "hurts", messages), _lead(flags, "helps", messages, prefer)
    lines = messages.headlines
    if hurts and helps:
        (top, message, more), also = hurts, helps[1].came_across
        headline = lines.mixed.format(helps=also, hurts=message.came_across)
        return Verdict("mixed", message.came_across, quote_for(top, text, messages), more, headline, also)
    if hurts or helps:
        polarity = "hurts" if hurts else "helps"
        top, message, more = hurts or helps
        headline = getattr(lines, polarity).format(**{polarity: message.came_across})
        return Verdict(polarity, message.came_across, quote_for(top, text, messages), more, headline)
    note = _lead(flags, "note", messages)
    if note:
        top, message, more = note
        headline = lines.note.format(note=message.came_across)
        return Verdict("neutral", message.came_across, quote_for(top, text, messages), more, headline)
    return Verdict("neutral", "", headline=lines.neutral)


def _under_feelings(flag: Flag) -> tuple[str, ...]:
    """Feelings that may lie under the faux feeling in the flag ("ignored" -> hurt, lonely)."""
    text = flag.text.lower()
    lexicon = faux_feelings()
    keys = sorted(lexicon, key=len, reverse=True)  # "taken for granted" before "taken"
    for key in keys:
        if re.search(rf"\b{re.escape(key)}\b", text):
            return lexicon[key].under
    for key in keys:  # "humiliated by" is listed with its preposition; "humiliated" alone
        head, _, tail = key.partition(" ")
        if tail in _PREPOSITIONS and re.search(rf"\b{re.escape(head)}\b", text):
            return lexicon[key].under
    return ()


def _from_message(flag: Flag, messages: Messages) -> Suggestion | None:
    message = messages.message_for(flag.category, flag.rule_id)
    if message is None or not message.try_:
        return None
    options = _under_feelings(flag) if message.offer_under else ()
    return Suggestion(message.try_, message.template, message.example, message.why, options)


def _try_next(flags: list[Flag], skill: str | None, messages: Messages) -> Suggestion:
    for polarity in ("hurts", "note"):
        for flag in _ranked([f for f in flags if f.polarity == polarity], messages):
            suggestion = _from_message(flag, messages)
            if suggestion:
                return suggestion
    helps = {f.category for f in flags if f.polarity == "helps"}
    goal = messages.skills.get(skill or "")
    if goal and not helps.intersection(goal.wants):
        return Suggestion(goal.try_, goal.template, goal.example)
    for step in messages.next_steps:
        if (not step.has or helps.intersection(step.has)) and not helps.intersection(step.missing):
            return Suggestion(step.try_, step.template, step.example)
    return Suggestion(messages.next_steps[-1].try_)


def meters_for(
    analysis: Analysis, messages: Messages, flags: tuple[Flag, ...] | None = None
) -> tuple[Meter, ...]:
    """Skill meters, derived only from flagged categories and tone (see messages.yaml).

    `flags` are the ones that count in this turn (default: all of the analysis's flags).
    """
    flags = analysis.flags if flags is None else flags
    helps = {f.category for f in flags if f.polarity == "helps"}
    hurts = {f.category for f in flags if f.polarity == "hurts"}
    meters = []
    for key, spec in messages.meters.items():
        reasons: list[str] = []
        if spec.tone is not None:
            score = spec.tone.get(analysis.tone.intensity, spec.base)
            reasons.append(f"tone: {analysis.tone.intensity} intensity")
            reasons.extend(f"cue: {cue}" for cue in analysis.tone.cues)
        else:
            score = spec.base
        for category, weight in spec.plus.items():
            if category in helps:
                score += weight
                reasons.append(f"+{weight} {messages.categories[category].name}")
        for category, weight in spec.minus.items():
            if category in hurts:
                score -= weight
                reasons.append(f"−{weight} {messages.categories[category].name}")
        measured = spec.tone is not None or len(reasons) > 0
        score = max(0, min(METER_MAX, score))
        meters.append(Meter(key, spec.label, spec.explain, score, tuple(reasons), measured))
    return tuple(meters)


def build_feedback(
    analysis: Analysis,
    skill: str | None = None,
    messages: Messages | None = None,
    *,
    turn: Turn | None = None,
    policy: Policy | None = None,
) -> Feedback:
    """Everything the feedback card shows. A crisis reply gets nothing but the flag.

    `skill` is a coach skill name or a scenario slug; `turn` (skill and their line) wins
    when given. What counts depends on the task: see `coach.task.judge`.
    """
    if analysis.crisis:
        return Feedback(analysis=analysis, crisis=True, notices=analysis.notices)
    messages = messages or load_messages()
    policy = policy or load_policy()
    turn = turn or turn_for(skill, analysis.context, policy)
    judged = judge(analysis, turn, policy)
    slug = policy.scenario_slug(turn.skill)
    counted = list(judged.flags)
    ordered = sorted(counted, key=lambda f: (f.start, f.end))
    points = tuple(point_for(f, messages, analysis.text) for f in ordered)
    well: list[Point] = []
    goal = messages.skills.get(slug or "")
    helping = _ranked([f for f in counted if f.polarity == "helps"], messages)
    helping.sort(key=lambda f: not goal or f.category not in goal.wants)  # the skill's own first
    for flag in helping:
        if all(p.flag.category != flag.category for p in well):
            well.append(_well_point(flag, judged, messages, analysis.text))
    meters = meters_for(analysis, messages, judged.flags)
    return Feedback(
        analysis=analysis,
        crisis=False,
        verdict=verdict_for(counted, messages, slug, analysis.text),
        went_well=tuple(well[:INLINE_POINTS]),
        try_next=_try_next(counted, slug, messages),
        points=points,
        meters=tuple(m for m in meters if m.measured),
        notices=analysis.notices,
        judged=judged,
    )


def _well_point(flag: Flag, judged: Judged, messages: Messages, text: str) -> Point:
    """A reflection's credit says which of their words it carried over."""
    point = point_for(flag, messages, text)
    if flag.category == "REFLECTION" and judged.echoed:
        words = ", ".join(f"“{w}”" for w in judged.echoed)
        return dataclasses.replace(point, well=messages.echo_well.format(words=words))
    return point


@dataclass(frozen=True, slots=True)
class Change:
    """What changed between two attempts at the same turn (by flag name and polarity)."""

    gone: tuple[tuple[str, str], ...]  # (polarity, name)
    new: tuple[tuple[str, str], ...]
    kept: tuple[tuple[str, str], ...]


def counted_flags(analysis: Analysis, skill: str | None = None) -> tuple[Flag, ...]:
    """The flags that count for this skill, with the reply's own context as their line."""
    return judge(analysis, turn_for(skill, analysis.context)).flags


def compare(
    before: Analysis, after: Analysis, messages: Messages | None = None, skill: str | None = None
) -> Change:
    """What changed, counting only what the card showed for this skill."""
    messages = messages or load_messages()

    def names(analysis: Analysis) -> dict[tuple[str, str], None]:
        return {(f.polarity, point_for(f, messages).name): None for f in counted_flags(analysis, skill)}

    old, now = names(before), names(after)
    return Change(
        gone=tuple(k for k in old if k not in now),
        new=tuple(k for k in now if k not in old),
        kept=tuple(k for k in now if k in old),
    )
