"""Answers computed once per analysed doc and kept on it (`doc.user_data`).

Guards and parse rules run once per hit; anything they ask about a whole sentence or
clause is asked again for every hit in it. Keeping the answer on the doc makes a reply
of many hits cost one pass per sentence or clause, not one per hit. The cache lives
and dies with the doc, so threads never share it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from spacy.tokens import Doc

T = TypeVar("T")
_KEY = "rehearse.memo"


def memo(doc: Doc, key: Hashable, compute: Callable[[], T]) -> T:
    store = doc.user_data.get(_KEY)
    if store is None:
        store = doc.user_data[_KEY] = {}
    if key not in store:
        store[key] = compute()
    return store[key]


def sentence_starts(doc: Doc) -> list[int]:
    """For each token, the index of the first token of its sentence (`token.sent` walks
    the sentence every time it is asked)."""

    def scan() -> list[int]:
        starts, current = [], 0
        for tok in doc:
            if tok.is_sent_start:
                current = tok.i
            starts.append(current)
        return starts

    return memo(doc, "sentence_starts", scan)


def count_between(doc: Doc, name: str, test: Callable[[object], bool], lo: int, hi: int) -> int:
    """How many tokens in doc[lo:hi] pass `test`, from prefix sums built once per `name`."""

    def prefix() -> list[int]:
        sums = [0]
        for tok in doc:
            sums.append(sums[-1] + bool(test(tok)))
        return sums

    sums = memo(doc, ("prefix", name), prefix)
    return sums[hi] - sums[lo]
