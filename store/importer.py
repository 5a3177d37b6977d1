"""Import the old `history.json` once, on first start, losing nothing that can be read.

- Runs once per database: a `store_events` row named `history.json import` is written in the
  same transaction as the imported rows, so a crash or a second process cannot import twice.
- Survives any damage: numbers too long to parse stay text, nesting too deep for Python is
  skipped element by element, a truncated file gives up only the element it was cut in, and
  wrong types fall back to empty values instead of dropping the reply.
- Afterwards the file is renamed `history.json.imported-<time>-<random>` beside itself; the
  rename never replaces an existing file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nlp.types import ANALYSIS_SCHEMA_VERSION
from store.db import Database, home
from store.errors import StoreError
from store.models import Attempt, Event, Run, utcnow

log = logging.getLogger(__name__)

EVENT = "history.json import"
LEGACY_NS = uuid.UUID("8f3c2a6e-52b4-4a8e-9d0e-7d1f6b2c9a11")  # old ids map to stable uuids
MAX_BYTES = 200 * 1024 * 1024
LONG_NUMBER = 100  # digits: longer integers are kept as text (int() refuses past 4300)
LOOKS_LIKE = {"runs": "turns", "free": "text"}  # a key every element of that list has
_decoder = json.JSONDecoder(parse_int=lambda s: int(s) if len(s) <= LONG_NUMBER else s, parse_constant=str)


@dataclass(frozen=True, slots=True)
class ImportResult:
    ran: bool  # False when it had run before or there was no file
    runs: int = 0
    attempts: int = 0
    skipped: int = 0  # elements that could not be read at all
    backup: Path | None = None
    note: str = ""


def legacy_path() -> Path:
    return home() / "history.json"


def import_history(db: Database, profile_id: int, path: Path | None = None) -> ImportResult:
    """Import `path` (default `$REHEARSE_HOME/history.json`) into `profile_id`, once."""
    path = path or legacy_path()
    if _already_ran(db) or not path.is_file():
        return ImportResult(ran=False)
    runs, free, skipped, note = read_legacy(path)
    run_rows, attempt_rows = _rows(profile_id, runs, free)
    detail = {"file": str(path), "runs": len(run_rows), "attempts": len(attempt_rows), "skipped": skipped}

    def write(session: Session) -> None:
        session.add(Event(name=EVENT, detail=detail, created_at=utcnow()))
        session.flush()  # claims the import before anything else is written
        session.add_all(run_rows)
        session.flush()
        session.add_all(attempt_rows)

    try:
        db.write(write, what="your old history")
    except StoreError as exc:
        if isinstance(exc.__cause__, IntegrityError) and _already_ran(db):
            return ImportResult(ran=False)  # another process imported it a moment ago
        raise
    backup = _set_aside(path, "imported")
    log.info("imported %s: %s", path, detail)
    return ImportResult(True, len(run_rows), len(attempt_rows), skipped, backup, note)


def _already_ran(db: Database) -> bool:
    with db.read() as session:
        return session.get(Event, EVENT) is not None


def read_legacy(path: Path) -> tuple[list[dict], list[dict], int, str]:
    """The runs and free entries that can be read from the file, how many could not, and why."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return [], [], 0, f"the file is larger than {MAX_BYTES // 2**20} MB and was not read"
        raw = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        return [], [], 0, f"the file could not be read ({exc.strerror or exc})"
    try:
        data = _decoder.decode(raw)
    except (ValueError, RecursionError):
        return _salvage(raw)
    if not isinstance(data, dict):
        return [], [], 0, "the file did not hold a history"
    runs, free = _items(data.get("runs")), _items(data.get("free"))
    return (
        [r for r in runs if isinstance(r, dict)],
        [f for f in free if isinstance(f, dict)],
        (len(runs) + len(free) - sum(isinstance(x, dict) for x in runs + free)),
        "",
    )


def _salvage(raw: str) -> tuple[list[dict], list[dict], int, str]:
    """Read each element of "runs" and "free" on its own, so damage costs only its element:
    after an unreadable stretch, reading restarts at the next object that looks like one."""
    found: dict[str, list[dict]] = {"runs": [], "free": []}
    skipped = 0
    for key, items in found.items():
        start = raw.find(f'"{key}"')
        pos = raw.find("[", start) + 1 if start >= 0 else 0
        while 0 < pos < len(raw):
            pos = _skip_space(raw, pos)
            if pos >= len(raw) or raw[pos] == "]":
                break
            try:
                value, pos = _decoder.raw_decode(raw, pos)
            except (ValueError, RecursionError):
                skipped += 1
                pos = _next_element(raw, pos, LOOKS_LIKE[key])
                continue
            if isinstance(value, dict) and LOOKS_LIKE[key] in value:
                items.append(value)
            else:
                skipped += 1
    return found["runs"], found["free"], skipped, "the file was damaged; everything readable was kept"


def _next_element(raw: str, pos: int, marker: str) -> int:
    """Where the next object holding `marker` starts after `pos` (0 when there is none)."""
    hit = pos
    while (hit := raw.find(f'"{marker}"', hit + 1)) > 0:
        brace = raw.rfind("{", pos + 1, hit)
        if brace > 0:
            return brace
    return 0


def _skip_space(raw: str, pos: int) -> int:
    while pos < len(raw) and raw[pos] in " \t\r\n,":
        pos += 1
    return pos


def _items(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _text(value: object) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return text.replace("\x00", "")  # PostgreSQL text cannot hold NUL


def _time(value: object) -> datetime:
    try:
        parsed = datetime.fromisoformat(_text(value))
    except ValueError:
        return utcnow()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _rows(profile_id: int, runs: list[dict], free: list[dict]) -> tuple[list[Run], list[Attempt]]:
    run_rows: list[Run] = []
    attempts: list[Attempt] = []
    for n, run in enumerate(runs):
        legacy_id = _text(run.get("id")) or f"run-{n}"
        run_id = uuid.uuid5(LEGACY_NS, f"run:{legacy_id}:{n}")
        status = "finished" if run.get("finished") else "ended_early" if run.get("ended_early") else "open"
        started = _time(run.get("started"))
        turns = [t for t in _items(run.get("turns")) if isinstance(t, dict)]
        scenario_id = _text(run.get("scenario_id"))[:200] or "unknown"
        state = {
            "title": _text(run.get("title")) or scenario_id,
            "skill": _text(run.get("skill")),
            "started": started.isoformat(timespec="seconds"),
            "finished": _text(run.get("finished")) or None,
            "ended_early": run.get("ended_early") is True,
            "turns": [
                {"node_id": _text(t.get("node_id")) or "?", "says": _text(t.get("says"))} for t in turns
            ],
            "legacy_id": legacy_id,
        }
        run_rows.append(
            Run(
                id=run_id,
                profile_id=profile_id,
                kind="solo",
                scenario_id=scenario_id,
                status=status,
                state=state,
                created_at=started,
                updated_at=_time(run.get("finished") or run.get("started")),
            )
        )
        for index, turn in enumerate(turns):
            for k, item in enumerate(_items(turn.get("attempts"))):
                if isinstance(item, dict):
                    attempts.append(
                        _attempt(
                            profile_id,
                            item,
                            uuid.uuid5(run_id, f"{index}/{k}"),
                            run_id=run_id,
                            scenario_id=scenario_id,
                            node_id=_text(turn.get("node_id"))[:200] or None,
                            turn_index=index,
                            prompt=_text(turn.get("says")) or None,
                        )
                    )
    for n, entry in enumerate(free):
        attempts.append(
            _attempt(
                profile_id,
                entry,
                uuid.uuid5(LEGACY_NS, f"free:{_text(entry.get('id'))}:{n}"),
                prompt=_text(entry.get("context")) or None,
            )
        )
    return run_rows, attempts


def _attempt(profile_id: int, item: dict, attempt_id: uuid.UUID, **where: Any) -> Attempt:
    analysis = item.get("analysis")
    analysis = analysis if isinstance(analysis, dict) else {}
    return Attempt(
        id=attempt_id,
        profile_id=profile_id,
        reply=_text(item.get("text")),
        analysis=_json_safe(analysis),
        analysis_schema_version=ANALYSIS_SCHEMA_VERSION if analysis else 0,
        engine_version=_text(analysis.get("engine_version")),
        created_at=_time(item.get("at")),
        **where,
    )


def _json_safe(value: Any, depth: int = 0) -> Any:
    """The analysis as the database's JSON can hold it (too-deep parts dropped)."""
    if depth > 20:
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v, depth + 1) for v in value]
    if isinstance(value, float) and not math.isfinite(value):  # NaN and 1e999 are not JSON
        return None
    if isinstance(value, str):
        return _text(value)
    return value


def _set_aside(path: Path, why: str) -> Path | None:
    """Rename `path` to a name no other backup has; never overwrite. None if it stays."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for _ in range(5):
        target = path.with_name(f"{path.name}.{why}-{stamp}-{secrets.token_hex(3)}")
        try:
            os.link(path, target)  # fails if target exists: no overwrite, unlike rename
        except FileExistsError:
            continue
        except OSError as exc:
            log.warning("could not keep %s as a backup: %s", path, exc)
            return None
        with contextlib.suppress(OSError):
            os.unlink(path)
        return target
    return None
