"""The end of the exercise: for each partner, what they did well as speaker and as listener,
and one thing to try. Never a score, and never one partner measured against the other."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from coach.couples.listening import load_rules
from coach.couples.session import CoupleSession, Exchange
from coach.couples.texts import CouplesTexts, load_texts
from coach.feedback import build_feedback

SHORT_SENTENCES = 2  # the technique's "a sentence or two"
_SENTENCE = re.compile(r"[^.!?]*[A-Za-z][^.!?]*(?:[.!?]+|$)")


def sentence_count(text: str) -> int:
    return len([s for s in _SENTENCE.findall(text) if s.strip()])


@dataclass(frozen=True, slots=True)
class PartnerSummary:
    name: str
    spoke: int  # times they held the floor and shared something
    listened: int  # listener tries they shared
    speaker_well: tuple[str, ...]
    listener_well: tuple[str, ...]
    try_next: str


def _spoken(session: CoupleSession, who: int) -> list[Exchange]:
    return [ex for ex in session.exchanges if ex.speaker == who and ex.statement]


def _listened(session: CoupleSession, who: int) -> list[Exchange]:
    return [ex for ex in session.exchanges if ex.listener == who and ex.reflections]


def _helps(spoken: list[Exchange]) -> set[str]:
    return {f.category for ex in spoken if ex.analysis for f in ex.analysis.flags if f.polarity == "helps"}


def _speaker_well(spoken: list[Exchange], texts: CouplesTexts) -> tuple[str, ...]:
    lines = texts.summary.speaker_well
    helps = _helps(spoken)
    well = [line for key, line in lines.items() if key in helps]
    if spoken and all(sentence_count(ex.statement) <= SHORT_SENTENCES for ex in spoken):
        well.append(lines["short"])
    if any(ex.additions for ex in spoken):
        well.append(lines["clarified"])
    return tuple(well)


def _listener_well(listened: list[Exchange], texts: CouplesTexts, own_view: tuple[str, ...]) -> tuple[str, ...]:
    lines = texts.summary.listener_well
    tries = [r for ex in listened for r in ex.reflections]
    well = []
    if any(r.check.feelings_carried for r in tries):
        well.append(lines["feeling"])
    if any(m for r in tries for m in r.check.carried if not m.speaker.family):
        well.append(lines["words"])
    if tries and not any(set(r.check.problem_kinds) & set(own_view) for r in tries):
        well.append(lines["clean"])
    if any(len(ex.reflections) > 1 for ex in listened):
        well.append(lines["tried_again"])
    return tuple(well)


def _try_next(spoken: list[Exchange], listened: list[Exchange], texts: CouplesTexts) -> str:
    kinds = Counter(k for ex in listened for r in ex.reflections for k in r.check.problem_kinds)
    if kinds:
        kind = kinds.most_common(1)[0][0]
        if kind in texts.problems:
            return texts.problems[kind].try_
    for ex in spoken:
        if ex.analysis and any(f.polarity == "hurts" for f in ex.analysis.flags):
            suggestion = build_feedback(ex.analysis, "speaking_up").try_next
            if suggestion:
                return suggestion.headline
    tries = [r for ex in listened for r in ex.reflections]
    said_feelings = any(m.speaker.family for r in tries for m in r.check.matches)
    if said_feelings and not any(r.check.feelings_carried for r in tries):
        return texts.summary.listener_try["default"]
    helps = _helps(spoken)
    missing = [line for key, line in texts.summary.speaker_try.items() if key != "default" and key not in helps]
    return missing[0] if missing else texts.summary.speaker_try["default"]


def summarise(session: CoupleSession, own_view: tuple[str, ...] = (), texts: CouplesTexts | None = None,
              ) -> tuple[PartnerSummary, PartnerSummary]:
    """One summary per partner, in the order of `session.partners`."""
    texts = texts or load_texts()
    own_view = own_view or load_rules().decision.own_view
    result = []
    for who, partner in enumerate(session.partners):
        spoken, listened = _spoken(session, who), _listened(session, who)
        result.append(
            PartnerSummary(
                name=partner.name,
                spoke=len(spoken),
                listened=sum(len(ex.reflections) for ex in listened),
                speaker_well=_speaker_well(spoken, texts),
                listener_well=_listener_well(listened, texts, own_view),
                try_next=_try_next(spoken, listened, texts),
            )
        )
    return result[0], result[1]
