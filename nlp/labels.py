"""From flags to labels: which detector labels each category supports, and how
conflicting signals are weighed. The mapping itself is data (rules/categories.yaml)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from nlp.matching import Hit
from nlp.questions import QuestionReading
from nlp.ruleset import CategorySpec
from nlp.speaking import SpeakingLabels
from nlp.types import ROADBLOCKS

# Roadblocks that, present at all, make the reply's main move something other than
# listening. Interrogating is judged by the question count instead.
BLOCKS_REFLECTION = frozenset(ROADBLOCKS) - {"interrogating"}


@dataclass(frozen=True, slots=True)
class Labels:
    style: str
    pseudo_i_statement: bool
    horsemen: tuple[str, ...]
    reflection: bool
    roadblocks: tuple[str, ...]
    question: str
    request: str


def labels_of(hit: Hit, categories: dict[str, CategorySpec]) -> tuple[str, ...]:
    if hit.rule.labels is not None:
        return hit.rule.labels
    return categories[hit.rule.category].labels


def decide(hits: list[Hit], categories: dict[str, CategorySpec], questions: QuestionReading,
           has_context: bool, statements: int, speaking: SpeakingLabels) -> Labels:
    """Listening labels from the hits; the speaking side is decided by score in
    nlp/speaking.py and passed in."""
    weight: dict[str, float] = defaultdict(float)
    for hit in hits:
        for label in labels_of(hit, categories):
            weight[label] += hit.rule.weight
    roadblocks = tuple(r for r in ROADBLOCKS if weight[f"roadblocks.{r}"])
    demand, request = weight["request.demand"], weight["request.request"]
    ask = "demand" if demand and demand > request else "request" if request else "none"
    return Labels(
        style=speaking.style,
        pseudo_i_statement=speaking.pseudo_i_statement,
        horsemen=speaking.horsemen,
        reflection=_is_reflection(weight, roadblocks, questions, has_context, statements),
        roadblocks=roadblocks,
        question=questions.kind,
        request=ask,
    )


def _is_reflection(weight: dict[str, float], roadblocks: tuple[str, ...],
                   questions: QuestionReading, has_context: bool, statements: int) -> bool:
    if set(roadblocks) & BLOCKS_REFLECTION or "interrogating" in roadblocks:
        return False
    stem, feeling = weight["reflection.stem"], weight["reflection.feeling"]
    echo, second = weight["reflection.echo"], weight["reflection.second_person"]
    if statements == 0 and not stem:  # only asks: a question, not a reflection
        return False
    # A stem, their feeling, their side in second person, or two of their own words,
    # tuned on tests/data/pairs.csv and annomi-dev (see the issue note for figures).
    return bool(stem or feeling or (has_context and (second or echo >= 2)))
