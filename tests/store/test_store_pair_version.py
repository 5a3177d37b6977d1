"""`pair_version`: the one column two phones poll, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from store.pairs import create_pair, pair_version, save_pair_state


def test_pair_version_follows_each_save(db):
    pair = create_pair(db, {"step": 0}, timedelta(hours=1))
    assert pair_version(db, pair.code) == 1
    assert save_pair_state(db, pair.id, 1, {"step": 1})
    assert pair_version(db, pair.code.lower()) == 2  # typed codes are normalised
    assert not save_pair_state(db, pair.id, 1, {"step": 2})  # a stale writer loses
    assert pair_version(db, pair.code) == 2
    assert pair_version(db, "ZZZZZZ") is None
