"""Workshop rooms through the service the pages use, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest
from analysis_factory import analysis, flag
from database_urls import fresh_url
from sqlalchemy import update

import store.db
import ui.analysis_service as service
from store.models import Room, utcnow
from store.rooms import submissions_for, update_room
from ui import workshop_service as ws


class FakeAnalyzer:
    def analyze(self, text, context=None):
        if "kill myself" in text:
            return analysis(text, crisis=True, context=context)
        if "never" in text:
            return analysis(text, flag(text, text[: text.index("never") + 5], "CRITICISM"), context=context)
        return analysis(text, context=context)


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request, tmp_path, monkeypatch):
    monkeypatch.setenv("REHEARSE_DB_URL", fresh_url(request.param, tmp_path))
    store.db._database.cache_clear()  # a fresh, migrated Database per test (PG schema is wiped)
    monkeypatch.setattr(service, "get_analyzer", FakeAnalyzer)
    yield ws.open_room("Tuesday group", 60)
    store.db.get_database().dispose()
    store.db._database.cache_clear()  # a fresh, migrated Database per test (PG schema is wiped)


def answer(room, prompt, who: str, text: str, share: bool = False):
    return ws.submit(ws.find_room(room.code), prompt, who, None, text, share, uuid.uuid4())


def test_a_room_is_found_by_its_code_however_it_is_typed(room):
    assert ws.find_room(room.code.lower()[:3] + "-" + room.code.lower()[3:]).id == room.id
    assert ws.find_room("") is None and ws.find_room("ZZZZZZZ") is None
    assert ws.room_is_open(room) and ws.prompt_of(room) is None


def test_answers_stay_hidden_below_three_and_count_each_person_once(room):
    prompt = ws.set_prompt(room, "You forgot again.", "custom")
    answer(room, prompt, "a", "You never remember.")
    answer(room, prompt, "b", "I felt let down.")
    board = ws.dashboard(room, prompt)
    assert board.answers == 2 and board.aggregate is None
    answer(room, prompt, "b", "I feel let down.")  # b tries again: replaces, never doubles
    assert ws.dashboard(room, prompt).answers == 2
    answer(room, prompt, "c", "You never call.")
    board = ws.dashboard(room, prompt)
    assert board.answers == 3 and board.aggregate.pairs[0].poor == 2


def test_a_crisis_answer_is_private_counted_apart_and_never_shared(room):
    prompt = ws.set_prompt(room, "How are you?", "custom")
    sent = answer(room, prompt, "a", "I want to kill myself.", share=True)
    assert sent.analysis.crisis
    for who in "bcd":
        answer(room, prompt, who, "You never listen.", share=True)
    board = ws.dashboard(room, prompt)
    assert board.needs_support == 1 and board.aggregate.answers == 3
    assert all("kill" not in s.text for s in board.queue)
    assert "kill" not in ws.export_csv(ws.find_room(room.code))


def test_shared_replies_wait_for_approval_before_the_wall(room):
    prompt = ws.set_prompt(room, "Hi", "custom")
    answer(room, prompt, "a", "You never wave.", share=True)
    answer(room, prompt, "b", "Hello to you.", share=False)
    board = ws.dashboard(room, prompt)
    assert [s.text for s in board.queue] == ["You never wave."] and board.wall == ()
    ws.moderate(room, board.queue[0], "approved")
    board = ws.dashboard(room, prompt)
    assert board.queue == () and [s.text for s in board.wall] == ["You never wave."]


def test_a_new_prompt_hides_results_and_starts_a_fresh_count(room):
    first = ws.set_prompt(room, "One", "custom")
    ws.reveal(room)
    assert ws.find_room(room.code).revealed
    answer(room, first, "a", "ok")
    second = ws.set_prompt(ws.find_room(room.code), "Two", "pack", origin="Team pack")
    fresh = ws.find_room(room.code)
    assert not fresh.revealed and second.index == 1 and ws.prompt_of(fresh) == second
    assert ws.dashboard(fresh, second).answers == 0


def test_a_closed_or_expired_room_takes_no_answers(room):
    prompt = ws.set_prompt(room, "Hi", "custom")
    ws.close(room)
    assert answer(room, prompt, "a", "hello").error.startswith("This room has closed")
    update_room(store.db.get_database(), room.id, status="open")
    assert ws.room_is_open(ws.find_room(room.code))
    expired = update(Room).where(Room.id == room.id).values(expires_at=utcnow() - timedelta(seconds=1))
    store.db.get_database().write(lambda session: session.execute(expired))
    assert not ws.room_is_open(ws.find_room(room.code))


def test_export_lists_every_answer_with_text_only_where_shared_and_delete_removes_all(room):
    prompt = ws.set_prompt(room, "Why now?", "custom")
    answer(room, prompt, "a", "You never plan.", share=True)
    answer(room, prompt, "b", "Secret words.", share=False)
    rows = list(csv.DictReader(io.StringIO(ws.export_csv(room))))
    assert [r["prompt"] for r in rows] == ["Why now?", "Why now?"]
    assert [r["shared_text"] for r in rows] == ["You never plan.", ""]
    ws.remove(room)
    assert ws.find_room(room.code) is None
    assert submissions_for(store.db.get_database(), room.id) == ()
