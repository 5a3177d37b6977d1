"""Solo practice kept in the store, in the shapes `coach.practice` works on.

A run's row holds its state (title, skill, the turns reached, finished or not); each reply is
its own append-only attempt row, written the moment it is submitted. Loading puts them back
together as a `coach.history.History`, so a second tab's replies are never overwritten by
this tab's run state: they are separate rows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from coach.history import Attempt, FreeEntry, History, Run, Turn
from nlp.types import Analysis
from store.attempts import AttemptRecord, add_attempt, attempts_for
from store.db import Database
from store.runs import RunRecord, runs_for, save_run, start_run


def run_state(run: Run) -> dict[str, Any]:
    """What the run row keeps: everything but the attempts (those are rows of their own)."""
    return {
        "title": run.title,
        "skill": run.skill,
        "started": run.started,
        "finished": run.finished,
        "ended_early": run.ended_early,
        "turns": [{"node_id": t.node_id, "says": t.says} for t in run.turns],
    }


def _status(run: Run) -> str:
    return "ended_early" if run.ended_early else "finished" if run.finished else "open"


def create_run(db: Database, profile_id: int, run: Run) -> None:
    start_run(db, profile_id, run.scenario_id, run_state(run), run_id=uuid.UUID(run.id))


def save_progress(db: Database, profile_id: int, run: Run) -> None:
    save_run(db, uuid.UUID(run.id), profile_id, state=run_state(run), status=_status(run))


def record_turn_attempt(db: Database, profile_id: int, run: Run, analysis: Analysis) -> AttemptRecord:
    """Save the reply to the run's current turn (before it is added in memory)."""
    turn = run.turns[-1]
    record = AttemptRecord.of(
        profile_id,
        analysis,
        run_id=uuid.UUID(run.id),
        scenario_id=run.scenario_id,
        node_id=turn.node_id,
        turn_index=len(run.turns) - 1,
        prompt=turn.says,
    )
    return add_attempt(db, record)


def record_free_attempt(db: Database, profile_id: int, analysis: Analysis) -> AttemptRecord:
    return add_attempt(db, AttemptRecord.of(profile_id, analysis))


def _at(record: AttemptRecord) -> str:
    return record.created_at.isoformat(timespec="seconds")


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _run(row: RunRecord, attempts: list[AttemptRecord]) -> Run:
    state = row.state
    turns = (
        [
            Turn(node_id=_text(t.get("node_id"), "?"), says=_text(t.get("says")))
            for t in state.get("turns", [])
            if isinstance(t, dict)
        ]
        if isinstance(state.get("turns"), list)
        else []
    )
    for attempt in attempts:  # replies from another tab may be ahead of this run's state
        index = attempt.turn_index if attempt.turn_index is not None and attempt.turn_index >= 0 else 0
        while len(turns) <= index:
            turns.append(Turn(node_id=attempt.node_id or "?", says=attempt.prompt or ""))
        turns[index].attempts.append(Attempt(text=attempt.reply, at=_at(attempt), analysis=attempt.analysis))
    finished = _text(state.get("finished")) or (None if row.status == "open" else row.updated_at.isoformat())
    return Run(
        id=row.id.hex,
        scenario_id=row.scenario_id,
        title=_text(state.get("title"), row.scenario_id),
        skill=_text(state.get("skill")),
        started=_text(state.get("started")) or row.created_at.isoformat(timespec="seconds"),
        finished=finished,
        ended_early=row.status == "ended_early",
        turns=turns,
    )


def load_history(db: Database, profile_id: int) -> History:
    """Everything this profile has practised, oldest first."""
    by_run: dict[uuid.UUID | None, list[AttemptRecord]] = defaultdict(list)
    for attempt in attempts_for(db, profile_id):
        by_run[attempt.run_id].append(attempt)
    rows = sorted(runs_for(db, profile_id, kind="solo"), key=lambda r: r.created_at)
    free = [
        FreeEntry(id=a.id.hex, at=_at(a), text=a.reply, context=a.prompt, analysis=a.analysis)
        for a in by_run.get(None, [])
    ]
    return History(runs=[_run(row, by_run.get(row.id, [])) for row in rows], free=free)
