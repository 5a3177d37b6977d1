"""`python -m coach batch IN.csv -o OUT.csv`: analyse each row of a CSV, add result columns.

The input is read with the csv module in strict mode rather than pandas: pandas 3 silently
accepts ragged rows (an extra field becomes the index, a missing one becomes ""), and a batch
must refuse those instead of shifting columns. Every cell stays the exact string it was
("NA" and "" included), columns keep their order, and the output is written atomically.
An input that already has a column named like an added one is refused, never overwritten.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

import nlp
from nlp import Analysis, InputError
from nlp.types import LABEL_FIELDS

logger = logging.getLogger(__name__)

ADDED_COLUMNS = (*LABEL_FIELDS, "sentiment", "flags", "error")
PROGRESS_MIN_ROWS = 1000  # the spec: a progress bar only for more than 1,000 rows
_SNIFF_BYTES = 65536  # a NUL byte in the first 64 KiB means a binary file, not text


class BatchError(ValueError):
    """The batch cannot run as asked; the message names the file and what to do."""


class BatchAnalyzer(Protocol):
    def analyze_many(
        self,
        texts: Iterable[str],
        contexts: Iterable[str | None] | None = None,
        batch_size: int = 256,
    ) -> Iterable[Analysis | InputError]: ...


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV as read: the header and rows of exact strings, all rows as wide as the header."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...] = ()  # the line each row ends on, for messages

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    rows: int
    errors: int


def read_table(path: Path) -> Table:
    """Read a UTF-8 CSV strictly; raise BatchError saying what is wrong with the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BatchError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise BatchError(f"{path} is a folder; give the path of a CSV file.") from None
    except OSError as exc:
        raise BatchError(f"{path}: cannot read it ({exc.strerror}).") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise BatchError(f"{path} looks like a binary file, not a CSV text file.")
    try:
        text = data.decode("utf-8-sig")  # -sig: accept Excel's "CSV UTF-8" byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BatchError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}). "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise BatchError(f"{path} is empty: it needs a header row with a 'text' column.")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(next(reader))
        rows, lines = [], []
        for row in reader:
            if not row:  # a blank line
                continue
            if len(row) != len(header):
                raise BatchError(
                    f"{path} is not a well-formed CSV: line {reader.line_num} has {len(row)} "
                    f"fields but the header has {len(header)}. Quote any field that "
                    'contains a comma ("like, this").'
                )
            rows.append(tuple(row))
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise BatchError(
            f"{path} is not a well-formed CSV (line {reader.line_num}: {exc}). "
            "Check for an unclosed or stray double quote."
        ) from None
    return Table(path, header, tuple(rows), tuple(lines))


def check_columns(table: Table) -> None:
    """The input needs exactly one `text` column and none of the columns the batch adds."""
    count = table.header.count("text")
    if count != 1:
        found = ", ".join(repr(h) for h in table.header) or "none"
        problem = "has no 'text' column" if count == 0 else "has more than one 'text' column"
        raise BatchError(f"{table.path} {problem} (columns found: {found}).")
    clashes = [name for name in ADDED_COLUMNS if name in table.header]
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


def _bool(value: bool) -> str:
    return "true" if value else "false"


def write_table_atomic(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a CSV to a temp file beside `path`, then rename it over `path` in one step."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        # mkstemp creates the file private (0600); give it the mode the old file had or 0644.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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


def run_batch(
    in_path: Path,
    out_path: Path,
    *,
    analyzer: BatchAnalyzer | None = None,
    batch_size: int = 256,
    progress_stream: TextIO | None = None,
) -> BatchSummary:
    """Analyse every row of `in_path` and write `out_path`; raise BatchError on a bad file."""
    table = read_table(in_path)
    check_columns(table)
    if out_path.is_dir():
        raise BatchError(f"{out_path} is a folder; give the path of the output CSV file.")
    if not out_path.parent.is_dir():
        raise BatchError(f"The output folder {out_path.parent} does not exist; create it first.")
    texts = table.column("text")
    contexts = None
    if "context" in table.header:
        contexts = [c if c.strip() else None for c in table.column("context")]
    analyzer = analyzer if analyzer is not None else nlp.get_analyzer()
    items = analyzer.analyze_many(texts, contexts, batch_size=batch_size)
    stream = progress_stream if progress_stream is not None else sys.stderr
    bar = ProgressBar(len(texts), stream) if len(texts) > PROGRESS_MIN_ROWS else None
    out_rows, errors = [], 0
    for done, (row, item) in enumerate(zip(table.rows, items, strict=True), start=1):
        cells = result_cells(item)
        errors += bool(cells[-1])
        out_rows.append(row + cells)
        if bar:
            bar.update(done)
    if bar:
        bar.close()
    try:
        write_table_atomic(out_path, table.header + ADDED_COLUMNS, out_rows)
    except OSError as exc:
        raise BatchError(f"Could not write {out_path}: {exc.strerror or exc}.") from None
    logger.info(
        "batch: %d rows from %s to %s, %d errors",
        len(out_rows),
        in_path,
        out_path,
        errors,
    )
    return BatchSummary(rows=len(out_rows), errors=errors)
