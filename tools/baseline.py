"""A bag-of-words baseline trained in the same run as `make eval`, for honest comparison.

Logistic regression (softmax, L2) on the reply's binary unigrams and bigrams, in numpy
alone. Scored by grouped k-fold cross-validation over the pooled dev rows: a row is only
ever predicted by a model that never saw its conversation or transcript. This is a
yardstick for the eval report, never part of the product (the engine uses named cues only).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

TOKEN = re.compile(r"[a-z0-9']+|[?!]")
FOLDS = 5
MIN_DF = 2  # a feature must appear in two training replies
L2 = 1.0  # penalty on the summed loss, as in scikit-learn's C=1
STEPS = 300
RATE = 0.1


def features(text: str) -> set[str]:
    words = TOKEN.findall(text.lower())
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def fold_of(group: str, folds: int = FOLDS) -> int:
    """A stable fold per group, the same in every run."""
    return zlib.crc32(group.encode("utf-8")) % folds


class _Sparse:
    """Rows of binary features as (row, column) index pairs."""

    def __init__(self, bags: Sequence[set[str]], vocab: dict[str, int]) -> None:
        pairs = [(i, vocab[f]) for i, bag in enumerate(bags) for f in bag if f in vocab]
        self.rows = np.array([p[0] for p in pairs], dtype=np.int64)
        self.cols = np.array([p[1] for p in pairs], dtype=np.int64)
        self.n, self.d = len(bags), len(vocab)

    def dot(self, w: np.ndarray) -> np.ndarray:  # (d, k) -> (n, k)
        return np.stack([np.bincount(self.rows, w[self.cols, j], self.n) for j in range(w.shape[1])], axis=1)

    def tdot(self, g: np.ndarray) -> np.ndarray:  # (n, k) -> (d, k)
        return np.stack([np.bincount(self.cols, g[self.rows, j], self.d) for j in range(g.shape[1])], axis=1)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train_predict(train_bags: Sequence[set[str]], train_y: Sequence[object], test_bags: Sequence[set[str]]) -> list[object]:
    """Fit on the training rows, predict the test rows (the most frequent class if one class)."""
    classes = sorted(set(train_y), key=str)
    if len(classes) == 1:
        return [classes[0]] * len(test_bags)
    df = Counter(f for bag in train_bags for f in bag)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= MIN_DF))}
    x, xt = _Sparse(train_bags, vocab), _Sparse(test_bags, vocab)
    index = {c: i for i, c in enumerate(classes)}
    y = np.zeros((x.n, len(classes)))
    y[np.arange(x.n), [index[c] for c in train_y]] = 1.0
    w, b = np.zeros((x.d, len(classes))), np.zeros(len(classes))
    m, v = np.zeros_like(w), np.zeros_like(w)  # Adam moments: full-batch, fixed steps, deterministic
    for step in range(1, STEPS + 1):
        p = _softmax(x.dot(w) + b)
        g = x.tdot(p - y) + w / L2
        b -= RATE * (p - y).sum(axis=0) / x.n
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    scores = xt.dot(w) + b
    return [classes[i] for i in scores.argmax(axis=1)]


def cross_validate(texts: Sequence[str], labels: Sequence[object], groups: Sequence[str],
                   folds: int = FOLDS) -> list[object]:
    """One out-of-fold prediction per row, folds drawn by group."""
    bags = [features(t) for t in texts]
    fold = [fold_of(g, folds) for g in groups]
    out: list[object] = [None] * len(texts)
    for k in range(folds):
        train = [i for i in range(len(texts)) if fold[i] != k]
        test = [i for i in range(len(texts)) if fold[i] == k]
        if not test:
            continue
        got = train_predict([bags[i] for i in train], [labels[i] for i in train], [bags[i] for i in test])
        for i, g in zip(test, got, strict=True):
            out[i] = g
    return out
