"""Session state for every page, initialised in one place, plus the actions that change it.

`init_state()` is idempotent: app.py calls it on every run and so may a page. The first run
of a session opens the store (`store.get_database()`: migrations run, the old history.json is
imported once) and picks the profile named in the address (`?profile=`) or the default one.
Every run reloads the profile's history from the store, so a second tab's replies show up.

Writes happen when something is submitted: a reply is saved before it counts, so a failed
save leaves it in the box with a message. Private mode writes nothing: the session keeps its
own history in memory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from coach import practice
from coach.export import feedback_columns
from coach.history import FreeEntry, History, Run, new_id, now
from coach.scenarios import EXERCISES_DIR, Scenario, ScenarioLibrary, load_library
from store import Database, StoreError, get_database, solo
from store.drafts import clear_draft, get_draft, save_draft
from store.export import export_rows, to_csv, to_json
from store.importer import ImportResult, import_history
from store.profiles import (
    ProfileInfo,
    default_profile,
    delete_profile_data,
    get_or_create_profile,
    list_profiles,
)
from ui.analysis_service import analyse
from ui.render import md_escape
from ui.words import plural

log = logging.getLogger(__name__)

EXERCISES_ENV = "REHEARSE_EXERCISES_DIR"
PROFILE_PARAM = "profile"  # in the address, so a reload keeps who is practising...
RUN_PARAM = "run"  # ...and the run they are in (only ever found among that profile's runs)

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
KEY_PROFILE = "profile_choice"
KEY_NEW_PROFILE = "new_profile_name"
KEY_PRIVATE = "private_mode"
KEY_CONFIRM_DELETE = "confirm_delete"
KEY_CONFIRM_RESTART = "confirm_restart"
# The scenario list's choices, kept while a conversation is on screen: Streamlit drops a
# widget's state on runs where the widget is not drawn, so each is copied aside.
LIST_KEYS = (KEY_RELATIONSHIP, KEY_SKILL, KEY_DIFFICULTY, KEY_SCENARIO)
KEPT_PREFIX = "kept_"

_DEFAULTS: dict[str, object] = {
    "run_id": None,
    "phase": None,  # compose | feedback | crisis | summary; None = derive from the run
    "input_error": None,
    "resumed": False,
    "save_warning": None,
    "history_notice": None,
    "profile_error": None,
    "free_analysis": None,
    "free_error": None,
    "free_crisis": False,
    KEY_PRIVATE: False,
    KEY_CONFIRM_DELETE: False,
    KEY_CONFIRM_RESTART: False,
    "scroll_to_verdict": False,
}


def init_state() -> None:
    ss = st.session_state
    for key, value in _DEFAULTS.items():
        ss.setdefault(key, value)
    if "private_history" not in ss:
        ss["private_history"] = History()
    if "db" not in ss:
        _open_store()
    ss["history"] = None  # reloaded from the store on first use in this run


def _open_store() -> None:
    """Once per session: the database, the profile, and the one-time history.json import."""
    ss = st.session_state
    try:
        db = get_database()
        wanted = st.query_params.get(PROFILE_PARAM)
        wanted_run = st.query_params.get(RUN_PARAM)
        profile = next((p for p in list_profiles(db) if p.name == wanted), None) or default_profile(db)
        imported = import_history(db, profile.id)
    except StoreError as exc:
        ss["db"] = None
        ss["history_notice"] = f"{exc} You can practise, but nothing will be saved in this session."
        return
    ss["db"] = db
    _set_profile(profile)
    if wanted_run:  # a reload mid-run: back to the same turn (active_run checks the owner)
        ss["run_id"], ss["resumed"] = wanted_run, True
        st.query_params[RUN_PARAM] = wanted_run
    if imported.ran:
        ss["history_notice"] = _import_notice(imported, profile.name)


def _import_notice(imported: ImportResult, name: str) -> str:
    kept = f" The old file is kept as {imported.backup.name}." if imported.backup else ""
    if not imported.attempts and imported.note:
        return f"Your old history file could not be read: {imported.note}.{kept}"
    damaged = f" ({imported.note}; {imported.skipped} damaged part(s) skipped)" if imported.skipped else ""
    return f"Your earlier practice ({plural(imported.attempts, 'attempt', 'attempts')}) was moved into {name}'s history{damaged}.{kept}"


def saving() -> bool:
    """True when this session writes to the store (not private, store open)."""
    ss = st.session_state
    return ss.get("db") is not None and not ss[KEY_PRIVATE]


def _db() -> Database:
    return st.session_state["db"]


def _save(write: Callable[[Database, int], object], *, keep_note: str = "") -> bool:
    """Run one write unless saving is off; on failure leave the message for the page."""
    ss = st.session_state
    if not saving():
        return True
    try:
        write(_db(), ss["profile_id"])
    except StoreError as exc:
        ss["save_warning"] = f"{exc}{' ' + keep_note if keep_note else ''}"
        return False
    ss["save_warning"] = None
    return True


def history() -> History:
    """This profile's history (or, in private mode, this session's only)."""
    ss = st.session_state
    if not saving():
        return ss["private_history"]
    if ss.get("history") is None:
        try:
            ss["history"] = solo.load_history(_db(), ss["profile_id"])
        except StoreError as exc:
            ss["save_warning"] = str(exc)
            ss["history"] = History()
    return ss["history"]


# ---- profiles and private mode -------------------------------------------------------------


def _set_profile(profile: ProfileInfo) -> None:
    ss = st.session_state
    ss.update(profile_id=profile.id, profile_name=profile.name, history=None, profile_error=None)
    ss[KEY_PROFILE] = profile.name
    ss[KEY_CONFIRM_DELETE] = False
    leave_scenario()
    st.query_params[PROFILE_PARAM] = profile.name


def profile_names() -> list[str]:
    ss = st.session_state
    if ss.get("db") is None:
        return []
    try:
        return [p.name for p in list_profiles(_db())]
    except StoreError as exc:
        ss["profile_error"] = str(exc)
        return [ss["profile_name"]] if ss.get("profile_name") else []


def _use_profile(name: str) -> None:
    try:
        _set_profile(get_or_create_profile(_db(), name))
    except StoreError as exc:
        st.session_state["profile_error"] = str(exc)


def switch_profile() -> None:
    """The sidebar's profile picker changed."""
    _use_profile(st.session_state[KEY_PROFILE])


