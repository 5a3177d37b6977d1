"""`python -m coach eval`: precision, recall and F1 of every detector on the labelled sets.

The metric functions at the top are pure and small (tested by hand-made cases). A value that
would divide by zero is None and prints as "n/a". The figures are figures, not pass/fail:
each target from the spec is printed beside its figure with "met" or "below".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from nlp import Analysis, InputError
from tools.batch import BatchAnalyzer
from tools.eval_data import (
    BASELINES,
    SETS,
    Example,
    Field,
    Label,
    LabelledSet,
    default_path,
    is_blind,
    load_set,
)

T = TypeVar("T")

# (set, detector, metric) -> (comparison, bound, as shown); the targets of the project spec.
TARGETS: dict[tuple[str, str, str], tuple[str, float, str]] = {
    ("statements", "style", "accuracy"): ("≥", 0.92, "≥0.92"),
    ("pairs", "reflection", "f1"): ("≥", 0.90, "≥0.90"),
    ("pairs", "roadblocks", "any_recall"): ("≥", 0.85, "≥0.85"),
    ("pairs", "roadblocks", "false_alarm_rate"): ("≤", 0.10, "≤10%"),
    ("crisis", "crisis", "recall"): ("≥", 1.0, "1.0"),
    ("crisis", "crisis", "false_alarms"): ("≤", 1, "≤1"),
    ("annomi", "reflection", "f1"): ("≥", 0.72, "≥0.72"),
    ("annomi", "question", "accuracy"): ("≥", 0.88, "≥0.88"),
}
_NAMES = {
    "precision": "P",
    "recall": "R",
    "f1": "F1",
    "any_recall": "any: R",
    "any_precision": "P",
}


@dataclass(frozen=True, slots=True)
class Score:
    """Counts for one label; precision, recall and F1 are None when undefined (0/0)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        # 2TP/(2TP+FP+FN) equals the harmonic mean when both exist, and is 0 (not undefined)
        # when a label was expected but never predicted.
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def support(self) -> int:
        return self.tp + self.fn


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def score_binary(expected: Sequence[bool], got: Sequence[bool]) -> Score:
    pairs = list(zip(expected, got, strict=True))
    return Score(
        tp=sum(e and g for e, g in pairs),
        fp=sum(g and not e for e, g in pairs),
        fn=sum(e and not g for e, g in pairs),
    )


def score_labels(expected: Sequence[str], got: Sequence[str], labels: Sequence[str]) -> dict[str, Score]:
    """One-vs-rest scores for a single-label (multiclass) detector."""
    return {lab: score_binary([e == lab for e in expected], [g == lab for g in got]) for lab in labels}


def score_multilabel(
    expected: Sequence[frozenset[str]],
    got: Sequence[frozenset[str]],
    labels: Sequence[str],
) -> dict[str, Score]:
    return {lab: score_binary([lab in e for e in expected], [lab in g for g in got]) for lab in labels}


def accuracy(expected: Sequence[object], got: Sequence[object]) -> float | None:
    pairs = list(zip(expected, got, strict=True))
    return _ratio(sum(e == g for e, g in pairs), len(pairs))


def false_alarms(expected: Sequence[bool], got: Sequence[bool]) -> tuple[int, int]:
    """(rows flagged although nothing was expected, rows where nothing was expected)."""
    negatives = [g for e, g in zip(expected, got, strict=True) if not e]
    return sum(negatives), len(negatives)


def headline(
    field: Field, expected: Sequence[Label], got: Sequence[Label]
) -> list[tuple[str, float | None, str]]:
    """The main figures of one detector as (metric key, value, shown text)."""
    if field.kind == "multiclass":
        return [_metric("accuracy", accuracy(expected, got))]
    if field.kind == "binary":
        score = score_binary(expected, got)  # type: ignore[arg-type]
        flagged, negatives = false_alarms(expected, got)  # type: ignore[arg-type]
        return [
            _metric("precision", score.precision),
            _metric("recall", score.recall),
            _metric("f1", score.f1),
            ("false_alarms", flagged, f"false alarms {flagged}/{negatives}"),
        ]
    any_expected, any_got = [bool(e) for e in expected], [bool(g) for g in got]
    score = score_binary(any_expected, any_got)
    flagged, negatives = false_alarms(any_expected, any_got)
    rate = _ratio(flagged, negatives)
    return [
        _metric("any_recall", score.recall),
        _metric("any_precision", score.precision),
        (
            "false_alarm_rate",
            rate,
            f"false alarms {_pct(rate)} ({flagged}/{negatives})",
        ),
        _metric("exact_match", accuracy(expected, got)),
    ]


def _metric(key: str, value: float | None) -> tuple[str, float | None, str]:
    return key, value, f"{_NAMES.get(key, key.replace('_', ' '))} {_num(value)}"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _with_target(set_name: str, detector: str, metric: tuple[str, float | None, str]) -> str:
    key, value, shown = metric
    target = TARGETS.get((set_name, detector, key))
    if target is None:
        return shown
    op, bound, bound_shown = target
    if value is None:
        verdict = "n/a"
    else:
        verdict = "met" if (value >= bound if op == "≥" else value <= bound) else "below"
    return f"{shown} [target {bound_shown}: {verdict}]"


