"""Many writers at once lose nothing; a writer killed mid-write loses at most its own attempt."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from benchmarks.store import SAMPLE, hammer
from store.attempts import AttemptRecord, add_attempt, attempts_for
from store.profiles import get_or_create_profile

ROOT = Path(__file__).resolve().parents[2]


def test_40_writers_x_20_attempts_lose_nothing(db):
    figures = hammer(db, writers=40, per_writer=20)
    assert (figures.written, figures.lost) == (800, 0)


def test_killed_writer_loses_at_most_its_unfinished_attempt(db, db_url):
    victim, bystander = get_or_create_profile(db, "victim"), get_or_create_profile(db, "bystander")
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.store", "--writer", db_url, str(victim.id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    bystander_ids: list[uuid.UUID] = []

    def bystand() -> None:  # another writer keeps going while the victim dies
        for turn in range(60):
            record = AttemptRecord.of(bystander.id, SAMPLE, turn_index=turn)
            add_attempt(db, record)
            bystander_ids.append(record.id)

    other = threading.Thread(target=bystand)
    acked: list[uuid.UUID] = []
    try:
        target = random.randint(15, 40)
        for line in proc.stdout:
            acked.append(uuid.UUID(line.strip()))
            if len(acked) == 5:
                other.start()
            if len(acked) >= target:
                break
        time.sleep(random.random() * 0.02)  # land the kill anywhere in the next write
        proc.send_signal(signal.SIGKILL)
        acked.extend(uuid.UUID(line.strip()) for line in proc.stdout if line.strip())
    finally:
        proc.kill()
        proc.wait()
    other.join()
    assert proc.returncode == -signal.SIGKILL
    stored = {a.id for a in attempts_for(db, victim.id)}
    assert set(acked) <= stored  # every acknowledged attempt survived
    assert len(stored) - len(acked) in (0, 1)  # at most the one in flight, committed but not acknowledged
    assert {a.id for a in attempts_for(db, bystander.id)} == set(bystander_ids)
    if db.is_sqlite:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
