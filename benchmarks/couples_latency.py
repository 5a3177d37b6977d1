"""Two phones, one server: how long from one phone's submit until the other phone shows it.

    .venv/bin/python -m benchmarks.couples_latency [--turns 20]

Each turn is one "share" on one phone (the speaker's words, or what the listener heard);
the clock runs from the click until the other phone's page contains those words. Printed
as median and p95 over the turns, split into "saved" (click until the new version is in
the database: the sending phone's own rerun) and the rest (the other phone's poll, every
`ui.couples_pages.POLL`, and its redraw).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.phones import CHROMIUM, PHONE, check_words, click, launch, pair_up, server, wait_text
from store.db import DB_FILE, Database
from store.pairs import pair_by_code

SAYS = (
    "I felt tired after work on {n} and I need a quiet evening with you.",
    "I loved our walk on {n} and I'd like to do it again soon.",
)
HEARD = "You were tired after work on {n} and you'd like a quiet evening with me."


def _share(sender, receiver, button: str, words: str, version) -> tuple[float, float]:
    """(seconds until saved, seconds until shown on the other phone)."""
    before = version()
    started = time.perf_counter()
    click(sender, button)
    while version() == before and time.perf_counter() - started < 30:
        time.sleep(0.005)
    saved = time.perf_counter() - started
    wait_text(receiver, words)
    return saved, time.perf_counter() - started


def measure(turns: int) -> list[tuple[float, float]]:
    timings: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as home, server(Path(home)) as running, sync_playwright() as p:
        url = running.url
        browser = launch(p)
        phones = [browser.new_context(**PHONE).new_page() for _ in range(2)]
        names = ("Ann", "Ben")
        code = pair_up(url, *phones, names=names)
        db = Database(f"sqlite:///{Path(home) / DB_FILE}")

        def version() -> int | None:
            info = pair_by_code(db, code)
            return info.version if info else None

        speaker = 0
        n = 0
        while len(timings) < turns:
            n += 1
            talk, listen = phones[speaker], phones[1 - speaker]
            said = SAYS[n % 2].format(n=f"day {n}")
            check_words(talk, "What you want to say", said)
            wait_text(talk, f"Share with {names[1 - speaker]}")
            timings.append(_share(talk, listen, f"Share with {names[1 - speaker]}", said, version))
            heard = HEARD.format(n=f"day {n}")
            check_words(listen, "What you heard", heard)
            wait_text(listen, f"Give it back to {names[speaker]}")
            timings.append(_share(listen, talk, f"Give it back to {names[speaker]}", heard, version))
            click(talk, "That's it")
            speaker = 1 - speaker
        browser.close()
        db.dispose()
    return timings[:turns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.stderr.write(f"{CHROMIUM} is not installed\n")
        return 2
    measured = measure(args.turns)
    for label, values in (("saved", [s for s, _ in measured]), ("shown on the other phone", [t for _, t in measured])):
        values = sorted(values)
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        sys.stdout.write(
            f"submit -> {label}, {len(values)} turns: median {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms (min {values[0] * 1000:.0f}, max {values[-1] * 1000:.0f})\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
