"""Rehearse's analysis engine: explainable, rule-based, local.

    from nlp import analyze
    result = analyze("You never listen to me.", context="I'm exhausted.")
"""

from __future__ import annotations

from functools import lru_cache

from nlp.errors import (
    MAX_CHARS,
    EmptyInputError,
    InputError,
    InputTooLongError,
    ModelNotInstalledError,
    RuleFileError,
)
from nlp.safety import RISK_KINDS, RiskHit, SafetyScreen, screen
from nlp.types import HORSEMEN, ROADBLOCKS, Analysis, Flag, Tone

__all__ = [
    "HORSEMEN",
    "MAX_CHARS",
    "RISK_KINDS",
    "ROADBLOCKS",
    "Analysis",
    "Analyzer",
    "EmptyInputError",
    "Flag",
    "InputError",
    "InputTooLongError",
    "ModelNotInstalledError",
    "RiskHit",
    "RuleFileError",
    "SafetyScreen",
    "Tone",
    "analyze",
    "get_analyzer",
    "screen",
]


def __getattr__(name: str):
    if name == "Analyzer":
        from nlp.analyzer import Analyzer

        return Analyzer
    raise AttributeError(name)


@lru_cache(maxsize=1)
def get_analyzer():
    """The shared analyser, built once per process (model and rules load here)."""
    from nlp.analyzer import Analyzer

    return Analyzer()


def analyze(text: str, context: str | None = None) -> Analysis:
    """Analyse one reply; `context` is what the other person just said."""
    return get_analyzer().analyze(text, context=context)
