"""Profiles, runs, attempts, drafts and export against a real database."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest

from nlp.types import LABEL_FIELDS, Analysis
from store import StoreError
from store.attempts import AttemptRecord, add_attempt, attempts_for, count_attempts
from store.drafts import clear_draft, get_draft, save_draft
from store.export import export_rows, to_csv, to_json
from store.profiles import default_profile, delete_profile_data, get_or_create_profile, list_profiles
from store.runs import get_run, latest_open_run, runs_for, save_run, start_run
from tests.analysis_factory import analysis as make_analysis
from tests.analysis_factory import blame, flag


def test_default_profile_is_made_once(db):
    first = default_profile(db)
    assert default_profile(db) == first
    assert [p.name for p in list_profiles(db)] == ["Me"]


def test_profile_names_are_cleaned_and_unique(db):
    a = get_or_create_profile(db, "  Sam   Lee ")
    assert a.name == "Sam Lee"
    assert get_or_create_profile(db, "Sam Lee").id == a.id
    with pytest.raises(StoreError, match="Type a name"):
        get_or_create_profile(db, "   ")
    with pytest.raises(StoreError, match="keep it to 80"):
        get_or_create_profile(db, "x" * 81)


def test_attempt_round_trip_keeps_analysis(db):
    me = default_profile(db)
    analysis = blame()
    run = start_run(db, me.id, "boss", {"node": "start"})
    record = AttemptRecord.of(
        me.id, analysis, run_id=run.id, scenario_id="boss", node_id="start", turn_index=0
    )
    add_attempt(db, record)
    (stored,) = attempts_for(db, me.id)
    assert stored.id == record.id and stored.run_id == run.id
    assert stored.parsed() == analysis
    assert stored.created_at == record.created_at


def test_same_attempt_twice_is_saved_once(db):
    me = default_profile(db)
    record = AttemptRecord(profile_id=me.id, reply="hi", analysis={})
    add_attempt(db, record)
    add_attempt(db, record)
    assert count_attempts(db, me.id) == 1


def test_empty_analysis_loads_as_nothing_found(db):
    me = default_profile(db)
    add_attempt(db, AttemptRecord(profile_id=me.id, reply="hi", analysis={}))
    parsed = attempts_for(db, me.id)[0].parsed()
    assert parsed.style == "neutral" and parsed.flags == ()


def test_runs_are_only_offered_to_their_profile(db):
    me, you = default_profile(db), get_or_create_profile(db, "You")
    mine = start_run(db, me.id, "boss")
    assert latest_open_run(db, you.id, "boss") is None
    assert get_run(db, mine.id, you.id) is None
    assert latest_open_run(db, me.id, "boss").id == mine.id
    save_run(db, mine.id, you.id, status="finished")  # someone else's: untouched
    assert latest_open_run(db, me.id, "boss").id == mine.id
    save_run(db, mine.id, me.id, state={"node": "two"}, status="finished")
    assert latest_open_run(db, me.id, "boss") is None
    assert runs_for(db, me.id)[0].state == {"node": "two"}


def test_bad_status_is_refused(db):
    me = default_profile(db)
    run = start_run(db, me.id, "boss")
    with pytest.raises(ValueError, match="status must be one of"):
        save_run(db, run.id, me.id, status="paused")


def test_drafts_are_kept_replaced_and_cleared(db):
    me = default_profile(db)
    assert get_draft(db, me.id, "boss/0") == ""
    save_draft(db, me.id, "boss/0", "I feel")
    save_draft(db, me.id, "boss/0", "I feel left out")
    assert get_draft(db, me.id, "boss/0") == "I feel left out"
    save_draft(db, me.id, "boss/0", "")
    assert get_draft(db, me.id, "boss/0") == ""
    save_draft(db, me.id, "boss/0", "again")
    clear_draft(db, me.id, "boss/0")
    assert get_draft(db, me.id, "boss/0") == ""


def test_delete_profile_data_removes_every_row_of_theirs_only(db):
    me, you = default_profile(db), get_or_create_profile(db, "You")
    for person in (me, you):
        run = start_run(db, person.id, "boss")
        add_attempt(db, AttemptRecord(profile_id=person.id, reply="hi", analysis={}, run_id=run.id))
        save_draft(db, person.id, "k", "draft")
    assert delete_profile_data(db, me.id) == 1
    assert count_attempts(db, me.id) == 0 and runs_for(db, me.id) == () and get_draft(db, me.id, "k") == ""
    assert count_attempts(db, you.id) == 1 and get_draft(db, you.id, "k") == "draft"
    assert [p.name for p in list_profiles(db)] == ["You"]


def test_export_has_labels_points_and_extra_columns(db):
    me = default_profile(db)
    text = "=You never listen"
    analysis = make_analysis(text, flag(text, "You never", "CRITICISM"))
    add_attempt(db, AttemptRecord.of(me.id, analysis, scenario_id="boss", turn_index=0))
    rows = export_rows(db, me.id, describe=lambda attempt, a: {"verdict": f"{a.style}!"})
    assert rows[0]["style"] == "blame" and rows[0]["turn"] == "1" and rows[0]["verdict"] == "blame!"
    assert '"You never"' in rows[0]["points"]
    assert set(LABEL_FIELDS) <= set(rows[0])
    parsed = list(csv.DictReader(io.StringIO(to_csv(rows))))
    assert parsed[0]["your_reply"] == "'=You never listen"  # not a spreadsheet formula
    assert json.loads(to_json(rows))[0]["your_reply"] == "=You never listen"
    assert to_csv([]).startswith("at,scenario")


def test_attempt_needs_a_real_profile(db):
    with pytest.raises(StoreError, match="Could not save your reply"):
        add_attempt(db, AttemptRecord(profile_id=999, reply="hi", analysis={}, run_id=uuid.uuid4()))


def test_analysis_from_dict_ignores_unknown_and_bad_keys():
    data = blame().to_dict()
    data.update(future_field=1, horsemen=["criticism", 7, "nonsense"], tone="loud")
    data["flags"] = [{"start": 0, "end": 99}, "junk"]
    parsed = Analysis.from_dict(data)
    assert parsed.horsemen == ("criticism",) and parsed.flags == () and parsed.tone.intensity == "low"
    assert Analysis.from_dict(None).text == ""
