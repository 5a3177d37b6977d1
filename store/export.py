"""A profile's attempts as rows for download: CSV and JSON, each with the feedback it got."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from nlp.types import LABEL_FIELDS, Analysis
from store.attempts import AttemptRecord, attempts_for
from store.db import Database

BASE_COLUMNS = ("at", "scenario", "turn", "they_said", "your_reply")
Describe = Callable[[AttemptRecord, Analysis], dict[str, str]]


def _label(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _points(analysis: Analysis) -> str:
    return " | ".join(f'"{f.text}": {f.explanation}' for f in analysis.flags)


def export_rows(db: Database, profile_id: int, describe: Describe | None = None) -> list[dict[str, str]]:
    """One flat row per attempt, oldest first. `describe` adds columns (e.g. the coach's verdict)."""
    rows = []
    for attempt in attempts_for(db, profile_id):
        analysis = attempt.parsed()
        row = {
            "at": attempt.created_at.isoformat(timespec="seconds"),
            "scenario": attempt.scenario_id or "free practice",
            "turn": "" if attempt.turn_index is None else str(attempt.turn_index + 1),
            "they_said": attempt.prompt or "",
            "your_reply": attempt.reply,
        }
        row.update({name: _label(getattr(analysis, name)) for name in LABEL_FIELDS})
        row["points"] = _points(analysis)
        if describe is not None:
            row.update(describe(attempt, analysis))
        rows.append(row)
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    columns = list(rows[0]) if rows else [*BASE_COLUMNS, *LABEL_FIELDS, "points"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _defuse(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _defuse(value: str) -> str:
    """A typed reply starting with = + - @ would run as a formula in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
