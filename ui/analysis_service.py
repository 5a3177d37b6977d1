"""The pages' door to the engine: one cached analyser, and errors as friendly messages.

`analyse(text, context)` never raises: it returns an `Outcome` with either an `Analysis`
or a message a person can act on (empty reply, over the length limit, model missing).
Text that cannot be analysed is still crisis-screened (`Outcome.crisis`), so an over-long
or unreadable reply with signs of risk still gets the crisis notice.
The analyser is built once per process (`st.cache_resource` over `nlp.get_analyzer()`),
and `warm_up()` builds it in the background so the first submit is not the slow one.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import streamlit as st

import nlp
from nlp.errors import MAX_CHARS, InputError, ModelNotInstalledError, RuleFileError
from nlp.types import Analysis

logger = logging.getLogger(__name__)

_build_lock = threading.Lock()
_warming: threading.Thread | None = None

EMPTY_MESSAGE = "There's nothing to check yet. Type what you would say, then press the button."
TOO_LONG_MESSAGE = (
    "That reply is {length:,} characters; the limit is {limit:,}. "
    "Practise one reply at a time: try a shorter part."
)
BROKEN_MESSAGE = (
    "Something went wrong while checking that reply, so there is no feedback this time. "
    "Your text is still in the box; please try again."
)


@dataclass(frozen=True, slots=True)
class Outcome:
    analysis: Analysis | None = None
    error: str | None = None
    crisis: bool = False  # signs of risk, from the analysis or, without one, from the screen

    @property
    def needs_crisis_notice(self) -> bool:
        return self.crisis or (self.analysis is not None and self.analysis.crisis)


def _build():  # the engine's Analyzer type is imported lazily by nlp
    with _build_lock:  # one build even if warm-up and a submit arrive together
        return nlp.get_analyzer()


@st.cache_resource(show_spinner="Getting the coach ready…")
def get_analyzer():
    """The shared analyser (built once per process, never mutated)."""
    return _build()


def warm_up() -> None:
    """Start building the analyser in a background thread (once per process)."""
    global _warming
    if _warming is not None:
        return
    _warming = threading.Thread(target=_warm, name="rehearse-warm-up", daemon=True)
    _warming.start()


def _warm() -> None:
    try:
        _build()
    except Exception:  # the real error is reported on the first submit
        logger.exception("background warm-up of the analyser failed")


def check_input(text: str) -> str | None:
    """A friendly message when the text cannot be analysed as given, else None."""
    if not text or not text.strip():
        return EMPTY_MESSAGE
    if len(text) > MAX_CHARS:
        return TOO_LONG_MESSAGE.format(length=len(text), limit=MAX_CHARS)
    return None


def analyse(text: str, context: str | None = None) -> Outcome:
    """Analyse one reply; never raises (a page must never show a traceback)."""
    problem = check_input(text)
    if problem:
        return Outcome(error=problem, crisis=_screened(text))
    context = context if context and context.strip() else None
    try:
        analysis = get_analyzer().analyze(text, context=context)
        return Outcome(analysis=analysis, crisis=analysis.crisis)
    except InputError as exc:
        screened = getattr(exc, "screen", None)
        crisis = screened.risk if screened is not None else _screened(text)
        return Outcome(error=str(exc), crisis=crisis)
    except ModelNotInstalledError as exc:
        logger.error("language model missing: %s", exc)
        return Outcome(error=f"The coach can't start: {exc}")
    except RuleFileError as exc:
        logger.error("rule file problem: %s", exc)
        return Outcome(error=f"The coach's rule files have a problem: {exc}")
    except Exception:
        logger.exception("analysis failed")
        return Outcome(error=BROKEN_MESSAGE, crisis=_screened(text))


def _screened(text: object) -> bool:
    """The crisis screen alone, for text the analyser could not take (never raises)."""
    if not isinstance(text, str):
        return False
    try:
        return nlp.screen(text).risk
    except Exception:  # a broken rule file must not hide the reply's error message
        logger.exception("crisis screen failed")
        return False
