"""`make bench-store`: many writers saving attempts at once, on SQLite and on PostgreSQL.

Each of W writer threads saves N attempts (a typical analysis as JSON, ~1 KB) through
`store.attempts.add_attempt`, the path the app uses. Then every id each writer was told
was saved is looked up. Prints attempts written per second (wall time for all writers),
median and p95 latency of one write (including any lock wait and retry), and how many
acknowledged attempts are missing (lost). Nothing is asserted here; the tests assert lost == 0.

SQLite runs on a fresh file in a temp folder; PostgreSQL runs when `REHEARSE_TEST_PG_URL` (or
`--pg URL`) names a database whose tables this may wipe.

Also `--writer URL PROFILE_ID`: save attempts forever, printing each id once committed (the
killed-writer test runs this in a process and SIGKILLs it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.types import Analysis, Flag, Tone  # noqa: E402
from store.attempts import AttemptRecord, add_attempt, attempts_for  # noqa: E402
from store.db import Database  # noqa: E402
from store.profiles import get_or_create_profile  # noqa: E402

TEXT = "You never listen to me when I talk about work, and I feel tired of repeating myself."
SAMPLE = Analysis(
    text=TEXT,
    context="Why are you so quiet tonight?",
    language="en",
    style="blame",
    pseudo_i_statement=False,
    horsemen=("criticism",),
    reflection=False,
    roadblocks=(),
    question="none",
    request="none",
    crisis=False,
    tone=Tone(-0.4, 0.0, 0.2, 0.8, "medium", ("absolute: never",)),
    flags=(
        Flag(
            "blame.you_absolute",
            "CRITICISM",
            0,
            16,
            TEXT[0:16],
            "Says what they always or never do.",
            "hurts",
        ),
        Flag("i_statement.feeling", "I_STATEMENT", 53, 64, TEXT[53:64], "Names your own feeling.", "helps"),
    ),
    model_name="en_core_web_sm",
    rules_version="bench",
    engine_version="bench",
)


@dataclass(frozen=True, slots=True)
class Figures:
    database: str
    writers: int
    per_writer: int
    written: int
    lost: int
    seconds: float
    median_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.database:<10} {self.writers} writers x {self.per_writer}: {self.written} written in "
            f"{self.seconds:.2f} s = {self.per_second:.0f} attempts/s; write latency median "
            f"{self.median_ms:.1f} ms, p95 {self.p95_ms:.1f} ms; lost {self.lost}"
        )


def hammer(db: Database, writers: int = 40, per_writer: int = 20) -> Figures:
    """W threads, each its own profile, each saving N attempts; then count what is missing."""
    profiles = [get_or_create_profile(db, f"writer {n}").id for n in range(writers)]
    acked: list[list[uuid.UUID]] = [[] for _ in range(writers)]
    latencies: list[float] = []
    errors: list[BaseException] = []
    start_line = threading.Barrier(writers)

    def work(n: int) -> None:
        start_line.wait()
        for turn in range(per_writer):
            record = AttemptRecord.of(profiles[n], SAMPLE, scenario_id="bench", turn_index=turn)
            began = time.perf_counter()
            try:
                add_attempt(db, record)
            except BaseException as exc:  # counted as lost below, reported once
                errors.append(exc)
                continue
            latencies.append(time.perf_counter() - began)
            acked[n].append(record.id)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    stored = {a.id for pid in profiles for a in attempts_for(db, pid)}
    lost = writers * per_writer - sum(1 for ids in acked for i in ids if i in stored)
    if errors:
        print(f"  {len(errors)} writes failed, first: {errors[0]}", file=sys.stderr)
    quantiles = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else [0.0] * 19
    return Figures(
        db.url.get_backend_name(),
        writers,
        per_writer,
        len(stored),
        lost,
        seconds,
        statistics.median(latencies or [0.0]) * 1000,
        quantiles[18] * 1000,
    )


def writer_forever(url: str, profile_id: int) -> None:
    """Save attempts until killed; print each id only after its commit returned."""
    db = Database(url)
    turn = 0
    while True:
        record = AttemptRecord.of(profile_id, SAMPLE, scenario_id="killed", turn_index=turn)
        add_attempt(db, record)
        sys.stdout.write(f"{record.id}\n")
        sys.stdout.flush()
        turn += 1


def wipe_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=40)
    parser.add_argument("--attempts", type=int, default=20, help="attempts per writer")
    parser.add_argument("--pg", default=os.environ.get("REHEARSE_TEST_PG_URL"), help="PostgreSQL URL (wiped)")
    parser.add_argument("--writer", nargs=2, metavar=("URL", "PROFILE_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        writer_forever(args.writer[0], int(args.writer[1]))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        urls = [f"sqlite:///{Path(folder) / 'bench.db'}"]
        if args.pg:
            wipe_pg(args.pg)
            urls.append(args.pg)
        else:
            print("postgresql skipped: set REHEARSE_TEST_PG_URL or pass --pg URL")
        for url in urls:
            db = Database(url)
            db.upgrade()
            print(hammer(db, args.writers, args.attempts).line())
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
