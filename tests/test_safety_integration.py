"""The safety screen inside the analyser and its callers: first, on every input."""

from __future__ import annotations

import pytest

import ui.analysis_service as service
from nlp import MAX_CHARS, InputTooLongError, screen
from nlp.ruleset import load_rules
from tools.batch import ADDED_COLUMNS, result_cells

LONG_RISK = "It was a long week at work. " * 200 + "He said he'd kill me if I left."


def test_no_crisis_rule_is_left_in_the_general_matcher():
    rules, _ = load_rules()
    assert not [r.id for r in rules if r.category == "CRISIS"]


@pytest.mark.model
def test_analysis_crisis_and_flags_come_from_the_screen(analyzer):
    text = "I'm so tired. Sometimes I want to die."
    result = analyzer.analyze(text)
    expected = screen(text)
    assert result.crisis is expected.risk is True
    crisis = result.flags_in("CRISIS")
    assert [(f.rule_id, f.start, f.end, f.evidence) for f in crisis] == [
        (h.rule_id, h.start, h.end, h.kind) for h in expected.hits
    ]
    assert all(result.text[f.start : f.end] == f.text for f in result.flags)


@pytest.mark.model
def test_over_long_text_error_carries_the_screen(analyzer):
    assert len(LONG_RISK) > MAX_CHARS
    with pytest.raises(InputTooLongError) as info:
        analyzer.analyze(LONG_RISK)
    assert info.value.screen.risk
    assert "reported_threat" in info.value.screen.kinds


def test_over_long_error_survives_pickling_with_its_screen():
    import pickle

    error = InputTooLongError(len(LONG_RISK), screen=screen(LONG_RISK))
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.length, copy.limit, copy.screen, str(copy)) == (error.length, error.limit, error.screen, str(error))


@pytest.mark.model
def test_analyze_many_screens_over_long_rows(analyzer):
    results = list(analyzer.analyze_many(["fine thanks", LONG_RISK]))
    assert isinstance(results[1], InputTooLongError) and results[1].screen.risk
    cells = dict(zip(ADDED_COLUMNS, result_cells(results[1]), strict=True))
    assert cells["crisis"] == "true" and "limit" in cells["error"]


@pytest.mark.model
def test_non_english_crisis_text_stops_coaching(analyzer):
    result = analyzer.analyze("No sé qué hacer, mi pareja me pega casi todos los días y tengo miedo de él.")
    assert result.crisis
    assert {f.evidence for f in result.flags_in("CRISIS")} == {"other_language"}


@pytest.mark.model
def test_hurt_i_statement_is_coached_not_stopped(analyzer):
    result = analyzer.analyze("I get hurt when you talk over me. Would you let me finish?")
    assert not result.crisis and not result.flags_in("CRISIS")


def test_the_page_door_screens_text_it_cannot_analyse():
    outcome = service.analyse(LONG_RISK)
    assert outcome.analysis is None and outcome.error and outcome.crisis
    assert outcome.needs_crisis_notice
    calm = service.analyse("It was a long week at work. " * 200)
    assert calm.error and not calm.crisis
