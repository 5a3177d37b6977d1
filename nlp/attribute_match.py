"""The model's attribute ruler, matched by a lookup instead of a spaCy Matcher.

The ruler's 179 patterns (tag map and word exceptions) are one or two tokens of plain
tests: a TAG, LOWER or DEP value, a set of them, a regex, IS_SPACE. A Matcher tries all
of them at every token; indexing each pattern by its first token's LOWER or TAG value
tries only the few that can start there. The matches, their order and so every
attribute the ruler sets are the same: `match` returns exactly what
`AttributeRuler.match` returns, and the ruler's own `set_annotations` applies them.
Patterns of any other shape leave the ruler as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import IDS
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

log = logging.getLogger(__name__)

COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # the token attributes the tests read

Test = Callable[[list[int], StringStore], bool]  # one token's column values -> passes


class UnsupportedPattern(ValueError):
    """A pattern this index cannot read exactly; the ruler keeps its Matcher."""


def _test(column: int, spec: Any) -> Test:
    if isinstance(spec, bool):
        value = int(spec)
        return lambda row, _: row[column] == value
    if isinstance(spec, str):
        value = get_string_id(spec)
        return lambda row, _: row[column] == value
    if isinstance(spec, dict) and len(spec) == 1:
        (kind, arg), = spec.items()
        if kind in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            values = frozenset(get_string_id(v) for v in arg)
            if kind == "IN":
                return lambda row, _: row[column] in values
            return lambda row, _: row[column] not in values
        if kind == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda row, strings: bool(regex.search(strings[row[column]]))
    raise UnsupportedPattern(f"{spec!r}")


def _compile_token(token: dict[str, Any]) -> tuple[Test, ...]:
    tests = []
    for attr, spec in token.items():
        if attr not in COLUMNS:
            raise UnsupportedPattern(attr)
        if attr == "IS_SPACE" and not isinstance(spec, bool):
            raise UnsupportedPattern(f"IS_SPACE {spec!r}")
        tests.append(_test(COLUMNS.index(attr), spec))
    return tuple(tests)


def _first_key(token: dict[str, Any]) -> tuple[int, list[int]] | None:
    """The column and values a pattern is filed under: its first token's exact value or
    set of values, LOWER before TAG before DEP before IS_SPACE (the rarer first)."""
    for column, attr in enumerate(COLUMNS):
        spec = token.get(attr)
        if isinstance(spec, bool):
            return column, [int(spec)]
        if isinstance(spec, str):
            return column, [get_string_id(spec)]
        if isinstance(spec, dict) and list(spec) == ["IN"]:
            return column, [get_string_id(v) for v in spec["IN"]]
    return None


class IndexedMatch:
    """`AttributeRuler.match` for patterns of plain token tests, by first-token lookup."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._strings = ruler.vocab.strings
        # One dict per column: a value of the first token -> the patterns that can start there.
        self._index: list[dict[int, list[tuple]]] = [{} for _ in COLUMNS]
        self._anywhere: list[tuple] = []  # first token of regex or NOT_IN tests only
        for n, entry in enumerate(ruler.patterns):
            match_id = self._strings[str(n)]
            for pattern in entry["patterns"]:
                if not pattern:
                    raise UnsupportedPattern("empty pattern")
                compiled = (n, match_id, tuple(_compile_token(t) for t in pattern))
                key = _first_key(pattern[0])
                if key is None:
                    self._anywhere.append(compiled)
                    continue
                column, values = key
                for value in values:
                    self._index[column].setdefault(value, []).append(compiled)
        self._columns = [IDS[c] for c in COLUMNS]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        rows = doc.to_array(self._columns).tolist()
        strings = self._strings
        found: set[tuple[int, int, int, int]] = set()
        size = len(rows)
        index, anywhere = self._index, self._anywhere
        for i, row in enumerate(rows):
            starting = [p for column, value in enumerate(row) for p in index[column].get(value, ())]
            for n, match_id, tokens in (*starting, *anywhere) if anywhere else starting:
                end = i + len(tokens)
                if end <= size and all(test(rows[i + k], strings) for k, tests in enumerate(tokens) for test in tests):
                    found.add((n, match_id, i, end))
        return sorted(found)


def index_attribute_ruler(ruler: AttributeRuler) -> bool:
    """Swap the ruler's Matcher pass for the index; False (ruler untouched) if any pattern
    is of a shape the index does not read."""
    try:
        match = IndexedMatch(ruler)
    except UnsupportedPattern as exc:
        log.info("attribute ruler keeps its Matcher: unsupported pattern %s", exc)
        return False
    ruler.match = match  # type: ignore[method-assign]
    return True
