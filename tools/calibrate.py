"""`make calibrate`: check and refit the listening weights on all dev data together.

The engine runs once over the own dev pair sets, annomi-dev and esconv-dev; each
unit's decision keeps its named cues, so new weights are tried without parsing again.
A coordinate search moves one weight (or threshold) at a time over a small grid,
keeping each cue's sign as its definition says (a stem never counts against a
reflection), to maximise the mean F1 across sources: a change that helps one source
and hurts another shows in the per-source lines. Grouped 5-fold cross-validation
(by conversation / transcript) prints how the fitted values do on rows they were not
fitted on. `--write` stores the proposal in nlp/rules/weights.yaml with a provenance line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nlp.scoring import NEGATIVE_CUES, WEIGHTS_FILE, Weights, load_weights
from tools.baseline import FOLDS, fold_of
from tools.listening_data import Row, all_rows

log = logging.getLogger(__name__)
LABELS = {"reflection": ("reflection", "reflection"), "advice": ("roadblocks.advising", "advice")}
POSITIVE_GRID = (0.0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.5, 2.0)
NEGATIVE_GRID = (0.0, -0.1, -0.2, -0.3, -0.4, -0.6, -0.8, -1.0, -1.5, -2.0, -3.0)
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4, 1.6, 2.0)
PASSES = 3
# Cues from other units lean, never veto: a roadblock vetoes only the unit it sits in
# (issue 6), so these stay small whatever a single-label source would prefer.
FLOORS = {"reflection.advice_elsewhere": -0.5, "reflection.story_elsewhere": -0.5}
# One shared word is not a reflection (DOMAIN.md: their content given back, in second person
# or tentative form): an echoed word may count at most half the way to the threshold.
CEILINGS = {"reflection.echo": 0.5}
# Each structural advice cue is advice on its own by definition (DOMAIN.md, advising):
# checked and reported here, not refitted; so is the advice threshold.
# A roadblock in the unit is a veto, not a trade-off: fixed far below any sum of cues.
# The no-context cues are not fitted: almost every dev row carries its context, so the
# data cannot speak for replies without one.
FIXED_PREFIXES = ("roadblock.", "reflection.roadblock", "reflection.no_context", "advice.no_context")
FIXED_THRESHOLDS = frozenset({"advice"})


@dataclass
class Table:
    """One label's unit decisions as a matrix: decision x cue counts, and each decision's row."""

    cues: list[str]
    counts: np.ndarray  # (decisions, cues)
    row_of: np.ndarray  # (decisions,)
    truth: np.ndarray  # (rows,) bool
    source: np.ndarray  # (rows,) str
    fold: np.ndarray  # (rows,) int

    def predict(self, w: np.ndarray, threshold: float, rows: np.ndarray | None = None) -> np.ndarray:
        hit = (self.counts @ w) >= threshold - 1e-9
        got = np.bincount(self.row_of, hit.astype(float), len(self.truth)) > 0
        return got if rows is None else got[rows]


def build_table(rows: Sequence[Row], items: Sequence, label: str, detector: str, weights: Weights) -> Table:
    names = sorted(n for n in weights.cues if n.startswith("reflection.")) if detector == "reflection" else sorted(
        n for n in weights.cues if n.startswith(("roadblock.", "advice.")))
    index = {n: i for i, n in enumerate(names)}
    counts, row_of = [], []
    for r, item in enumerate(items):
        for d in getattr(item, "decisions", ()):
            if d.label != label:
                continue
            vec = np.zeros(len(names))
            for cue in d.counted:
                vec[index[cue.name]] += 1
            counts.append(vec)
            row_of.append(r)
    truth = np.array([bool(row.labels.get(detector)) for row in rows])
    return Table(names, np.array(counts).reshape(-1, len(names)), np.array(row_of, dtype=np.int64), truth,
                 np.array([row.source for row in rows]), np.array([fold_of(row.group) for row in rows]))


def f1(truth: np.ndarray, got: np.ndarray) -> tuple[float, float, float]:
    tp, fp, fn = int((truth & got).sum()), int((~truth & got).sum()), int((truth & ~got).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def mean_f1(table: Table, w: np.ndarray, threshold: float, rows: np.ndarray) -> float:
    got = table.predict(w, threshold)
    scores = [f1(table.truth[rows & (table.source == s)], got[rows & (table.source == s)])[2]
              for s in dict.fromkeys(table.source[rows])]
    return float(np.mean(scores)) if scores else 0.0


def grid_for(name: str) -> tuple[float, ...]:
    if name.startswith(FIXED_PREFIXES):
        return ()
    grid = NEGATIVE_GRID if name in NEGATIVE_CUES else POSITIVE_GRID
    return tuple(v for v in grid if FLOORS.get(name, -np.inf) <= v <= CEILINGS.get(name, np.inf))


def fit(table: Table, w0: np.ndarray, t0: float, rows: np.ndarray, fixed_threshold: bool = False) -> tuple[np.ndarray, float]:
    """Coordinate search: each weight in turn over its signed grid, then the threshold."""
    w, t = w0.copy(), t0
    grids = [grid_for(n) for n in table.cues]
    grids.append(() if fixed_threshold else THRESHOLD_GRID)
    best = mean_f1(table, w, t, rows)
    for _ in range(PASSES):
        improved = False
        for j, grid in enumerate(grids):
            for value in grid:
                trial_w, trial_t = w.copy(), t
                if j == len(w):
                    trial_t = value
                else:
                    trial_w[j] = value
                score = mean_f1(table, trial_w, trial_t, rows)
                if score > best + 1e-6:
                    best, w, t, improved = score, trial_w, trial_t, True
        if not improved:
            break
    return w, t


def report(table: Table, w: np.ndarray, t: float, title: str, got: np.ndarray | None = None) -> list[str]:
    got = table.predict(w, t) if got is None else got
    lines = [f"  {title}"]
    for s in dict.fromkeys(table.source):
        rows = table.source == s
        p, r, f = f1(table.truth[rows], got[rows])
        lines.append(f"    {s:<7} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={int(rows.sum())}, positives {int(table.truth[rows].sum())})")
    return lines


def calibrate_label(table: Table, weights: Weights, key: str) -> tuple[dict[str, float], float, list[str]]:
    w0 = np.array([weights.cues[n] for n in table.cues])
    t0 = weights.thresholds[key]
    everything = np.ones(len(table.truth), dtype=bool)
    fixed = key in FIXED_THRESHOLDS
    w, t = fit(table, w0, t0, everything, fixed)
    held_out = np.zeros(len(table.truth), dtype=bool)
    for k in range(FOLDS):  # each fold predicted by weights fitted on the other folds
        train = table.fold != k
        wk, tk = fit(table, w0, t0, train, fixed)
        held_out[table.fold == k] = table.predict(wk, tk, table.fold == k)
    lines = report(table, w0, t0, f"current weights (threshold {t0:g})")
    lines += report(table, w, t, f"proposed weights (threshold {t:g}), fitted on all rows")
    lines += report(table, w, t, f"proposed, grouped {FOLDS}-fold cross-validated", got=held_out)
    changed = [f"    {n}: {a:g} -> {b:g}" for n, a, b in zip(table.cues, w0, w, strict=True) if abs(a - b) > 1e-9]
    lines += ["  changes:", *(changed or ["    (none)"])]
    if abs(t - t0) > 1e-9:
        lines.append(f"    threshold {key}: {t0:g} -> {t:g}")
    return dict(zip(table.cues, (float(x) for x in w), strict=True)), float(t), lines


def write_weights(cues: dict[str, float], thresholds: dict[str, float], note: str) -> None:
    """Rewrite the numbers in weights.yaml's listening section in place, keeping every
    comment and leaving the other sections alone."""
    whole = WEIGHTS_FILE.read_text(encoding="utf-8")
    cut = whole.find("\nlistening:\n")
    if cut < 0:
        raise ValueError(f"{WEIGHTS_FILE}: no 'listening:' section to rewrite")
    before, text = whole[: cut + 1], whole[cut + 1 :]

    def number(name: str, value: float) -> None:
        nonlocal text
        pattern = re.compile(rf"^(\s+{re.escape(name)}:\s*)(-?[0-9.]+)", re.MULTILINE)
        text, n = pattern.subn(lambda m: f"{m.group(1)}{round(value, 3):g}", text, count=1)
        if n != 1:
            raise ValueError(f"{WEIGHTS_FILE}: cannot find '{name}' to rewrite")

    for name, value in cues.items():
        number(name, value)
    for name, value in thresholds.items():
        number(name, value)
    text = re.sub(r"^(\s*)provenance:.*$", lambda m: f"{m.group(1)}provenance: {note}", text, count=1,
                  flags=re.MULTILINE)
    WEIGHTS_FILE.write_text(before + text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.calibrate", description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the proposed values in weights.yaml")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    import nlp

    weights = load_weights()
    rows = all_rows()
    analyzer = nlp.get_analyzer()
    items = list(analyzer.analyze_many([r.text for r in rows], [r.context for r in rows]))
    out = sys.stdout
    cues: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    for detector, (label, key) in LABELS.items():
        table = build_table(rows, items, label, detector, weights)
        fitted, threshold, lines = calibrate_label(table, weights, key)
        out.write(f"\n{detector}:\n" + "\n".join(lines) + "\n")
        cues.update(fitted)
        thresholds[key] = threshold
    if args.write:
        counts = ", ".join(f"{s} {sum(r.source == s for r in rows)}" for s in dict.fromkeys(r.source for r in rows))
        write_weights(cues, thresholds, f"make calibrate {dt.date.today()} on {counts} rows (mean F1 across sources, "
                                        f"coordinate search; see tools/calibrate.py)")
        out.write(f"\nwrote {WEIGHTS_FILE}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
