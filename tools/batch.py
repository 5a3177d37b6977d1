"""`python -m coach batch IN.csv -o OUT.csv`: analyse each row of a CSV, add result columns.

Reading and writing live in `tools/csv_files.py` (strict CSV in; output renamed into place
only when complete). An input that already has a column named like an added one is refused,
never overwritten, and OUT.csv can never be IN.csv.

With `workers` > 1 the rows are cut into chunks of `batch_size` and analysed by that many
processes, each with its own analyser (forked from the one loaded here where the system
can fork, so the model is loaded once); results come back in input order. A run of one chunk stays in this process: starting a worker and
loading a model costs more than one chunk takes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Protocol, TextIO

import nlp
from coach.feedback import build_feedback
from coach.task import UnknownSkillError, turn_for
from nlp import Analysis, InputError
from nlp.types import LABEL_FIELDS
from tools.csv_files import AtomicCsv, BatchError, Table, check_paths, read_table, remove_stale_partials
from tools.verdict_report import verdict_cells

__all__ = ["ADDED_COLUMNS", "VERDICT_COLUMNS", "BatchError", "BatchSummary", "read_table", "run_batch"]

logger = logging.getLogger(__name__)

ADDED_COLUMNS = (*LABEL_FIELDS, "sentiment", "flags", "error")
# Added (before `error`) only when IN.csv has a `skill` column; a blank skill is "none given".
VERDICT_COLUMNS = ("verdict", "headline")
PROGRESS_MIN_ROWS = 1000  # the spec: a progress bar only for more than 1,000 rows


class BatchAnalyzer(Protocol):
    def analyze_many(
        self,
        texts: Iterable[str],
        contexts: Iterable[str | None] | None = None,
        batch_size: int = 256,
    ) -> Iterable[Analysis | InputError]: ...


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rows: int
    errors: int
    seconds: float = 0.0
    workers: int = 1

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def default_workers() -> int:
    """The cores this process may use (all of them unless pinned)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def output_columns(table: Table) -> tuple[str, ...]:
    if "skill" not in table.header:
        return ADDED_COLUMNS
    return ADDED_COLUMNS[:-1] + VERDICT_COLUMNS + ADDED_COLUMNS[-1:]


def check_columns(table: Table) -> None:
    """The input needs exactly one `text` column and none of the columns the batch adds."""
    count = table.header.count("text")
    if count != 1:
        found = ", ".join(repr(h) for h in table.header) or "none"
        problem = "has no 'text' column" if count == 0 else "has more than one 'text' column"
        raise BatchError(f"{table.path} {problem} (columns found: {found}).")
    clashes = [name for name in output_columns(table) if name in table.header]
    if clashes:
        raise BatchError(
            f"{table.path} already has column(s) {', '.join(clashes)}, which the batch adds. "
            "Rename or drop them first: the batch never overwrites input columns."
        )
    if not table.rows:
        raise BatchError(f"{table.path} has a header but no rows to analyse.")


def result_cells(item: Analysis | InputError) -> tuple[str, ...]:
    """The added cells for one row, in ADDED_COLUMNS order; a bad row fills only `error`."""
    if isinstance(item, InputError):  # an over-long row is still crisis-screened
        screened = getattr(item, "screen", None)
        cells = ["" for _ in ADDED_COLUMNS]
        cells[ADDED_COLUMNS.index("crisis")] = _bool(screened.risk) if screened is not None else ""
        cells[-1] = str(item)
        return tuple(cells)
    return (
        item.style,
        _bool(item.pseudo_i_statement),
        ";".join(item.horsemen),
        _bool(item.reflection),
        ";".join(item.roadblocks),
        item.question,
        item.request,
        _bool(item.crisis),
        f"{item.tone.compound:.4f}",
        json.dumps([flag.to_dict() for flag in item.flags], ensure_ascii=False),
        "",
    )


def row_cells(item: Analysis | InputError, skill: str | None, with_verdict: bool) -> tuple[str, ...]:
    """Every added cell for one row (with `verdict`, `headline` when the input has skills)."""
    cells = result_cells(item)
    if not with_verdict:
        return cells
    if isinstance(item, InputError):
        return cells[:-1] + ("", "") + cells[-1:]
    try:
        turn = turn_for(skill, item.context)
    except UnknownSkillError as exc:
        return ("",) * (len(cells) + 1) + (str(exc),)
    return cells[:-1] + verdict_cells(build_feedback(item, turn=turn)) + cells[-1:]


def _bool(value: bool) -> str:
    return "true" if value else "false"


Job = tuple[list[str], list[str | None] | None, list[str | None] | None, int, bool]


def _cells(analyzer: BatchAnalyzer, job: Job) -> Iterator[tuple[str, ...]]:
    texts, contexts, skills, batch_size, with_verdict = job
    items = analyzer.analyze_many(texts, contexts, batch_size=batch_size)
    for i, item in enumerate(items):
        yield row_cells(item, skills[i] if skills else None, with_verdict)


