"""From flags to labels: which detector labels each category supports, and how
conflicting signals are weighed. The mapping itself is data (rules/categories.yaml)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from nlp.matching import Hit
from nlp.questions import QuestionReading
from nlp.ruleset import CategorySpec
from nlp.scoring import Listening
from nlp.speaking import SpeakingLabels
from nlp.types import ROADBLOCKS


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
           listening: Listening, requests_asked: bool, speaking: SpeakingLabels) -> Labels:
    """Roadblocks and requests from the hits; reflection and advice are decided per unit by
    score in nlp/scoring.py (`listening`), the speaking side in nlp/speaking.py (`speaking`).
    `requests_asked`: the reply holds a request in question form."""
    weight: dict[str, float] = defaultdict(float)
    for hit in hits:
        for label in labels_of(hit, categories):
            weight[label] += hit.rule.weight
    roadblocks = tuple(
        r for r in ROADBLOCKS if (listening.advising if r == "advising" else weight[f"roadblocks.{r}"])
    )
    demand = weight["request.demand"]
    request = weight["request.request"] + (1.0 if requests_asked else 0.0)
    ask = "demand" if demand and demand > request else "request" if request else "none"
    return Labels(
        style=speaking.style,
        pseudo_i_statement=speaking.pseudo_i_statement,
        horsemen=speaking.horsemen,
        reflection=listening.reflection,
        roadblocks=roadblocks,
        question=questions.kind,
        request=ask,
    )
