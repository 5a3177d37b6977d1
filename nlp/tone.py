"""VADER behind a small adapter: overall tone and intensity cues only.

Tone is never a verdict on communication: a hurt I-statement is negative in tone and
still good. The coach uses it for "how hot is this?", not "is this good?".

Guards ask about the tone of a sentence many times per reply (once per hit); VADER is
run at most once per sentence and per window, and the answers are kept on the doc
(`doc.user_data`), so a reply of 500 "Oh great!"s costs 500 sentence scores, not 500
scores of the whole reply.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from spacy.tokens import Span
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from nlp.doccache import memo
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


# VADER's own cost grows with the square of a text's words (each word looks back over
# all of them), so long text is scored in pieces this size and the pieces combined.
# A reply within one piece scores exactly as VADER scores it.
CHUNK_WORDS = 60
CHUNK_CHARS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ALPHA = 15.0  # VADER's normalisation constant


def _cost(word: str) -> int:
    """Words VADER will see for this one: an emoji becomes its several-word name."""
    emojis = _vader().emojis
    return 1 + sum(len(emojis[c].split()) for c in word if c in emojis)


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    size = CHUNK_WORDS + 1
    for sentence in _SENTENCE_END.split(text):
        for word in sentence.split():
            cost = _cost(word)
            if size + cost > CHUNK_WORDS or len(chunks[-1]) + len(word) >= CHUNK_CHARS:
                chunks.append(word)
                size = cost
            else:
                chunks[-1] += " " + word
                size += cost
    return chunks or [text]


def _raw(compound_score: float) -> float:
    """The unnormalised valence sum VADER's compound came from."""
    c = max(-0.9999, min(0.9999, compound_score))
    return c * math.sqrt(_ALPHA) / math.sqrt(1 - c * c)


def scores(text: str) -> dict[str, float]:
    """VADER's polarity scores; long text in pieces, summed as VADER sums words."""
    chunks = _chunks(text)
    if len(chunks) == 1:
        return _vader().polarity_scores(text)
    parts = [(_vader().polarity_scores(c), len(c)) for c in chunks]
    total = sum(n for _, n in parts) or 1
    raw = sum(_raw(p["compound"]) for p, _ in parts)
    result = {key: sum(p[key] * n for p, n in parts) / total for key in ("pos", "neg", "neu")}
    result["compound"] = raw / math.sqrt(raw * raw + _ALPHA)
    return result


def compound(text: str) -> float:
    return scores(text)["compound"]


def sentence_compound(sent: Span) -> float:
    """VADER compound of one sentence, measured once per doc."""
    return memo(sent.doc, ("tone.sent", sent.start), lambda: compound(sent.text))


def edge_around(sent: Span) -> float:
    """The tone of this sentence and its neighbours with every positive word left out:
    what is left of "Oh great, you forgot the tickets again" once "great" is gone.
    Measured once per sentence."""
    doc = sent.doc

    def measure_window() -> float:
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        hi = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
        kept = [t.text for t in doc[lo:hi] if valence(t.lower_) <= 0]
        emojis = _vader().emojis
        if not any(valence(w) < 0 or any(c in emojis for c in w) for w in kept):
            return 0.0  # nothing negative left for VADER to find: skip the call
        return compound(" ".join(kept))

    return memo(doc, ("tone.edge", sent.start), measure_window)


def measure(text: str) -> Tone:
    found = scores(text)
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
    strength = abs(found["compound"]) + 0.15 * len(cues)
    intensity = "high" if strength >= 0.75 else "medium" if strength >= 0.4 else "low"
    return Tone(
        compound=round(found["compound"], 4),
        positive=round(found["pos"], 4),
        negative=round(found["neg"], 4),
        neutral=round(found["neu"], 4),
        intensity=intensity,
        cues=tuple(cues),
    )