def create_profile() -> None:
    """The sidebar's "new profile" name was entered."""
    ss = st.session_state
    name = ss.get(KEY_NEW_PROFILE, "")
    if name.strip():
        _use_profile(name)
        ss[KEY_NEW_PROFILE] = ""


def toggle_private() -> None:
    """Private mode on or off: the run in progress belongs to the other side, so leave it."""
    leave_scenario()
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

KEEP_NOTE = "Your reply is still in the box: check it again to save it."


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


def restore_list_choices() -> None:
    """Before the scenario list is drawn: put back the filters and choice kept aside."""
    ss = st.session_state
    for key in LIST_KEYS:
        if key not in ss and KEPT_PREFIX + key in ss:
            ss[key] = ss[KEPT_PREFIX + key]


def keep_list_choices() -> None:
    """After the scenario list is drawn: copy its choices aside for the way back."""
    ss = st.session_state
    for key in LIST_KEYS:
        if key in ss:
            ss[KEPT_PREFIX + key] = ss[key]


def ask_to_restart() -> None:
    st.session_state[KEY_CONFIRM_RESTART] = True


def cancel_restart() -> None:
    st.session_state[KEY_CONFIRM_RESTART] = False


def start_scenario(scenario: Scenario) -> None:
    """Resume this profile's unfinished run of the scenario, or start a new one."""
    ss = st.session_state
    ss[KEY_CONFIRM_RESTART] = False
    existing = practice.unfinished_run(history(), scenario.id)
    if existing:
        ss["run_id"], ss["resumed"] = existing.id, True
    else:
        run = practice.start_run(history(), scenario)
        if not _save(lambda db, pid: solo.create_run(db, pid, run)):
            history().runs.remove(run)
            return
        ss["run_id"], ss["resumed"] = run.id, False
    ss["phase"], ss["input_error"] = None, None
    st.query_params[RUN_PARAM] = ss["run_id"]


def restart_scenario(scenario: Scenario) -> None:
    """Close this scenario's unfinished run (kept in the history) and start afresh."""
    old = practice.unfinished_run(history(), scenario.id)
    if old:
        old.finished, old.ended_early = now(), True
        _save(lambda db, pid: solo.save_progress(db, pid, old))
    leave_scenario()
    start_scenario(scenario)


def leave_scenario() -> None:
    st.session_state.update(run_id=None, phase=None, input_error=None, resumed=False)
    st.query_params.pop(RUN_PARAM, None)
    st.session_state[KEY_CONFIRM_RESTART] = False


def reply_key(run: Run) -> str:
    return f"reply-{run.id}-{len(run.turns)}"


def _draft_key(run: Run) -> str:
    return f"run/{run.id}/{len(run.turns) - 1}"


