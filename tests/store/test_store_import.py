"""The old history.json is imported once, nothing readable lost, whatever state it is in."""

from __future__ import annotations

import json

import pytest

from coach.history import Attempt, FreeEntry, History, Run, Turn
from store.attempts import attempts_for, count_attempts
from store.importer import import_history
from store.profiles import default_profile
from store.runs import runs_for
from tests.analysis_factory import blame


def history(runs: int = 2) -> History:
    analysis = blame().to_dict()
    return History(
        runs=[
            Run(
                id=f"run{n}",
                scenario_id="boss",
                title="Boss",
                skill="speak_up",
                started="2026-05-01T09:00:00+00:00",
                finished="2026-05-01T09:05:00+00:00" if n else None,
                turns=[
                    Turn(
                        node_id="start",
                        says="Why is it late?",
                        attempts=[
                            Attempt(text=f"run {n} first", at="2026-05-01T09:01:00+00:00", analysis=analysis),
                            Attempt(text=f"run {n} second", at="2026-05-01T09:02:00+00:00", analysis={}),
                        ],
                    ),
                ],
            )
            for n in range(runs)
        ],
        free=[
            FreeEntry(
                id="f1", at="2026-05-02T10:00:00+00:00", text="free one", context="Hi", analysis=analysis
            )
        ],
    )


def write(tmp_path, text: str):
    path = tmp_path / "history.json"
    path.write_text(text, encoding="utf-8")
    return path


def replies(db, profile_id: int) -> list[str]:
    return sorted(a.reply for a in attempts_for(db, profile_id))


def test_import_keeps_every_attempt_once_and_the_file_as_backup(db, tmp_path):
    me = default_profile(db)
    path = write(tmp_path, history().model_dump_json(indent=1))
    result = import_history(db, me.id, path)
    assert (result.ran, result.runs, result.attempts, result.skipped) == (True, 2, 5, 0)
    assert replies(db, me.id) == ["free one", "run 0 first", "run 0 second", "run 1 first", "run 1 second"]
    assert {r.status for r in runs_for(db, me.id)} == {"open", "finished"}
    first = [a for a in attempts_for(db, me.id) if a.reply == "run 0 first"][0]
    assert (first.prompt, first.node_id, first.turn_index) == ("Why is it late?", "start", 0)
    assert first.parsed() == blame()
    assert (
        not path.exists()
        and result.backup.exists()
        and result.backup.name.startswith("history.json.imported-")
    )
    # once: a new file at the old place is not imported again
    write(tmp_path, history().model_dump_json())
    assert import_history(db, me.id, path).ran is False
    assert count_attempts(db, me.id) == 5


def test_backups_never_overwrite_each_other(db, tmp_path):
    from store.importer import _set_aside

    folder = tmp_path / "home"
    folder.mkdir()
    names = set()
    for _ in range(3):
        names.add(_set_aside(write(folder, "x"), "imported").name)
    assert len(names) == 3 and len(list(folder.iterdir())) == 3


def test_no_file_means_nothing_to_do(db, tmp_path):
    assert import_history(db, default_profile(db).id, tmp_path / "history.json").ran is False


DEEP = "[" * 100_000 + "]" * 100_000


ALL = ["free one", "run 0 first", "run 0 second", "run 1 first", "run 1 second"]


@pytest.mark.parametrize(
    "damage, expected",
    [
        pytest.param(
            lambda good: good.replace('"free": [', f'"junk": {DEEP}, "free": ['),
            ALL,
            id="deep-nesting-beside",
        ),
        pytest.param(
            lambda good: good.replace('"turns"', f'"deep": {DEEP}, "turns"', 1),
            ["free one", *ALL[3:]],
            id="deep-nesting-inside-a-run",
        ),
        pytest.param(
            lambda good: good.replace('"version": 1', '"version": ' + "9" * 5000), ALL, id="5000-digit-number"
        ),
        pytest.param(lambda good: good[: good.index('"run 1 second"')], ALL[1:3], id="truncated"),
        pytest.param(
            lambda good: good.replace('"text": "free one"', '"text": 12345'),
            ["12345", *ALL[1:]],
            id="wrong-type",
        ),
        pytest.param(lambda good: good.replace('"Why is it late?"', "1e999"), ALL, id="huge-float"),
    ],
)
def test_damaged_files_keep_everything_readable(db, tmp_path, damage, expected):
    me = default_profile(db)
    path = write(tmp_path, damage(history().model_dump_json(indent=1)))
    result = import_history(db, me.id, path)
    assert result.ran and result.backup.exists()
    assert replies(db, me.id) == sorted(expected)
    for reply in attempts_for(db, me.id):
        reply.parsed()  # loads, however damaged


def test_damaged_file_loses_only_the_damaged_run(db, tmp_path):
    me = default_profile(db)
    good = history(3).model_dump_json(indent=1)
    broken = good.replace('"id": "run1"', f'"id": "run1", "deep": {DEEP}', 1)
    import_history(db, me.id, write(tmp_path, broken))
    assert replies(db, me.id) == ["free one", "run 0 first", "run 0 second", "run 2 first", "run 2 second"]


@pytest.mark.parametrize(
    "text", ["", "null", "[1, 2]", '{"runs": "no"}', "\x00\xff garbage", '{"runs": [{"turns": 5}]}']
)
def test_nonsense_files_import_nothing_and_break_nothing(db, tmp_path, text):
    me = default_profile(db)
    result = import_history(db, me.id, write(tmp_path, text))
    assert result.ran and count_attempts(db, me.id) == 0
    assert json.loads(json.dumps(result.skipped)) >= 0
