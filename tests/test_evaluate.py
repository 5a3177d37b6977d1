"""`python -m coach eval`: metric functions on hand-made cases, set loading, the report."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nlp
from nlp import EmptyInputError
from tests.analysis_factory import analysis
from tools import evaluate
from tools.cli import main
from tools.eval_data import (
    SETS,
    EvalDataError,
    Example,
    baseline_question,
    baseline_reflection,
    default_path,
    load_set,
)
from tools.evaluate import (
    Score,
    accuracy,
    false_alarms,
    field_report,
    iter_report,
    score_binary,
    score_labels,
    score_multilabel,
    worst_misses,
)

BLANK = analysis("")


class ScriptedAnalyzer:
    """Answers `reflection` (and `question`) from words in the text; empty text is an error."""

    def analyze_many(self, texts, contexts=None, batch_size=256):
        for text in texts:
            if not text.strip():
                yield EmptyInputError()
                continue
            question = "open" if text.startswith("What") else "none"
            yield dataclasses.replace(BLANK, text=text, reflection="sounds" in text, question=question)


# --- metrics -------------------------------------------------------------------------


def test_score_with_nothing_is_undefined_not_zero():
    assert (Score().precision, Score().recall, Score().f1) == (None, None, None)


def test_score_never_predicted_has_no_precision_and_zero_recall_and_f1():
    score = Score(tp=0, fp=0, fn=3)
    assert (score.precision, score.recall, score.f1, score.support) == (
        None,
        0.0,
        0.0,
        3,
    )


def test_score_only_false_alarms_has_zero_precision_and_no_recall():
    score = Score(tp=0, fp=2, fn=0)
    assert (score.precision, score.recall, score.f1) == (0.0, None, 0.0)


def test_score_values():
    score = Score(tp=2, fp=1, fn=1)
    assert score.precision == score.recall == score.f1 == pytest.approx(2 / 3)
    assert Score(tp=1, fp=0, fn=3).f1 == pytest.approx(2 * 1.0 * 0.25 / 1.25)


def test_score_binary_counts():
    expected = [True, True, False, False, True]
    got = [True, False, True, False, True]
    assert score_binary(expected, got) == Score(tp=2, fp=1, fn=1)
    assert score_binary([], []) == Score()


def test_score_labels_is_one_vs_rest():
    expected = ["open", "closed", "none", "open"]
    got = ["open", "open", "none", "closed"]
    scores = score_labels(expected, got, ("open", "closed", "none"))
    assert scores["open"] == Score(tp=1, fp=1, fn=1)
    assert scores["closed"] == Score(tp=0, fp=1, fn=1)
    assert scores["none"] == Score(tp=1, fp=0, fn=0)


def test_score_multilabel_per_label():
    expected = [
        frozenset({"criticism", "contempt"}),
        frozenset(),
        frozenset({"stonewalling"}),
    ]
    got = [
        frozenset({"criticism"}),
        frozenset({"contempt"}),
        frozenset({"stonewalling"}),
    ]
    scores = score_multilabel(expected, got, nlp.HORSEMEN)
    assert scores["criticism"] == Score(tp=1)
    assert scores["contempt"] == Score(fp=1, fn=1)
    assert scores["defensiveness"] == Score()
    assert scores["stonewalling"] == Score(tp=1)


def test_accuracy_and_false_alarms():
    assert accuracy([], []) is None
    assert accuracy(["a", "b", "c", "a"], ["a", "b", "a", "b"]) == 0.5
    assert false_alarms([True, False, False, False], [True, True, False, True]) == (
        2,
        3,
    )
    assert false_alarms([True], [False]) == (0, 0)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=40))
def test_binary_scores_stay_in_range_and_add_up(pairs):
    expected, got = [e for e, _ in pairs], [g for _, g in pairs]
    score = score_binary(expected, got)
    assert score.support == sum(expected)
    assert score.tp + score.fp == sum(got)
    for value in (score.precision, score.recall, score.f1):
        assert value is None or 0.0 <= value <= 1.0


@pytest.mark.parametrize(
    "text, kind",
    [
        ("What do you think?", "open"),
        (
            "Okay. And how does that feel?",
            "closed",
        ),  # first word of the last '?' sentence
        ("Do you drink? Why is that?", "open"),
        ("Why? Do you drink often?", "closed"),
        ("So you drink at weekends.", "none"),
        ("", "none"),
    ],
)
def test_baseline_question(text, kind):
    assert baseline_question(text) == kind


@pytest.mark.parametrize(
    "text, reflection",
    [
        ("So you drink at weekends.", True),
        ("You're feeling stuck.", True),  # the contraction holds the word "you"
        ("Your plan sounds good.", False),
        ("Do you drink?", False),
        ("I see.", False),
        ("YOU are tired.", True),
    ],
)
def test_baseline_reflection(text, reflection):
    assert baseline_reflection(text) is reflection


# --- loading -------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


STATEMENTS = (
    "text,style,pseudo_i_statement,horsemen,request,hard,note\n"
    "You never listen,blame,0,criticism;contempt,none,0,absolute\n"
    "I feel like you lie,blame,1,,none,1,disguised\n"
)


def test_load_statements(tmp_path):
    labelled = load_set("statements", write(tmp_path / "s.csv", STATEMENTS))
    first, second = labelled.examples
    assert first.expected == {
        "style": "blame",
        "pseudo_i_statement": False,
        "horsemen": frozenset({"criticism", "contempt"}),
        "request": "none",
    }
    assert (first.line, first.hard, second.hard, second.note) == (
        2,
        False,
        True,
        "disguised",
    )
    assert second.expected["horsemen"] == frozenset()


@pytest.mark.parametrize(
    "bad_row, message",
    [
        (
            "x,rude,0,,none,0,",
            "line 2, column style: expected one of i_statement, blame",
        ),
        ("x,blame,yes,,none,0,", "line 2, column pseudo_i_statement: expected 1 or 0"),
        ("x,blame,0,criticism;sulking,none,0,", "unknown label(s) sulking"),
        ("x,blame,0,,none,2,", "column hard: expected 1 or 0"),
    ],
)
def test_load_rejects_bad_labels_naming_line_and_column(tmp_path, bad_row, message):
    header = STATEMENTS.splitlines()[0]
    path = write(tmp_path / "s.csv", f"{header}\n{bad_row}\n")
    with pytest.raises(EvalDataError, match="s.csv line 2") as caught:
        load_set("statements", path)
    assert message in str(caught.value)


def test_load_rejects_missing_columns_and_missing_file(tmp_path):
    with pytest.raises(EvalDataError, match="lacks column.*pseudo_i_statement"):
        load_set("statements", write(tmp_path / "s.csv", "text,style\nx,blame\n"))
    with pytest.raises(FileNotFoundError):
        load_set("statements", tmp_path / "nope.csv")


ANNOMI = (
    "id,context,text,reflection,question,behaviour,advice\n"
    "1-1,I drink a lot.,It sounds like you drink a lot.,1,none,reflection,0\n"
    "1-2,Sometimes.,What do you drink?,0,open,question,0\n"
    "1-3,Beer.,So you drink beer.,1,unknown,reflection,0\n"
    "1-4,Yes.,Is that often?,0,closed,question,0\n"
    "1-5,Hm.,,0,none,other,0\n"
)


def test_annomi_unknown_question_is_skipped(tmp_path):
    labelled = load_set("annomi", write(tmp_path / "a.csv", ANNOMI))
    third = labelled.examples[2]
    assert "question" not in third.expected and third.expected["reflection"] is True
    assert third.context == "Beer."


def test_annomi_path_override(tmp_path, monkeypatch):
    explicit = tmp_path / "x.csv"
    assert default_path("annomi", explicit) == explicit
    monkeypatch.setenv("REHEARSE_SHARED_DATA", str(tmp_path))
    assert default_path("annomi") == tmp_path / "annomi-dev.csv"
    assert default_path("pairs").parts[-3:] == ("tests", "data", "pairs.csv")


# --- report --------------------------------------------------------------------------


def test_field_report_prints_targets_and_per_label_lines(tmp_path):
    labelled = load_set("statements", write(tmp_path / "s.csv", STATEMENTS))
    style = SETS["statements"].fields[0]
    rows = [(ex, ex.expected["style"], "blame") for ex in labelled.examples]
    lines = field_report("statements", style, rows)
    assert "accuracy 1.000 [target ≥0.92: met]" in lines[0]
    assert any(line.split()[:1] == ["i_statement"] and "n/a" in line for line in lines)
    assert any("hard only" in line and "n=1" in line for line in lines)


def test_report_on_annomi_with_baseline_misses_and_errors(tmp_path):
    path = write(tmp_path / "a.csv", ANNOMI)
    report = "\n".join(iter_report(["annomi"], ScriptedAnalyzer, annomi=path, misses=1))
    assert "line 6 left out" in report and "nothing to analyse" in report
    assert "reflection" in report and "[target ≥0.72:" in report
    assert "baseline" in report and "[target ≥0.88:" in report
    assert "misses: reflection (1 of 4 wrong; showing 1)" in report
    assert "'So you drink beer.'  expected yes, got no" in report
    assert "context: 'Beer.'" in report


def test_missing_set_is_a_note_not_a_failure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(nlp, "get_analyzer", ScriptedAnalyzer)
    code = main(["eval", "--set", "annomi", "--annomi", str(tmp_path / "missing.csv")])
    assert code == 0
    assert "not found; skipped" in capsys.readouterr().out


def test_eval_cli_runs_own_sets_from_given_paths(tmp_path, monkeypatch, capsys):
    paths = {"statements": write(tmp_path / "s.csv", STATEMENTS)}
    monkeypatch.setattr(evaluate, "default_path", lambda name, annomi=None: paths[name])
    monkeypatch.setattr(nlp, "get_analyzer", ScriptedAnalyzer)
    assert main(["eval", "--set", "statements", "--misses", "0"]) == 0
    out = capsys.readouterr().out
    assert "style" in out and "pseudo_i_statement" in out and "misses:" not in out


def test_malformed_set_exits_2(tmp_path, monkeypatch, capsys):
    bad = write(tmp_path / "s.csv", "text,style\nx,blame\n")
    monkeypatch.setattr(evaluate, "default_path", lambda name, annomi=None: bad)
    monkeypatch.setattr(nlp, "get_analyzer", ScriptedAnalyzer)
    assert main(["eval", "--set", "statements"]) == 2
    assert "lacks column" in capsys.readouterr().err


def test_worst_misses_take_each_expected_label_in_turn_easy_first():
    style = SETS["statements"].fields[0]

    def example(line: int, hard: bool = False) -> Example:
        return Example(line, f"text {line}", None, hard, "", {})

    rows = [
        (example(2, hard=True), "blame", "neutral"),
        (example(3), "blame", "neutral"),
        (example(4), "blame", "blame"),  # right: never listed
        (example(5), "blame", "i_statement"),
        (example(6), "neutral", "blame"),
    ]
    lines = worst_misses(style, rows, limit=3)
    assert lines[0] == "  misses: style (4 of 5 wrong; showing 3)"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "line 3",
        "line 6",
        "line 5",
    ]
    assert worst_misses(style, rows, limit=0) == []


@pytest.mark.model
def test_real_eval_runs_on_the_crisis_set():
    report = list(iter_report(["crisis"], nlp.get_analyzer, misses=2))
    assert any(line.startswith("  crisis ") and "[target 1.0:" in line for line in report)


@pytest.mark.parametrize("blind_name", ["blind_statements", "blind2_pairs"])
def test_blind_sets_show_figures_but_never_their_rows(tmp_path, blind_name):
    from dataclasses import replace

    from tools.eval_data import BLIND_SETS, LabelledSet

    labelled = load_set("statements", write(tmp_path / "s.csv", STATEMENTS))
    spec = replace(BLIND_SETS[0], name=blind_name)
    blind = LabelledSet(spec, labelled.path, labelled.examples)
    seen = "\n".join(evaluate.set_report(labelled, ScriptedAnalyzer(), misses=3, batch_size=8))
    hidden = "\n".join(evaluate.set_report(blind, ScriptedAnalyzer(), misses=3, batch_size=8))
    assert "misses:" in seen
    assert "style" in hidden and "misses:" not in hidden
    assert not any(ex.text in hidden for ex in labelled.examples if ex.text)
