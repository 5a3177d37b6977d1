"""The listener eval (`python -m coach eval --set listener_dev|blind_listener`) on a tiny
fixture, with hand-built words and analyses so the figures are exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from analysis_factory import analysis
from couples_factory import words

from tools.eval_data import EvalDataError
from tools.listener_eval import LISTENER_SETS, load_pairs, report, run_checks

TINY = Path(__file__).parent / "fixtures" / "listener_tiny.csv"


def test_tiny_fixture_figures():
    pairs = load_pairs(TINY)
    checks = run_checks(pairs, lambda text, context: analysis(text, context=context), words)
    lines = list(report("tiny", TINY, pairs, checks, misses=5))
    by_name = {line.split()[0]: line for line in lines[1:] if not line.strip().startswith("miss")}
    # carried: 1 of the 2 expected found (line 5 is a deliberate miss), no false alarm
    assert "P 1.00  R 0.50  F1 0.67  (tp 1, fp 0, fn 1)" in by_name["carried"]
    assert "P 1.00  R 1.00" in by_name["rebuttal"] and "P 1.00  R 1.00" in by_name["advice"]
    assert "P n/a  R n/a" in by_name["judging"]
    assert any("miss line 5" in line for line in lines)


def test_blind_sets_never_print_rows(monkeypatch, tmp_path):
    import tools.listener_eval as module

    monkeypatch.setattr(module, "default_path", lambda name: TINY)

    class Fake:
        def analyze(self, text, context=None):
            return analysis(text, context=context)

    monkeypatch.setattr("nlp.words.content_words", words)
    lines = list(module.iter_listener_report(["blind_listener", "blind2_listener"], Fake, misses=10))
    assert not any("miss" in line for line in lines)
    assert {"blind_listener", "blind2_listener"} <= set(LISTENER_SETS)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("speaker,text,carried,problems,hard\n", "lacks column"),
        ("speaker,text,carried,problems,hard,note\nA,B,2,,0,\n", "line 2, column carried"),
        ("speaker,text,carried,problems,hard,note\nA,B,1,sulking,0,\n", "unknown label"),
        ("speaker,text,carried,problems,hard,note\n,B,1,,0,\n", "column speaker: empty"),
    ],
)
def test_malformed_sets_name_the_line_and_column(tmp_path, body, message):
    path = tmp_path / "set.csv"
    path.write_text(body)
    with pytest.raises(EvalDataError, match=message):
        load_pairs(path)


def test_missing_set_is_skipped_with_a_note(monkeypatch, tmp_path):
    import tools.listener_eval as module

    monkeypatch.setattr(module, "default_path", lambda name: tmp_path / "absent.csv")
    lines = list(module.iter_listener_report(["blind_listener"], lambda: None, misses=0))
    assert lines == [f"\nblind_listener: {tmp_path / 'absent.csv'} not found; skipped."]