_worker_analyzer: BatchAnalyzer | None = None


def _init_worker(analyzer: BatchAnalyzer | None) -> None:
    """In each worker: Ctrl-C is the parent's to handle; build this process's analyser."""
    global _worker_analyzer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker_analyzer = analyzer if analyzer is not None else nlp.get_analyzer()


def _work(job: Job) -> list[tuple[str, ...]]:
    assert _worker_analyzer is not None, "worker used before _init_worker"
    return list(_cells(_worker_analyzer, job))


def _blocks(cells: Iterator[tuple[str, ...]], size: int) -> Iterator[list[tuple[str, ...]]]:
    while block := list(islice(cells, size)):
        yield block


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C does, so the partial file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_batch(
    in_path: Path,
    out_path: Path,
    *,
    analyzer: BatchAnalyzer | None = None,
    batch_size: int = 256,
    workers: int = 1,
    progress_stream: TextIO | None = None,
) -> BatchSummary:
    """Analyse every row of `in_path` and write `out_path`; raise BatchError on a bad file."""
    if batch_size < 1 or workers < 1:
        raise BatchError(f"batch size and workers must be 1 or more (got {batch_size} and {workers}).")
    table = read_table(in_path)
    check_columns(table)
    check_paths(in_path, out_path)
    for stale in remove_stale_partials(out_path):
        logger.warning("Removed %s, left behind by an earlier run that was stopped.", stale.name)
    texts = table.column("text")
    contexts = None
    if "context" in table.header:
        contexts = [c if c.strip() else None for c in table.column("context")]
    with_verdict = "skill" in table.header
    skills = [s if s.strip() else None for s in table.column("skill")] if with_verdict else None
    workers = max(1, min(workers, math.ceil(len(texts) / batch_size)))
    stream = progress_stream if progress_stream is not None else sys.stderr
    bar = ProgressBar(len(texts), stream) if len(texts) > PROGRESS_MIN_ROWS else None
    started = time.monotonic()
    pool = None
    done = errors = 0
    try:
        with _terminate_as_interrupt(), AtomicCsv(out_path, table.header + output_columns(table)) as out:
            if workers == 1:
                analyzer = analyzer if analyzer is not None else nlp.get_analyzer()
                job: Job = (texts, contexts, skills, batch_size, with_verdict)
                blocks: Iterable[list[tuple[str, ...]]] = _blocks(_cells(analyzer, job), batch_size)
            else:
                context = _context()
                if context.get_start_method() == "fork" and analyzer is None:
                    # Load once here: forked workers share the model pages instead of each
                    # loading their own copy (seconds of CPU per worker on a 2-core machine).
                    analyzer = nlp.get_analyzer()
                pool = context.Pool(workers, _init_worker, (analyzer,))
                blocks = pool.imap(_work, _jobs(texts, contexts, skills, batch_size, with_verdict))
            for block in blocks:
                out.write(row + cells for row, cells in zip(table.rows[done : done + len(block)], block, strict=True))
                errors += sum(bool(cells[-1]) for cells in block)
                done += len(block)
                if bar:
                    bar.update(done)
            out.commit()
    except OSError as exc:
        raise BatchError(f"Could not write {out_path}: {exc.strerror or exc}.") from None
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if bar:
            bar.close()
    seconds = time.monotonic() - started
    logger.info("batch: %d rows from %s to %s, %d errors, %.1f s", done, in_path, out_path, errors, seconds)
    return BatchSummary(rows=done, errors=errors, seconds=seconds, workers=workers)


def _context() -> multiprocessing.context.BaseContext:
    # fork: workers start in milliseconds and inherit the loaded code (spawn would re-import).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _jobs(texts: list[str], contexts: list[str | None] | None, skills: list[str | None] | None,
          batch_size: int, with_verdict: bool) -> Iterator[Job]:
    for start in range(0, len(texts), batch_size):
        end = start + batch_size
        yield (
            texts[start:end],
            None if contexts is None else contexts[start:end],
            None if skills is None else skills[start:end],
            batch_size,
            with_verdict,
        )


class ProgressBar:
    """A one-line progress bar on a stream (stderr), redrawn only when the percentage moves."""

    def __init__(self, total: int, stream: TextIO, label: str = "Analysing", width: int = 30):
        self.total, self.stream, self.label, self.width = total, stream, label, width
        self._started = time.monotonic()
        self._shown = -1

    def update(self, done: int) -> None:
        percent = 100 * done // self.total if self.total else 100
        if percent == self._shown:
            return
        self._shown = percent
        filled = self.width * percent // 100
        rate = done / max(time.monotonic() - self._started, 1e-9)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{percent:3d}%  {done:,}/{self.total:,} rows  {rate:,.0f} rows/s"
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
