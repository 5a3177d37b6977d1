"""Rooms, submissions and pair sessions: the rows workshop and couples modes build on."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from store.codes import ALPHABET, new_code
from store.models import utcnow
from store.pairs import create_pair, pair_by_code, save_pair_state
from store.rooms import (
    SubmissionRecord,
    add_submission,
    create_room,
    delete_room,
    room_by_code,
    set_moderation,
    submissions_for,
    update_room,
)


def submission(room_id: int, **kw) -> SubmissionRecord:
    values = dict(
        id=uuid.uuid4(),
        room_id=room_id,
        participant_id="p1",
        nickname=None,
        prompt_index=0,
        reply="I feel",
        analysis={"style": "i_statement"},
        crisis=False,
        share_requested=False,
        moderation="pending",
        created_at=utcnow(),
    )
    values.update(kw)
    return SubmissionRecord(**values)


def test_codes_avoid_look_alikes():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert not set("".join(codes)) - set(ALPHABET)
    assert not set("01OIL") & set(ALPHABET)


def test_room_lifecycle_and_cascade(db):
    room = create_room(db, "Tuesday group", timedelta(hours=2))
    assert room.is_open and room_by_code(db, room.code.lower()).id == room.id
    update_room(db, room.id, current_prompt={"text": "Say it"}, revealed=True)
    assert room_by_code(db, room.code).current_prompt == {"text": "Say it"}
    record = submission(room.id, share_requested=True)
    add_submission(db, record)
    add_submission(db, record)  # a retry: saved once
    set_moderation(db, record.id, "approved")
    (saved,) = submissions_for(db, room.id, 0)
    assert saved.moderation == "approved" and saved.analysis == {"style": "i_statement"}
    with pytest.raises(ValueError):
        set_moderation(db, record.id, "maybe")
    with pytest.raises(ValueError):
        update_room(db, room.id, code="AAAAAA")
    delete_room(db, room.id)
    assert room_by_code(db, room.code) is None and submissions_for(db, room.id) == ()


def test_pair_state_is_optimistically_locked(db):
    pair = create_pair(db, {"floor": "A"}, timedelta(minutes=30))
    assert save_pair_state(db, pair.id, pair.version, {"floor": "B"})
    assert not save_pair_state(db, pair.id, pair.version, {"floor": "A again"})  # stale: refused
    latest = pair_by_code(db, pair.code)
    assert latest.state == {"floor": "B"} and latest.version == pair.version + 1
