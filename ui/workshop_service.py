"""Workshop mode's door to storage and the engine: the pages call these, never `store/` directly.

Every function takes plain values and returns frozen records; a failed read or write raises
`StoreError` with a message fit to show. Answers are analysed here, in the participant's
own session, so the facilitator's dashboard only reads rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from coach.workshop import moderation
from coach.workshop.aggregates import Aggregate, aggregate
from coach.workshop.export import Answer, export_rows, to_csv
from coach.workshop.room import Prompt, RoomInputError, clean_nickname, is_open, lifetime, next_prompt
from nlp.types import Analysis
from store import get_database
from store.codes import normalise_code
from store.models import utcnow
from store.rooms import (
    RoomInfo,
    SubmissionRecord,
    add_submission,
    create_room,
    delete_room,
    room_by_code,
    set_moderation,
    submissions_for,
    update_room,
)
from ui.analysis_service import analyse

__all__ = ["RoomInfo", "RoomInputError"]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What the facilitator's screen shows for the current prompt."""

    answers: int  # everyone who answered, latest answer each
    needs_support: int  # crisis answers: a count for a private alert, never their text
    aggregate: Aggregate | None  # None below the floor
    queue: tuple[moderation.Shared, ...]
    wall: tuple[moderation.Shared, ...]


@dataclass(frozen=True, slots=True)
class Sent:
    analysis: Analysis | None
    error: str | None = None


def open_room(title: str, minutes: int) -> RoomInfo:
    return create_room(get_database(), " ".join(title.split())[:200], lifetime(minutes))


def find_room(code: str) -> RoomInfo | None:
    code = normalise_code(code)
    return room_by_code(get_database(), code) if code else None


def room_is_open(room: RoomInfo) -> bool:
    return is_open(room.status, room.expires_at, utcnow())


def prompt_of(room: RoomInfo) -> Prompt | None:
    return Prompt.from_dict(room.current_prompt)


def set_prompt(room: RoomInfo, says: str, source: str, skill: str | None = None, origin: str = "") -> Prompt:
    """Show a new prompt; results go hidden again so the room does not copy the first answer."""
    prompt = next_prompt(prompt_of(room), says, source, skill, origin)  # type: ignore[arg-type]
    update_room(get_database(), room.id, current_prompt=prompt.to_dict(), revealed=False)
    return prompt


def reveal(room: RoomInfo, shown: bool = True) -> None:
    update_room(get_database(), room.id, revealed=shown)


def close(room: RoomInfo) -> None:
    update_room(get_database(), room.id, status="closed")


def remove(room: RoomInfo) -> None:
    delete_room(get_database(), room.id)


def submit(room: RoomInfo, prompt: Prompt, participant: str, nickname: str | None, text: str,
           share: bool, submission_id: uuid.UUID) -> Sent:
    """Analyse and store one answer. The same `submission_id` again stores nothing new."""
    if not room_is_open(room):
        return Sent(None, "This room has closed. Thank you for taking part.")
    try:
        name = clean_nickname(nickname)
    except RoomInputError as exc:
        return Sent(None, str(exc))
    outcome = analyse(text, context=prompt.says)
    if outcome.analysis is None:
        return Sent(None, outcome.error)
    crisis = outcome.analysis.crisis
    record = SubmissionRecord(
        id=submission_id, room_id=room.id, participant_id=participant, nickname=name,
        prompt_index=prompt.index, reply=text, analysis=outcome.analysis.to_dict(), crisis=crisis,
        share_requested=share and not crisis, moderation="pending", created_at=utcnow(),
    )
    add_submission(get_database(), record)
    return Sent(outcome.analysis)


def latest_per_person(rows: tuple[SubmissionRecord, ...]) -> tuple[SubmissionRecord, ...]:
    """Each participant's last answer: trying again replaces, never doubles, their vote."""
    last: dict[str, SubmissionRecord] = {}
    for row in rows:
        last[row.participant_id] = row
    return tuple(last.values())


def _shared(row: SubmissionRecord) -> moderation.Shared:
    return moderation.Shared(str(row.id), row.reply, row.share_requested, row.crisis, row.moderation)


def dashboard(room: RoomInfo, prompt: Prompt) -> Dashboard:
    rows = submissions_for(get_database(), room.id, prompt.index)
    latest = latest_per_person(rows)
    analyses = [Analysis.from_dict(r.analysis) for r in latest if not r.crisis]
    shared = [_shared(r) for r in rows]
    return Dashboard(
        answers=len(latest),
        needs_support=len({r.participant_id for r in rows if r.crisis}),
        aggregate=aggregate(analyses),
        queue=moderation.queue(shared),
        wall=moderation.wall(shared),
    )


def moderate(room: RoomInfo, item: moderation.Shared, status: str) -> None:
    moderation.check_transition(item.moderation, status)
    set_moderation(get_database(), uuid.UUID(item.id), status)


def export_csv(room: RoomInfo) -> str:
    """Every answer in the room; the prompt is the context each answer was analysed with."""
    answers = [
        Answer(str(r.analysis.get("context") or ""), r.created_at, None if r.crisis else Analysis.from_dict(r.analysis),
               r.crisis, r.share_requested, r.reply)
        for r in submissions_for(get_database(), room.id)
    ]
    return to_csv(export_rows(answers))
