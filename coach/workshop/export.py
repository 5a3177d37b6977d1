"""A room as CSV rows: prompt, time, labels; the reply text only where its author shared it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from nlp.types import Analysis

COLUMNS = (
    "prompt", "time", "style", "reflection", "roadblocks", "question", "request", "horsemen",
    "counted", "shared_text",
)


@dataclass(frozen=True, slots=True)
class Answer:
    prompt: str
    at: datetime
    analysis: Analysis | None
    crisis: bool
    shared: bool  # the author opted in to share this reply
    text: str


def export_rows(answers: list[Answer] | tuple[Answer, ...]) -> list[dict[str, str]]:
    """One row per answer, oldest first. Crisis answers keep no labels and no text."""
    rows = []
    for a in sorted(answers, key=lambda a: a.at):
        row = dict.fromkeys(COLUMNS, "")
        row["prompt"] = a.prompt
        row["time"] = a.at.isoformat(timespec="seconds")
        if a.crisis:
            row["counted"] = "no: kept private"
        elif a.analysis is not None:
            an = a.analysis
            row.update(
                style=an.style, reflection="yes" if an.reflection else "no", roadblocks=", ".join(an.roadblocks),
                question=an.question, request=an.request, horsemen=", ".join(an.horsemen), counted="yes",
            )
            row["shared_text"] = a.text if a.shared else ""
        rows.append(row)
    return rows


def _defuse(value: str) -> str:
    """A reply starting with = + - @ would run as a formula when the CSV is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows({k: _defuse(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
