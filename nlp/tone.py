"""VADER behind a small adapter: overall tone and intensity cues only.

Tone is never a verdict on communication: a hurt I-statement is negative in tone and
still good. The coach uses it for "how hot is this?", not "is this good?".
"""

from __future__ import annotations

import re
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nlp.types import Tone

_CAPS = re.compile(r"\b[A-Z]{2,}\b")
_REPEATED_PUNCT = re.compile(r"[!?]{2,}")
_NOT_SHOUTING = frozenset({"OK", "TV", "UK", "US", "USA", "ID", "AM", "PM", "ASAP", "DM", "GP", "NHS"})
# VADER's own booster list is the provenance for intensifiers.
_INTENSE_BOOSTERS = frozenset({"so", "really", "extremely", "totally", "absolutely", "completely"})


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def valence(word: str) -> float:
    """VADER's human-rated valence for one lower-case word (0.0 when unrated)."""
    return _vader().lexicon.get(word.lower(), 0.0)


def measure(text: str) -> Tone:
    scores = _vader().polarity_scores(text)
    cues: list[str] = []
    shouted = [w for w in _CAPS.findall(text) if w not in _NOT_SHOUTING]
    letters = sum(c.isalpha() for c in text)
    if shouted and letters and sum(len(w) for w in shouted) / letters > 0.05:
        cues.append("capitals: " + " ".join(shouted[:3]))
    if _REPEATED_PUNCT.search(text):
        cues.append("repeated punctuation")
    boosters = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _INTENSE_BOOSTERS]
    if len(boosters) >= 2:
        cues.append("intensifiers: " + ", ".join(dict.fromkeys(boosters)))
    strength = abs(scores["compound"]) + 0.15 * len(cues)
    intensity = "high" if strength >= 0.75 else "medium" if strength >= 0.4 else "low"
    return Tone(
        compound=round(scores["compound"], 4),
        positive=round(scores["pos"], 4),
        negative=round(scores["neg"], 4),
        neutral=round(scores["neu"], 4),
        intensity=intensity,
        cues=tuple(cues),
    )
