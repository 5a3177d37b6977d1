"""CSV in and out for `batch`: strict reading, and output that is never half-written.

The input is read with the csv module in strict mode rather than pandas: pandas 3 silently
accepts ragged rows (an extra field becomes the index, a missing one becomes ""), and a batch
must refuse those instead of shifting columns. Every cell stays the exact string it was
("NA" and "" included), and columns keep their order.

Output goes to a temp file beside OUT.csv, named `.OUT.csv.<pid>.partial`, and is renamed
over OUT.csv in one step only when every row is written. A stopped run (Ctrl-C, SIGTERM, an
error) removes its temp file; a killed one (SIGKILL, power cut) cannot, so the next run into
the same folder removes any partial file whose process is gone.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

_SNIFF_BYTES = 65536  # a NUL byte in the first 64 KiB means a binary file, not text
# The csv module refuses fields over 131,072 characters and the whole file with them; a
# long cell is the row's problem (the analyser names the limit), so read any length.
FIELD_LIMIT = 2**31 - 1


class BatchError(ValueError):
    """The batch cannot run as asked; the message names the file and what to do."""


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


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


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
        with _field_limit(FIELD_LIMIT):
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


def check_paths(in_path: Path, out_path: Path) -> None:
    """OUT.csv must be a file path in an existing folder, and never IN.csv itself."""
    if out_path.is_dir():
        raise BatchError(f"{out_path} is a folder; give the path of the output CSV file.")
    if not out_path.parent.is_dir():
        raise BatchError(f"The output folder {out_path.parent} does not exist; create it first.")
    same = in_path.resolve() == out_path.resolve()
    if not same and out_path.exists():
        with contextlib.suppress(OSError):
            same = os.path.samefile(in_path, out_path)  # hard links, bind mounts
    if same:
        raise BatchError(
            f"{out_path} is the input file itself; writing there would replace your data. "
            "Give a different output file (e.g. add '-results' to the name)."
        )


_PARTIAL = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.partial$")


def partial_path(out_path: Path, pid: int | None = None) -> Path:
    return out_path.with_name(f".{out_path.name}.{pid or os.getpid()}.partial")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_partials(out_path: Path) -> list[Path]:
    """Partial files of OUT.csv left by runs that were killed; returns what was removed."""
    removed = []
    for candidate in out_path.parent.glob(f".{glob_escape(out_path.name)}.*.partial"):
        match = _PARTIAL.match(candidate.name)
        if not match or match["name"] != out_path.name:
            continue
        pid = int(match["pid"])
        if pid != os.getpid() and _alive(pid):
            continue  # another run is writing it right now
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
            logger.info("removed %s, left by a run that was stopped", candidate)
    return removed


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


class AtomicCsv:
    """Rows go to `.OUT.csv.<pid>.partial`; `commit()` renames it over OUT.csv in one step.

    Leaving the `with` block without `commit()` (an error, Ctrl-C) removes the partial file.
    """

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path, self.header = path, header
        self.tmp = partial_path(path)

    def __enter__(self) -> AtomicCsv:
        # O_EXCL: never write into a file someone else has open under the same name.
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, lineterminator="\n")
        self._writer.writerow(self.header)
        self._done = False
        return self

    def write(self, rows: Iterable[Sequence[str]]) -> None:
        self._writer.writerows(rows)

    def commit(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        # The partial file is private (0600); give it the mode the old file had, or 0644.
        os.chmod(self.tmp, self.path.stat().st_mode & 0o777 if self.path.exists() else 0o644)
        os.replace(self.tmp, self.path)
        self._done = True

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            with contextlib.suppress(OSError):
                self._handle.close()
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
