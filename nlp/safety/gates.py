"""Which words can start the expensive part: every rule pattern has one required word
(its gate) that the text must contain, so text with no gate word skips the matchers and
only the stretches around gate words are matched.

A pattern's gate is its required token whose values are not all common words, with the
smallest share of common words among them, then the fewest values (lexicons/cues.yaml `common_words`); patterns whose every required token is a wildcard
have no gate, and then the whole text is matched. A word-start token ({PREFIX: […]} in the
rules, a "^(?:a|b)" regex once expanded) can gate too: it opens on any word with that start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

REQUIRED_OPS = (None, "+", "1")
PREFIX_REGEX = re.compile(r"\^\(\?:([a-z|]+)\)")
PREFIX_KEY = 4  # prefixes are looked up by their first letters (rules.MIN_PREFIX)


@dataclass(frozen=True, slots=True)
class Gates:
    lower: frozenset[str]
    lemma: frozenset[str]
    everywhere: bool  # some pattern has no gate: match the whole text
    prefix: frozenset[str] = frozenset()

    def opens(self, word: str, lemma: str) -> bool:
        return word in self.lower or lemma in self.lemma or any(word.startswith(p) for p in self.prefix)


def _values(spec: Any) -> list[str] | None:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return [str(v) for v in spec["IN"]]
    return None


def _prefixes(spec: Any) -> list[str] | None:
    if isinstance(spec, dict) and set(spec) == {"REGEX"}:
        found = PREFIX_REGEX.fullmatch(str(spec["REGEX"]))
        if found:
            return found.group(1).split("|")
    return None


def _gate(pattern: list[dict[str, Any]], common: frozenset[str]) -> tuple[str, list[str]] | None:
    best: tuple[tuple[bool, float, int, int], str, list[str]] | None = None
    for token in pattern:
        if token.get("OP") not in REQUIRED_OPS:
            continue
        for attr in ("LOWER", "LEMMA", "PREFIX"):
            values = _prefixes(token.get("LOWER")) if attr == "PREFIX" else _values(token.get(attr))
            if not values:
                continue
            shared = sum(v in common for v in values)
            score = (shared == len(values), shared / len(values), len(values), -min(len(v) for v in values))
            if best is None or score < best[0]:
                best = (score, attr, values)
    return None if best is None else (best[1], best[2])


def build_gates(patterns: Iterable[list[dict[str, Any]]], common: frozenset[str]) -> Gates:
    found: dict[str, set[str]] = {"LOWER": set(), "LEMMA": set(), "PREFIX": set()}
    everywhere = False
    for pattern in patterns:
        gate = _gate(pattern, common)
        if gate is None:
            everywhere = True
            continue
        found[gate[0]].update(gate[1])
    return Gates(frozenset(found["LOWER"]), frozenset(found["LEMMA"]), everywhere, frozenset(found["PREFIX"]))