def restore_draft(run: Run) -> None:
    """Before the reply box is drawn: fill it with the half-typed reply saved for this turn."""
    ss = st.session_state
    key = reply_key(run)
    if key in ss or not saving():
        return
    try:
        ss[key] = get_draft(_db(), ss["profile_id"], _draft_key(run))
    except StoreError as exc:
        log.warning("draft not restored: %s", exc)


def keep_draft(run: Run) -> None:
    """The reply box changed (Streamlit sends it on blur or submit): keep it for a reload."""
    text = st.session_state.get(reply_key(run), "")
    _save(lambda db, pid: save_draft(db, pid, _draft_key(run), text))


def submit_turn_reply(text: str) -> None:
    """Analyse a reply to the current turn and record it as an attempt (unless crisis).

    The attempt is saved before it counts: if the save fails, the page says so and the
    reply stays in the box."""
    ss = st.session_state
    run = active_run()
    if run is None or run.finished:
        return
    outcome = analyse(text, context=practice.current_turn(run).says)
    ss["input_error"] = outcome.error
    if outcome.needs_crisis_notice:  # not scored, not saved, no progress (even if too long)
        ss.update(phase="crisis", input_error=None, scroll_to_verdict=True)
        return
    if outcome.analysis is None:
        ss["phase"] = "compose"  # the message replaces the last card, which is not this text
        return
    analysis = outcome.analysis
    if not _save(lambda db, pid: solo.record_turn_attempt(db, pid, run, analysis), keep_note=KEEP_NOTE):
        ss["phase"] = "compose"
        return
    _save(lambda db, pid: clear_draft(db, pid, _draft_key(run)))
    practice.add_attempt(run, analysis)
    ss["phase"] = "feedback"
    ss["scroll_to_verdict"] = True


def try_again() -> None:
    st.session_state.update(phase="compose", input_error=None)


def continue_run(scenario: Scenario) -> None:
    run = active_run()
    if run is None:
        return
    moved = practice.advance(run, scenario)
    st.session_state.update(phase=None if moved else "summary", input_error=None, resumed=False)
    _save(lambda db, pid: solo.save_progress(db, pid, run))


# ---- free practice ----------------------------------------------------------------------


def submit_free(text: str, context: str | None) -> None:
    ss = st.session_state
    outcome = analyse(text, context=context)
    ss.update(free_error=outcome.error, free_analysis=None, free_crisis=False)
    if outcome.needs_crisis_notice:  # even when the text could not be analysed
        ss.update(free_crisis=True, free_error=None)
        return
    if outcome.analysis is None:
        return
    analysis = outcome.analysis
    past = history()  # loaded before the write, so the new row is added once
    if not _save(lambda db, pid: solo.record_free_attempt(db, pid, analysis), keep_note=KEEP_NOTE):
        return
    ss["free_analysis"] = analysis
    ss["scroll_to_verdict"] = True
    past.free.append(
        FreeEntry(
            id=new_id(), at=now(), text=analysis.text, context=analysis.context, analysis=analysis.to_dict()
        )
    )


# ---- my data: export and delete -------------------------------------------------------------


def _describe(attempt, analysis) -> dict[str, str]:
    scenario = get_library().get(attempt.scenario_id) if attempt.scenario_id else None
    return feedback_columns(analysis, scenario.skill if scenario else None)


def export_files() -> tuple[str, str] | None:
    """(CSV, JSON) of this profile's attempts with their feedback; None when nothing is saved."""
    ss = st.session_state
    if not saving():
        return None
    try:
        rows = export_rows(_db(), ss["profile_id"], describe=_describe)
    except StoreError as exc:
        ss["save_warning"] = str(exc)
        return None
    return to_csv(rows), to_json(rows)


def delete_my_data() -> None:
    """Confirmed: remove this profile and every row of theirs, then use the default profile."""
    ss = st.session_state
    ss[KEY_CONFIRM_DELETE] = False
    if not saving():
        ss["private_history"] = History()
        leave_scenario()
        return
    name = ss["profile_name"]
    try:
        removed = delete_profile_data(_db(), ss["profile_id"])
        _set_profile(default_profile(_db()))
    except StoreError as exc:
        ss["save_warning"] = str(exc)
        return
    ss.update(free_analysis=None, save_warning=None)
    which = "the" if removed == 1 else "all"
    ss["history_notice"] = f"Deleted {md_escape(name)}'s profile and {which} {plural(removed, 'saved attempt', 'saved attempts')}."


def ask_to_delete() -> None:
    st.session_state[KEY_CONFIRM_DELETE] = True


def cancel_delete() -> None:
    st.session_state[KEY_CONFIRM_DELETE] = False


def set_feeling(word: str) -> None:
    """Builder: swap a faux feeling for one of the feelings that may lie underneath."""
    st.session_state[KEY_FEELING] = word
