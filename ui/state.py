"""Session state for every page, initialised in one place, plus the actions that change it.

`init_state()` is idempotent: app.py calls it on every run and so may a page. History is
loaded from disk once per session; every change is saved at once (`persist`). A failed
save keeps the in-memory history and leaves a warning for the page to show.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from coach import practice
from coach.history import (
    FreeEntry,
    History,
    HistoryStore,
    HistoryWriteError,
    Run,
    new_id,
    now,
)
from coach.scenarios import EXERCISES_DIR, Scenario, ScenarioLibrary, load_library
from ui.analysis_service import analyse

EXERCISES_ENV = "REHEARSE_EXERCISES_DIR"

# Stable widget keys, shared by the pages and the tests.
KEY_RELATIONSHIP = "filter_relationship"
KEY_SKILL = "filter_skill"
KEY_DIFFICULTY = "filter_difficulty"
KEY_SCENARIO = "scenario_choice"
KEY_FREE_REPLY = "free_reply"
KEY_FREE_CONTEXT = "free_context"
KEY_FEELING = "builder_feeling"
KEY_SITUATION = "builder_situation"
KEY_NEED = "builder_need"
KEY_REQUEST = "builder_request"
KEY_CONFIRM_CLEAR = "confirm_clear"

_DEFAULTS: dict[str, object] = {
    "run_id": None,
    "phase": None,  # compose | feedback | crisis | summary; None = derive from the run
    "input_error": None,
    "resumed": False,
    "save_warning": None,
    "free_analysis": None,
    "free_error": None,
    "free_crisis": False,
    KEY_CONFIRM_CLEAR: False,
}


def init_state() -> None:
    ss = st.session_state
    if "store" not in ss:
        store = HistoryStore()
        loaded = store.load()
        ss["store"] = store
        ss["history"] = loaded.history
        ss["history_notice"] = loaded.notice
    for key, value in _DEFAULTS.items():
        ss.setdefault(key, value)


def history() -> History:
    return st.session_state["history"]


def persist() -> None:
    try:
        st.session_state["store"].save(history())
    except HistoryWriteError as exc:
        st.session_state["save_warning"] = str(exc)
    else:
        st.session_state["save_warning"] = None


# ---- the scenario library ------------------------------------------------------------


def exercises_dir() -> Path:
    folder = os.environ.get(EXERCISES_ENV)
    return Path(folder).expanduser() if folder else EXERCISES_DIR


@st.cache_resource(show_spinner=False, max_entries=4)
def _library(folder: str, stamp: tuple[tuple[str, int], ...]) -> ScenarioLibrary:
    return load_library(Path(folder))


def get_library() -> ScenarioLibrary:
    """The scenario library, reloaded only when a file in the folder changes."""
    folder = exercises_dir()
    try:
        stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()))
    except OSError:
        stamp = ()
    return _library(str(folder), stamp)


# ---- a scenario run ---------------------------------------------------------------------


def active_run() -> Run | None:
    return practice.find_run(history(), st.session_state["run_id"])


def phase(run: Run) -> str:
    """What the practise page shows for the current turn."""
    current = st.session_state["phase"]
    if run.finished:
        return "summary"
    if current:
        return current
    return "feedback" if practice.current_turn(run).attempts else "compose"


def start_scenario(scenario: Scenario) -> None:
    """Resume this scenario's unfinished run, or start a new one."""
    ss = st.session_state
    existing = practice.unfinished_run(history(), scenario.id)
    if existing:
        ss["run_id"], ss["resumed"] = existing.id, True
    else:
        ss["run_id"], ss["resumed"] = practice.start_run(history(), scenario).id, False
        persist()
    ss["phase"], ss["input_error"] = None, None


def restart_scenario(scenario: Scenario) -> None:
    """Close this scenario's unfinished run (kept in the history) and start afresh."""
    old = practice.unfinished_run(history(), scenario.id)
    if old:
        old.finished, old.ended_early = now(), True
    st.session_state["run_id"] = practice.start_run(history(), scenario).id
    st.session_state.update(phase=None, input_error=None, resumed=False)
    persist()


def leave_scenario() -> None:
    st.session_state.update(run_id=None, phase=None, input_error=None, resumed=False)


def reply_key(run: Run) -> str:
    return f"reply-{run.id}-{len(run.turns)}"


def submit_turn_reply(text: str) -> None:
    """Analyse a reply to the current turn and record it as an attempt (unless crisis)."""
    ss = st.session_state
    run = active_run()
    if run is None or run.finished:
        return
    outcome = analyse(text, context=practice.current_turn(run).says)
    ss["input_error"] = outcome.error
    if outcome.analysis is None:
        ss["phase"] = "compose"  # the message replaces the last card, which is not this text
        return
    if outcome.analysis.crisis:  # not scored, not saved, no progress
        ss["phase"] = "crisis"
        return
    practice.add_attempt(run, outcome.analysis)
    ss["phase"] = "feedback"
    persist()


def try_again() -> None:
    st.session_state.update(phase="compose", input_error=None)


def continue_run(scenario: Scenario) -> None:
    run = active_run()
    if run is None:
        return
    moved = practice.advance(run, scenario)
    st.session_state.update(phase=None if moved else "summary", input_error=None, resumed=False)
    persist()


# ---- free practice ----------------------------------------------------------------------


def submit_free(text: str, context: str | None) -> None:
    ss = st.session_state
    outcome = analyse(text, context=context)
    ss.update(free_error=outcome.error, free_analysis=None, free_crisis=False)
    if outcome.analysis is None:
        return
    if outcome.analysis.crisis:
        ss["free_crisis"] = True
        return
    ss["free_analysis"] = outcome.analysis
    history().free.append(
        FreeEntry(
            id=new_id(),
            at=now(),
            text=outcome.analysis.text,
            context=outcome.analysis.context,
            analysis=outcome.analysis.to_dict(),
        )
    )
    persist()


# ---- the history page -------------------------------------------------------------------


def history_json() -> str:
    return history().model_dump_json(indent=2)


def clear_history() -> None:
    ss = st.session_state
    try:
        ss["store"].clear()
    except HistoryWriteError as exc:
        ss["save_warning"] = str(exc)
        return
    ss.update(
        history=History(),
        run_id=None,
        phase=None,
        save_warning=None,
        free_analysis=None,
    )
    ss[KEY_CONFIRM_CLEAR] = False


def set_feeling(word: str) -> None:
    """Builder: swap a faux feeling for one of the feelings that may lie underneath."""
    st.session_state[KEY_FEELING] = word


def ask_to_clear() -> None:
    st.session_state[KEY_CONFIRM_CLEAR] = True


def cancel_clear() -> None:
    st.session_state[KEY_CONFIRM_CLEAR] = False
