"""The crisis screen, a layer of its own that runs first on every input.

    from nlp.safety import screen
    result = screen("i want to kil myself")   # SafetyScreen(risk=True, hits=(RiskHit(...),))

It never raises on a `str` and needs no language model, so it also covers text the main
analyser refuses (too long, another language). Rules and word lists are data under
`nlp/safety/rules/` and `nlp/safety/lexicons/`.
"""

from __future__ import annotations

from functools import lru_cache

from nlp.safety.types import NO_RISK, RISK_KINDS, RiskHit, RiskKind, SafetyScreen

__all__ = ["RISK_KINDS", "RiskHit", "RiskKind", "SafetyScreen", "get_screen", "screen"]


@lru_cache(maxsize=1)
def get_screen():
    """The compiled screen, built once per process (rules load and are checked here)."""
    from nlp.safety.engine import Screen

    return Screen()


def screen(text: str) -> SafetyScreen:
    """Signs of risk in `text`: suicide, self-harm, abuse, threats, a person at risk."""
    if not isinstance(text, str):
        return NO_RISK
    return get_screen()(text)
