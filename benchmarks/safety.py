"""The crisis screen's figures, printed (asserted nowhere except the floors in tests):

1. recall and false alarms on each dev crisis set, and alarms on the dev statement sets;
2. alarms on the supporters' / therapists' turns of the outside dev sets (the `text`
   column of ../shared/data/esconv-dev.csv and annomi-dev.csv), each listed for review;
3. speed of `screen()`: mean per reply over the dev replies, and one 100,000-char text.

Run: `python -m benchmarks.safety [--quiet]`.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.safety import get_screen, screen

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent.parent / "shared" / "data"  # the worktree's ../shared, as in the issue
CRISIS_SETS = ("crisis.csv", "holdout_crisis.csv", "dev2_crisis.csv", "dev3_crisis.csv", "dev4_crisis.csv", "dev5_crisis.csv", "dev6_crisis.csv", "dev7_crisis.csv")
STATEMENT_SETS = ("statements.csv", "holdout_statements.csv", "dev2_statements.csv")
OUTSIDE = ("esconv-dev.csv", "annomi-dev.csv")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _shared() -> Path:
    for folder in (SHARED, Path("/work/shared/data")):
        if folder.exists():
            return folder
    return SHARED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="counts only, no alarm texts")
    args = parser.parse_args(argv)
    get_screen()
    replies: list[str] = []
    for name in CRISIS_SETS:
        rows = _rows(DATA / name)
        replies += [r["text"] for r in rows]
        pos = [r for r in rows if r["crisis"] == "1"]
        neg = [r for r in rows if r["crisis"] == "0"]
        caught = sum(screen(r["text"]).risk for r in pos)
        alarms = sum(screen(r["text"]).risk for r in neg)
        print(f"{name:24} recall {caught}/{len(pos)}  false alarms {alarms}/{len(neg)}")
    for name in STATEMENT_SETS:
        rows = _rows(DATA / name)
        replies += [r["text"] for r in rows]
        i_rows = [r for r in rows if r["style"] == "i_statement"]
        on_i = sum(screen(r["text"]).risk for r in i_rows)
        on_any = sum(screen(r["text"]).risk for r in rows)
        print(f"{name:24} alarms on I-statements {on_i}/{len(i_rows)}  on any row {on_any}/{len(rows)}")
    for name in OUTSIDE:
        path = _shared() / name
        if not path.exists():
            print(f"{name}: not found at {path}")
            continue
        texts = [r["text"] for r in _rows(path)]
        replies += texts
        fired = [(t, screen(t)) for t in texts if screen(t).risk]
        print(f"{name:24} alarms {len(fired)}/{len(texts)}")
        if not args.quiet:
            for text, result in fired:
                print(f"    {[(h.rule_id, h.text) for h in result.hits]}  {text[:160]!r}")
    times = []
    for text in replies:
        start = time.perf_counter()
        screen(text)
        times.append(time.perf_counter() - start)
    print(f"screen() per reply: mean {statistics.mean(times) * 1e3:.3f} ms, "
          f"p99 {sorted(times)[int(len(times) * 0.99)] * 1e3:.3f} ms over {len(times)} replies")
    long_text = (" ".join(replies))[:100_000]
    long_text += " " * (100_000 - len(long_text))
    start = time.perf_counter()
    screen(long_text)
    print(f"screen() on a 100,000-char text: {(time.perf_counter() - start) * 1e3:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
