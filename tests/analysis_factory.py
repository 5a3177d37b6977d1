"""Hand-built `Analysis` objects for the coach tests: no model, instant, never drifting."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.evidence import Cue, Decision, decide_by_score
from nlp.types import Analysis, Flag, Tone

POLARITY = {
    "CRITICISM": "hurts",
    "CONTEMPT": "hurts",
    "DEFENSIVENESS": "hurts",
    "STONEWALLING": "hurts",
    "DEMAND": "hurts",
    "PSEUDO_I_STATEMENT": "hurts",
    "ADVISING": "hurts",
    "DISMISSING": "hurts",
    "JUDGING": "hurts",
    "ARGUING": "hurts",
    "HIJACKING": "hurts",
    "INTERROGATING": "hurts",
    "WITHDRAWING": "hurts",
    "FAUX_FEELING": "note",
    "CLOSED_QUESTION": "note",
}


def flag(
    text: str,
    words: str,
    category: str,
    rule_id: str = "",
    polarity: str = "",
    occurrence: int = 0,
    evidence: str = "",
) -> Flag:
    """A flag on the `occurrence`-th appearance of `words` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Flag(
        rule_id=rule_id or f"test.{category.lower()}",
        category=category,
        start=start,
        end=start + len(words),
        text=words,
        explanation=f"{category.title()} explained.",
        polarity=polarity or POLARITY.get(category, "helps"),
        evidence=evidence,
    )


def analysis(
    text: str,
    *flags: Flag,
    crisis: bool = False,
    intensity: str = "low",
    notices: tuple[str, ...] = (),
    context: str | None = None,
) -> Analysis:
    return Analysis(
        text=text,
        context=context,
        language="en",
        style="blame" if any(f.category == "CRITICISM" for f in flags) else "neutral",
        pseudo_i_statement=any(f.category == "PSEUDO_I_STATEMENT" for f in flags),
        horsemen=("criticism",) if any(f.category == "CRITICISM" for f in flags) else (),
        reflection=any(f.category == "REFLECTION" for f in flags),
        roadblocks=(),
        question="none",
        request="none",
        crisis=crisis,
        tone=Tone(0.0, 0.0, 0.0, 1.0, intensity, ()),
        flags=flags,
        notices=notices,
    )


def blame(text: str = "You never listen to me.") -> Analysis:
    return analysis(text, flag(text, "You never listen", "CRITICISM", "blame.you_absolute"))


SCENARIO_YAML = """\
id: {id}
title: A talk about the dishes
relationship: partner
skill: {skill}
difficulty: 1
other_person: {{name: Sam, role: your partner}}
setting: Sunday evening, the sink is full again.
purpose: Practise saying how you feel without blaming.
tips:
  - Start with what happened.
start: opening
nodes:
  opening:
    says: "What's with the face?"
    branches:
      - when: {{style: blame}}
        goto: defensive
    default: calm
  defensive:
    says: "Here we go again."
    default: last
  calm:
    says: "Okay, tell me."
  last:
    says: "Fine. Whatever."
"""

BROKEN_YAML = "id: broken-one\ntitle: [unclosed\n"


def write_scenario(folder, scenario_id: str = "test-talk", skill: str = "speak_up"):
    """A small branching scenario file: blame -> defensive -> last; otherwise -> calm."""
    path = folder / f"{scenario_id}.yaml"
    path.write_text(SCENARIO_YAML.format(id=scenario_id, skill=skill), encoding="utf-8")
    return path


@dataclass(frozen=True, slots=True)
class Unit:
    """Stands in for the engine's listening unit (kind statement/question/check/…)."""

    kind: str
    start: int
    end: int
    text: str = ""


class WithExtras:
    """An Analysis seen through newer engine fields (`units`, `decisions`) it may lack."""

    def __init__(self, analysis: Analysis, units: tuple = (), decisions: tuple = ()) -> None:
        self._analysis, self.units, self.decisions = analysis, units, decisions

    def __getattr__(self, name: str):
        return getattr(self._analysis, name)


def unit(text: str, words: str, kind: str) -> Unit:
    start = text.index(words)
    return Unit(kind, start, start + len(words), words)


def cue(text: str, words: str, name: str, weight: float = 1.0) -> Cue:
    start = text.index(words)
    return Cue(name, weight, start, start + len(words), words)


def decided(label: str, *cues: Cue) -> Decision:
    return decide_by_score(label, cues, 1.0)
