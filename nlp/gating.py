"""Token patterns run only on docs that hold every word they require.

A spaCy Matcher checks every pattern's first tokens at every token of the doc, so a
reply pays for all 100-odd patterns although one or two can match it. Each pattern's
required tokens (no operator, or "+") that name their LOWER, NORM or LEMMA values are
its gates: a doc that has no token with one of those values cannot match the pattern,
so the pattern's own Matcher is not run. A pattern without such a token always runs.
Each Matcher walks the whole doc, so when many patterns open (a long paste opens most of
them) one Matcher of every pattern runs instead, as before: one walk, the same matches.
Values are compared as the Matcher compares them (string hashes of the same token
attributes, read in one array), so the matches found are exactly the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import LEMMA, LOWER, NORM
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

GATE_ATTRS = ("LOWER", "NORM", "LEMMA")
_ARRAY_ATTRS = (LOWER, NORM, LEMMA)  # same order as GATE_ATTRS
_AT_LEAST = re.compile(r"^\{(\d+)(,\d*)?\}$")  # "{2}", "{1,3}", "{1,}"

Gate = tuple[int, int]  # (index in GATE_ATTRS, string hash)


def _required(token: dict[str, Any]) -> bool:
    op = token.get("OP")
    if op in (None, "1", "+"):
        return True
    found = _AT_LEAST.match(op) if isinstance(op, str) else None
    return bool(found and int(found.group(1)) >= 1)


def _values(spec: Any) -> list[str] | None:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"} and spec["IN"] and all(isinstance(v, str) for v in spec["IN"]):
        return list(spec["IN"])
    return None


def pattern_gates(pattern: Sequence[dict[str, Any]]) -> list[frozenset[Gate]]:
    """One set of (attribute, value) per required token with literal word values: the doc
    must hold at least one of each set."""
    gates = []
    for token in pattern:
        if not _required(token):
            continue
        for n, attr in enumerate(GATE_ATTRS):
            values = _values(token.get(attr))
            if values:
                gates.append(frozenset((n, get_string_id(v)) for v in values))
    return gates


@dataclass(frozen=True, slots=True)
class _Gated:
    needs: frozenset[int]  # ids of the gates the doc must open
    matcher: Matcher


# Above this many open patterns one walk with every pattern is cheaper than a walk each.
MAX_SEPARATE = 12


class GatedMatcher:
    """Matchers of single patterns keyed by rule id, each run only when its gates open."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._all = Matcher(vocab, validate=True)  # every pattern: for docs that open many
        self._gate_ids: dict[frozenset[Gate], int] = {}
        self._opens: dict[Gate, list[int]] = {}  # (attr, value) -> the gates it opens
        self._patterns: list[_Gated] = []

    def add(self, key: str, patterns: Sequence[Sequence[dict[str, Any]]]) -> None:
        """Like Matcher.add; raises what it raises for an invalid pattern."""
        for pattern in patterns:
            matcher = Matcher(self._vocab, validate=True)
            matcher.add(key, [list(pattern)])
            self._all.add(key, [list(pattern)])
            self._patterns.append(_Gated(frozenset(self._gate_id(g) for g in pattern_gates(pattern)), matcher))

    def _gate_id(self, gate: frozenset[Gate]) -> int:
        if gate not in self._gate_ids:
            self._gate_ids[gate] = len(self._gate_ids)
            for value in gate:
                self._opens.setdefault(value, []).append(self._gate_ids[gate])
        return self._gate_ids[gate]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) of every match, each once, as Matcher.__call__ gives them."""
        open_gates: set[int] = set()
        columns = doc.to_array(list(_ARRAY_ATTRS)).T.tolist() if len(doc) else [[], [], []]
        for n, column in enumerate(columns):
            for value in set(column):
                gates = self._opens.get((n, value))
                if gates:
                    open_gates.update(gates)
        matchers = [pattern.matcher for pattern in self._patterns if pattern.needs <= open_gates]
        if len(matchers) > MAX_SEPARATE:
            return self._all(doc)
        found: list[tuple[int, int, int]] = []
        seen: set[tuple[int, int, int]] = set()
        for matcher in matchers:
            for match in matcher(doc):
                if match not in seen:
                    seen.add(match)
                    found.append(match)
        return found
