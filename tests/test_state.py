"""coach/history.py (persistence) and coach/practice.py (the run), without Streamlit."""

from __future__ import annotations

import json
import os

import pytest
from analysis_factory import analysis, blame, flag, write_scenario

from coach import history as hist
from coach import practice
from coach.history import History, HistoryStore, HistoryWriteError, analysis_from_dict
from coach.scenarios import load_scenario


@pytest.fixture
def scenario(tmp_path):
    return load_scenario(write_scenario(tmp_path))


@pytest.fixture
def store(tmp_path):
    return HistoryStore(tmp_path / "home" / "history.json")


def feeling(text="I feel tired when the sink is full."):
    return analysis(text, flag(text, "I feel tired", "FEELING"))


# ---- persistence ------------------------------------------------------------------------


def test_default_path_follows_rehearse_home(monkeypatch, tmp_path):
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "elsewhere"))
    assert hist.default_path() == tmp_path / "elsewhere" / "history.json"
    monkeypatch.delenv("REHEARSE_HOME")
    assert hist.default_path().parent.name == ".rehearse"


def test_a_missing_file_is_an_empty_history(store):
    loaded = store.load()
    assert loaded.history.is_empty and loaded.notice is None


def test_save_and_load_round_trip(store, scenario):
    history = History()
    run = practice.start_run(history, scenario)
    practice.add_attempt(run, blame())
    store.save(history)
    again = HistoryStore(store.path).load().history
    assert again == history
    assert analysis_from_dict(again.runs[0].turns[0].attempts[0].analysis) == blame()


def test_save_is_atomic_and_fsyncs(store, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    store.save(History())
    assert synced, "the temp file must be fsync'd before it replaces the old one"
    assert [p.name for p in store.path.parent.iterdir()] == ["history.json"]


def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temp(store, scenario, monkeypatch):
    history = History()
    practice.start_run(history, scenario)
    store.save(history)
    before = store.path.read_text()

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    history.free.append(hist.FreeEntry(id="x", at=hist.now(), text="hi", analysis={}))
    with pytest.raises(HistoryWriteError, match="kept for this session"):
        store.save(history)
    assert store.path.read_text() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["history.json"]
    assert len(history.free) == 1  # memory is untouched
    monkeypatch.undo()
    store.save(history)  # the next successful write saves everything
    assert len(HistoryStore(store.path).load().history.free) == 1


def test_an_unwritable_folder_raises_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HistoryWriteError, match="Could not save your history"):
        HistoryStore(blocker / "history.json").save(History())


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"version": 1, "runs": "oops"}', "[1, 2, 3]", '{"version": 99}', ""],
    ids=["bad-json", "wrong-shape", "a-list", "future-version", "empty"],
)
def test_a_corrupt_file_is_moved_aside_with_a_notice(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content)
    loaded = store.load()
    assert loaded.history.is_empty
    assert "could not be opened" in loaded.notice
    aside = list(store.path.parent.glob("history.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == content
    assert aside[0].name in loaded.notice
    store.save(History())  # and a fresh history can be written
    assert json.loads(store.path.read_text())["version"] == 1


def test_a_corrupt_file_that_cannot_be_moved_is_never_overwritten(store, monkeypatch):
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{not json")

    def fail(*_args):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    loaded = store.load()
    assert "left untouched" in loaded.notice
    monkeypatch.undo()
    with pytest.raises(HistoryWriteError, match="Not saved"):
        store.save(History())
    assert store.path.read_text() == "{not json"


def test_clear_writes_an_empty_history(store, scenario):
    history = History()
    practice.start_run(history, scenario)
    store.save(history)
    store.clear()
    assert HistoryStore(store.path).load().history.is_empty


# ---- a run ----------------------------------------------------------------------------------


def test_continue_routes_on_the_last_attempt(scenario):
    history = History()
    run = practice.start_run(history, scenario)
    practice.add_attempt(run, feeling())
    practice.add_attempt(run, blame())  # the LAST attempt decides: blame -> defensive
    assert practice.advance(run, scenario) is True
    assert practice.current_turn(run).node_id == "defensive"
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is True
    assert practice.current_turn(run).node_id == "last"
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is False
    assert run.finished is not None


def test_a_turn_without_an_attempt_does_not_move(scenario):
    run = practice.start_run(History(), scenario)
    assert practice.advance(run, scenario) is True
    assert len(run.turns) == 1


def test_unfinished_run_is_found_for_resume(scenario):
    history = History()
    run = practice.start_run(history, scenario)
    assert practice.unfinished_run(history, scenario.id) is run
    run.finished = hist.now()
    assert practice.unfinished_run(history, scenario.id) is None


def test_last_change_compares_the_last_two_attempts(scenario):
    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, blame())
    assert practice.last_change(practice.current_turn(run)) is None
    practice.add_attempt(run, feeling())
    change = practice.last_change(practice.current_turn(run))
    assert change.gone == (("hurts", "Blame"),)


def test_summary_counts_turns_attempts_and_improvements(scenario):
    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, blame())
    practice.add_attempt(run, feeling())
    practice.advance(run, scenario)  # feeling -> calm, the end
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is False
    summary = practice.summarise(run, "Speak up with an I-statement")
    assert (summary.turns, summary.attempts) == (2, 3)
    assert "Blame went away after another try (turn 1)" in summary.improved
    assert summary.strengths == ("A feeling, named",)
    assert summary.to_work_on == ()
