"""`make eval` (listening part): per-source figures beside a bag-of-words baseline.

For each listening detector (reflection, advice, question) and each source (own dev pair
sets, annomi-dev, esconv-dev), prints the engine's P/R/F1 (question: accuracy and
open/closed F1) next to a bag-of-words logistic regression trained in this same run and
scored by grouped k-fold cross-validation over the pooled dev rows (tools/baseline.py).
Each line says whether the engine is above the baseline; nothing is hidden when it is not.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from tools.baseline import FOLDS, cross_validate
from tools.listening_data import DETECTORS, Row, all_rows, predicted, sources

QUESTION_LABELS = ("open", "closed", "none")


def _prf(expected: Sequence[bool], got: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(e and g for e, g in zip(expected, got, strict=True))
    fp = sum(g and not e for e, g in zip(expected, got, strict=True))
    fn = sum(e and not g for e, g in zip(expected, got, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def figures(detector: str, expected: Sequence[object], got: Sequence[object]) -> tuple[float, str]:
    """(the headline figure compared with the baseline, the line shown)."""
    if detector == "question":
        acc = sum(e == g for e, g in zip(expected, got, strict=True)) / len(expected)
        per = "  ".join(f"{lab} F1 {_prf([e == lab for e in expected], [g == lab for g in got])[2]:.3f}"
                        for lab in QUESTION_LABELS[:2])
        return acc, f"acc {acc:.3f}  {per}"
    p, r, f = _prf([bool(e) for e in expected], [bool(g) for g in got])
    return f, f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def report(rows: Sequence[Row], engine: Sequence[dict[str, object]]) -> list[str]:
    lines = [f"\nlistening vs bag-of-words baseline (logistic regression on reply unigrams+bigrams, "
             f"grouped {FOLDS}-fold CV over {len(rows)} pooled dev rows)"]
    below = []
    for detector in DETECTORS:
        keep = [i for i, r in enumerate(rows) if detector in r.labels]
        base = cross_validate([rows[i].text for i in keep], [rows[i].labels[detector] for i in keep],
                              [rows[i].group for i in keep])
        base_of = dict(zip(keep, base, strict=True))
        lines.append(f"  {detector}")
        for source in sources(rows[i] for i in keep):
            mine = [i for i in keep if rows[i].source == source]
            expected = [rows[i].labels[detector] for i in mine]
            ours, shown = figures(detector, expected, [engine[i][detector] for i in mine])
            theirs, base_shown = figures(detector, expected, [base_of[i] for i in mine])
            verdict = "above" if ours > theirs else "BELOW"
            if verdict == "BELOW":
                below.append(f"{detector} on {source}")
            lines.append(f"    {source:<7} engine   {shown}  (n={len(mine)})")
            lines.append(f"    {'':<7} baseline {base_shown}  -> engine {verdict} baseline")
    lines.append("  below the baseline: " + (", ".join(below) if below else "none"))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    argparse.ArgumentParser(prog="python -m tools.listening_eval", description=__doc__.splitlines()[0]).parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    import nlp

    rows = all_rows()
    analyzer = nlp.get_analyzer()
    engine = [predicted(x) for x in analyzer.analyze_many([r.text for r in rows], [r.context for r in rows])]
    sys.stdout.write("\n".join(report(rows, engine)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
