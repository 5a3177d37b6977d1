"""`python -m coach eval --set listener_dev` (or `blind_listener`): the couples listener check
on labelled speaker–listener pairs.

Columns: speaker, text, carried (1/0: gave back the speaker's main point without adding
their own view), problems (;-separated subset of PROBLEMS), hard, note. Prints precision,
recall and F1 for `carried` and for each problem kind; misses only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coach.couples.listening import ListenerCheck, check_listener
from nlp.types import Analysis
from nlp.words import Word
from tools.eval_data import ROOT, EvalDataError, Field, is_blind, open_table, parse_label
from tools.evaluate import Score, score_binary, score_multilabel

PROBLEMS = ("rebuttal", "advice", "judging", "mind_reading", "own_story")
LISTENER_SETS = {
    "listener_dev": "listener_dev.csv",
    "listener_dev2": "listener_dev2.csv",  # written for the weak spots of issue 6 before their rules
    "listener_holdout2": "listener_holdout2.csv",  # written after those rules, measured once, then opened
    "blind_listener": "blind_listener.csv",
    "blind2_listener": "blind2_listener.csv",  # a second writer, measured once after the weak-spot rules
}
COLUMNS = ("speaker", "text", "carried", "problems", "hard", "note")
_CARRIED = Field("carried", "binary")
_PROBLEMS = Field("problems", "multilabel", PROBLEMS)


@dataclass(frozen=True, slots=True)
class Pair:
    line: int
    speaker: str
    text: str
    carried: bool
    problems: frozenset[str]
    hard: bool


def default_path(name: str) -> Path:
    return ROOT / "tests" / "data" / LISTENER_SETS[name]


def load_pairs(path: Path) -> tuple[Pair, ...]:
    """FileNotFoundError if missing; EvalDataError naming file, line and column if malformed."""
    table, index = open_table(path, COLUMNS)
    pairs = []
    for number, row in zip(table.lines, table.rows, strict=True):
        where = f"{path} line {number}, column"
        cell = {c: row[index[c]].strip() for c in COLUMNS}
        if not cell["speaker"] or not cell["text"]:
            raise EvalDataError(f"{where} {'speaker' if not cell['speaker'] else 'text'}: empty.")
        pairs.append(
            Pair(
                line=number,
                speaker=cell["speaker"],
                text=cell["text"],
                carried=bool(parse_label(_CARRIED, cell["carried"], f"{where} carried")),
                problems=frozenset(parse_label(_PROBLEMS, cell["problems"], f"{where} problems")),  # type: ignore[arg-type]
                hard=bool(parse_label(_CARRIED, cell["hard"] or "0", f"{where} hard")),
            )
        )
    return tuple(pairs)


Analyse = Callable[[str, str], Analysis]
Words = Callable[[str], tuple[Word, ...]]


def run_checks(pairs: tuple[Pair, ...], analyse: Analyse, words: Words) -> list[ListenerCheck]:
    return [check_listener(words(p.speaker), words(p.text), p.text, analyse(p.text, p.speaker)) for p in pairs]


def _line(name: str, score: Score) -> str:
    def num(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    return (
        f"  {name:<14} P {num(score.precision)}  R {num(score.recall)}  F1 {num(score.f1)}"
        f"  (tp {score.tp}, fp {score.fp}, fn {score.fn})"
    )


def report(name: str, path: Path, pairs: tuple[Pair, ...], checks: list[ListenerCheck], misses: int) -> Iterator[str]:
    got_carried = [c.gave_back for c in checks]
    got_problems = [frozenset(c.problem_kinds) & set(PROBLEMS) for c in checks]
    hard = sum(p.hard for p in pairs)
    yield f"\n{name}: {path} ({len(pairs)} pairs, {hard} hard)"
    yield _line("carried", score_binary([p.carried for p in pairs], got_carried))
    scores = score_multilabel([p.problems for p in pairs], got_problems, PROBLEMS)
    any_score = score_binary([bool(p.problems) for p in pairs], [bool(g) for g in got_problems])
    yield _line("any problem", any_score)
    for kind in PROBLEMS:
        yield _line(kind, scores[kind])
    wrong = [(p, c, g) for p, c, g in zip(pairs, checks, got_problems, strict=True)
             if p.carried != c.gave_back or p.problems != g]
    for pair, check, got in wrong[:misses]:
        yield (
            f"  miss line {pair.line}: carried {int(pair.carried)}→{int(check.gave_back)} (score {check.score}), "
            f"problems {sorted(pair.problems)}→{sorted(got)}: {pair.text!r}"
        )


def iter_listener_report(names: list[str], analyzer_factory: Callable[[], object], misses: int) -> Iterator[str]:
    from nlp.words import content_words

    for name in names:
        path = default_path(name)
        try:
            pairs = load_pairs(path)
        except FileNotFoundError:
            yield f"\n{name}: {path} not found; skipped."
            continue
        analyze = analyzer_factory().analyze
        checks = run_checks(pairs, lambda text, context, analyze=analyze: analyze(text, context=context), content_words)
        # a blind set stays blind: its rows are never printed
        yield from report(name, path, pairs, checks, 0 if is_blind(name) else misses)
