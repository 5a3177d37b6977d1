"""The one door the progress and history pages read attempts through.

The attempts are the profile's history as `ui.state` loads it from the store (or the
session's own, in private mode); to read them another way, only `load_attempts` changes.
A saved attempt that cannot be read back is skipped and logged, never a traceback.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from coach.history import History
from coach.progress import PracticeAttempt
from nlp.types import Analysis
from ui import state

logger = logging.getLogger(__name__)


def load_attempts() -> list[PracticeAttempt]:
    """Every readable attempt of the person practising, oldest first."""
    return attempts_in(state.history())


def attempts_in(history: History) -> list[PracticeAttempt]:
    found: list[PracticeAttempt] = []
    for run in history.runs:
        for turn in run.turns:
            for attempt in turn.attempts:
                item = _attempt(
                    attempt.at,
                    attempt.analysis,
                    prompt=turn.says,
                    skill=run.skill,
                    scenario_id=run.scenario_id,
                    title=run.title,
                    run_id=run.id,
                    node_id=turn.node_id,
                )
                if item:
                    found.append(item)
    for entry in history.free:
        item = _attempt(entry.at, entry.analysis, prompt=entry.context, run_id=None)
        if item:
            found.append(item)
    return sorted(found, key=lambda a: a.at)


def _attempt(at: str, analysis: dict[str, Any], **where: Any) -> PracticeAttempt | None:
    try:
        parsed = Analysis.from_dict(analysis)
        when = datetime.fromisoformat(at)
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("skipping an attempt that cannot be read back: %s", exc)
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return PracticeAttempt(at=when, reply=parsed.text, analysis=parsed, **where)


def attempts_by_run(attempts: list[PracticeAttempt]) -> list[list[PracticeAttempt]]:
    """Scenario attempts grouped by run, runs in the order they started; a run with no
    attempt never appears (there is nothing in it to show)."""
    runs: dict[str, list[PracticeAttempt]] = {}
    for attempt in sorted(attempts, key=lambda a: a.at):
        if attempt.run_id is not None:
            runs.setdefault(attempt.run_id, []).append(attempt)
    return list(runs.values())
