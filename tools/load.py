"""`make load`: 40 participants answer one prompt within the same second; does anything get lost?

For each database (SQLite file, then PostgreSQL when one is set or can be started) this starts
the app server, opens a room as the facilitator, joins N participants, and has them all press
"Send" at the same moment. Every session is a real Streamlit session driven over Streamlit's
own websocket protocol (tools.st_client): the same messages a phone's browser sends.

Printed per database: submissions sent, acknowledged on the phone, stored in the database,
shown on the facilitator's dashboard, lost (sent − stored), and p50/p95 latency from
pressing Send to the participant's feedback finishing rendering.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.serverproc import deployment
from tools.st_client import ClientError, StreamlitSession
from tools.throwaway_pg import postgres_url

NICK = "Nickname (optional: leave empty to stay anonymous)"
PROMPT = "I've had a long week and nobody seems to notice how much I'm doing."
OPENINGS = ("It sounds like", "You seem", "So this week", "You always", "Why don't you", "I feel")
MIDDLES = ("you're worn out", "the work piled up", "nobody saw the effort", "it was a lot", "you needed a break")


@dataclass(frozen=True, slots=True)
class Result:
    database: str
    sent: int
    acknowledged: int
    stored: int
    shown: int
    latencies: tuple[float, ...]
    errors: tuple[str, ...]

    @property
    def lost(self) -> int:
        return self.sent - self.stored

    def line(self) -> str:
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) if lat else float("nan")
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] if lat else float("nan")
        return (f"{self.database:<11} sent {self.sent}  acknowledged {self.acknowledged}  stored {self.stored}  "
                f"shown on dashboard {self.shown}  lost {self.lost}  p50 {p50:.2f} s  p95 {p95:.2f} s")


def reply_for(i: int) -> str:
    return f"{OPENINGS[i % len(OPENINGS)]} {MIDDLES[(i // len(OPENINGS)) % len(MIDDLES)]} (reply {i})."


async def facilitator_opens(base: str, title: str) -> tuple[StreamlitSession, str]:
    fac = StreamlitSession(base, "facilitate")
    await fac.__aenter__()
    await fac.run()
    fac.fill("Room name (shown on the projector)", title)
    opened = await fac.press("Open a room")
    found = re.search(r"join\?room=([A-Z0-9]+)", opened.text())
    if not found:
        raise ClientError(f"no room code on the facilitator page: {opened.text()[:300]}")
    fac.fill("What the other person says", PROMPT)
    await fac.press("Show the typed line")
    return fac, found.group(1)


async def participant(base: str, code: str, i: int, go: asyncio.Event, out: list, joined: list) -> None:
    try:
        async with StreamlitSession(base, "join", f"room={code}") as s:
            await s.run()
            s.fill(NICK, f"p{i}" if i % 2 else "")
            await s.press("Join")
            s.fill("Your reply", reply_for(i))
            if i % 4 == 0:
                s.tick("Share my reply on the wall (the facilitator sees it first; no name is shown)")
            joined.append(i)
            await go.wait()
            started = time.perf_counter()
            run = await s.press("Send", timeout=120)
            took = time.perf_counter() - started
            ok = "Only you see this feedback" in run.text()
            out.append((ok, took, "" if ok else run.text()[:200]))
    except (ClientError, OSError, TimeoutError) as exc:
        out.append((False, 0.0, f"participant {i}: {type(exc).__name__}: {exc}"))


async def drive(base: str, participants: int, database: str, db_url: str, warm_up: int = 1) -> Result:
    from store.db import Database
    from store.rooms import room_by_code, submissions_for

    for _ in range(warm_up):  # one per process (the proxy takes turns): engines load before the clock starts
        async with StreamlitSession(base, "present") as warm:
            await warm.run(timeout=180)
    fac, code = await facilitator_opens(base, f"Load test {database}")
    go, out = asyncio.Event(), []
    joined: list[int] = []
    tasks = [asyncio.create_task(participant(base, code, i, go, out, joined)) for i in range(participants)]
    deadline = time.monotonic() + 120
    while len(joined) + len(out) < participants and time.monotonic() < deadline:
        await asyncio.sleep(0.1)  # everyone joins and types first; then all press Send at once
    go.set()
    await asyncio.gather(*tasks)
    board = await fac.run()
    await fac.__aexit__()
    shown = re.search(r"Answers to this prompt: (\d+)", board.text())
    db = Database(db_url)
    room = room_by_code(db, code)
    stored = len(submissions_for(db, room.id)) if room else 0
    db.dispose()
    return Result(database, participants, sum(ok for ok, _, _ in out), stored,
                  int(shown.group(1)) if shown else -1,
                  tuple(t for ok, t, _ in out if ok), tuple(e for ok, _, e in out if not ok))


def run_one(database: str, db_url: str, participants: int, home: Path, processes: int = 1) -> Result:
    """One database: `processes` app processes (behind tools.sticky_proxy when more than one)."""
    env = {"REHEARSE_HOME": str(home), "REHEARSE_DB_URL": db_url}
    with deployment(processes, env, home, f"server-{database}") as base:
        label = database if processes == 1 else f"{database} x{processes}"
        return asyncio.run(drive(base, participants, label, db_url, warm_up=processes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="40 participants at once, on SQLite and PostgreSQL")
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--processes", type=int, default=1, help="app processes behind the sticky proxy")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="rehearse-load."))
    results = []
    if args.only != "postgresql":
        results.append(run_one("SQLite", f"sqlite:///{home / 'load.db'}", args.participants, home, args.processes))
        print(results[-1].line(), flush=True)
    if args.only != "sqlite":
        with postgres_url() as pg:
            if pg is None:
                print("PostgreSQL  skipped: set REHEARSE_TEST_PG_URL or install PostgreSQL (initdb, pg_ctl)")
            else:
                results.append(run_one("PostgreSQL", pg, args.participants, home, args.processes))
                print(results[-1].line(), flush=True)
    for r in results:
        for error in r.errors[:5]:
            print(f"  {r.database}: {error}")
    print(f"(server logs in {home})")
    return 0 if all(r.lost == 0 and r.acknowledged == r.sent and r.shown == r.sent for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