def per_label(field: Field, expected: Sequence[Label], got: Sequence[Label]) -> dict[str, Score]:
    if field.kind == "multiclass":
        return score_labels(expected, got, field.labels)  # type: ignore[arg-type]
    if field.kind == "multilabel":
        return score_multilabel(expected, got, field.labels)  # type: ignore[arg-type]
    return {}


def compact(field: Field, expected: Sequence[Label], got: Sequence[Label]) -> str:
    """One line: the headline figures and each label's F1 (for hard rows and baselines)."""
    parts = [shown for _, _, shown in headline(field, expected, got)]
    parts += [f"{lab} F1 {_num(s.f1)}" for lab, s in per_label(field, expected, got).items()]
    return f"n={len(expected)}: " + "  ".join(parts)


def field_report(set_name: str, field: Field, rows: Sequence[tuple[Example, Label, Label]]) -> list[str]:
    expected, got = [r[1] for r in rows], [r[2] for r in rows]
    shown = [_with_target(set_name, field.detector, m) for m in headline(field, expected, got)]
    lines = [f"  {field.detector:<19} " + "  ".join(shown) + f"  (n={len(rows)})"]
    for lab, s in per_label(field, expected, got).items():
        lines.append(
            f"      {lab:<15} P {_num(s.precision)}  R {_num(s.recall)}  F1 {_num(s.f1)}  n {s.support}"
        )
    hard = [r for r in rows if r[0].hard]
    if SETS[set_name].has_hard:
        lines.append(f"      hard only  {compact(field, [r[1] for r in hard], [r[2] for r in hard])}")
    if set_name == "annomi" and field.detector in BASELINES:
        base = [BASELINES[field.detector](r[0].text) for r in rows]
        lines.append(f"      baseline   {compact(field, expected, base)}")
    return lines


def worst_misses(field: Field, rows: Sequence[tuple[Example, Label, Label]], limit: int) -> list[str]:
    """Up to `limit` wrong rows, taking each expected label in turn so one label's misses
    do not hide the others'; easy rows before hard, missed positives before false alarms."""
    wrong = [r for r in rows if r[1] != r[2]]
    if not wrong or limit <= 0:
        return []
    wrong.sort(key=lambda r: (r[0].hard, field.kind != "multiclass" and not r[1]))
    picked = _round_robin(wrong, key=lambda r: _show(r[1]), limit=limit)
    lines = [f"  misses: {field.detector} ({len(wrong)} of {len(rows)} wrong; showing {len(picked)})"]
    for ex, exp, got in picked:
        tag = " [hard]" if ex.hard else ""
        note = f"  ({_clip(ex.note, 60)})" if ex.note else ""
        lines.append(
            f"    line {ex.line}{tag}: {_clip(ex.text, 110)!r}  expected {_show(exp)}, got {_show(got)}{note}"
        )
        if ex.context:
            lines.append(f"      context: {_clip(ex.context, 90)!r}")
    return lines


def _round_robin(items: Sequence[T], key: Callable[[T], str], limit: int) -> list[T]:
    """Up to `limit` items, one from each group in turn; groups and items keep their order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    queues = list(groups.values())
    picked: list[T] = []
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked


def _show(label: Label) -> str:
    if isinstance(label, bool):
        return "yes" if label else "no"
    if isinstance(label, frozenset):
        return ";".join(sorted(label)) or "(none)"
    return label


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _got(item: Analysis, field: Field) -> Label:
    value = getattr(item, field.detector)
    return frozenset(value) if field.kind == "multilabel" else value


def iter_report(
    names: Sequence[str],
    analyzer_factory: Callable[[], BatchAnalyzer],
    *,
    annomi: Path | None = None,
    misses: int = 8,
    batch_size: int = 256,
) -> Iterator[str]:
    """Yield the report line by line; raise EvalDataError if a set exists but is malformed.

    A missing set is a note, not an error. The analyser is built only once a set loads.
    """
    analyzer = None
    for name in names:
        path = default_path(name, annomi)
        try:
            labelled = load_set(name, path)
        except FileNotFoundError:
            yield f"\n{name}: {path} not found; skipped."
            continue
        analyzer = analyzer or analyzer_factory()
        yield from set_report(labelled, analyzer, misses=misses, batch_size=batch_size)


def set_report(
    labelled: LabelledSet, analyzer: BatchAnalyzer, *, misses: int, batch_size: int
) -> Iterator[str]:
    spec, examples = labelled.spec, labelled.examples
    texts = [ex.text for ex in examples]
    contexts = [ex.context for ex in examples] if spec.has_context else None
    started = time.perf_counter()
    items = list(analyzer.analyze_many(texts, contexts, batch_size=batch_size))
    seconds = time.perf_counter() - started
    hard = f", {sum(ex.hard for ex in examples)} hard" if spec.has_hard else ""
    yield f"\n{spec.name}: {labelled.path} ({len(examples)} rows{hard}; {seconds:.1f} s)"
    done = []
    for ex, item in zip(examples, items, strict=True):
        if isinstance(item, InputError):
            yield f"  line {ex.line} left out, could not be analysed: {item}"
        else:
            done.append((ex, item))
    miss_lines = []
    for field in spec.fields:
        rows = [
            (ex, ex.expected[field.detector], _got(item, field))
            for ex, item in done
            if field.detector in ex.expected
        ]
        yield from field_report(spec.name, field, rows)
        # blind sets stay blind: their figures are shown, never their rows
        miss_lines += [] if is_blind(spec.name) else worst_misses(field, rows, misses)
    yield from miss_lines
