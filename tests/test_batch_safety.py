"""`batch` never loses data: IN is never OUT, sizes are checked, long cells are row errors,
Ctrl-C / SIGTERM / SIGKILL leave no partial file behind, workers keep the order, and the
optional `skill` column adds `verdict` and `headline`."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_batch import FakeAnalyzer, read_rows, write_csv

import nlp
from tools import batch
from tools.batch import ADDED_COLUMNS, VERDICT_COLUMNS
from tools.cli import main
from tools.csv_files import partial_path, read_table, remove_stale_partials

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeAnalyzer:
    analyzer = FakeAnalyzer()
    monkeypatch.setattr(nlp, "get_analyzer", lambda: analyzer)
    return analyzer


def _no_partials(folder: Path) -> bool:
    return not list(folder.glob(".*.partial"))


# ---- IN.csv is never OUT.csv -------------------------------------------------------------------


def test_same_file_is_refused_and_left_untouched(tmp_path, fake, capsys, monkeypatch):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    before = src.read_bytes()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.csv").symlink_to(src)
    os.link(src, tmp_path / "hard.csv")
    for out in (str(src), "in.csv", "./sub/../in.csv", "link.csv", "hard.csv"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        assert main(["batch", str(src), "-o", out]) == 2, out
        err = capsys.readouterr().err
        assert "is the input file itself" in err and "Traceback" not in err
    assert src.read_bytes() == before and fake.calls == []


# ---- sizes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("option, value, message", [
    ("--batch-size", "0", "must be 1 or more, got 0"),
    ("--batch-size", "-5", "must be 1 or more, got -5"),
    ("--batch-size", "many", "expected a whole number, got 'many'"),
    ("--workers", "0", "must be 1 or more, got 0"),
])
def test_non_positive_sizes_get_a_message(tmp_path, fake, capsys, option, value, message):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    assert main(["batch", str(src), "-o", str(tmp_path / "out.csv"), option, value]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_run_batch_itself_checks_its_sizes(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    with pytest.raises(batch.BatchError, match="1 or more"):
        batch.run_batch(src, tmp_path / "out.csv", batch_size=0)


# ---- cells over the csv module's field limit -------------------------------------------------------


def test_a_cell_over_the_csv_field_limit_is_a_row_error(tmp_path, fake, capsys):
    huge = "word " * 30_000  # 150,000 characters, over csv's 131,072 default
    rows = [["text", "note"], ["fine", huge], [huge, "x"], ["also fine", ""]]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    table = read_table(out)  # our reader takes long cells; csv.DictReader would not
    written = [dict(zip(table.header, row, strict=True)) for row in table.rows]
    assert [bool(r["error"]) for r in written] == [False, True, False]
    assert "150,000 characters; the limit is 5,000" in written[1]["error"]
    assert written[0]["note"] == huge  # passed through untouched
    assert csv.field_size_limit() == 131072  # the process-wide limit is restored


# ---- skill, verdict and headline ------------------------------------------------------------------


def test_without_a_skill_column_the_columns_are_as_before(tmp_path, fake):
    src, out = write_csv(tmp_path / "in.csv", [["text"], ["you never listen"]]), tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    assert list(read_rows(out)[0])[1:] == list(ADDED_COLUMNS)


def test_a_skill_column_adds_verdict_and_headline(tmp_path, fake):
    rows = [["text", "skill"], ["you never listen", "listening"], ["hello there", ""],
            ["you never call", "juggling"], ["", "asking"]]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    written = read_rows(out)
    assert list(written[0])[2:] == list(ADDED_COLUMNS[:-1] + VERDICT_COLUMNS + ADDED_COLUMNS[-1:])
    blame, calm, unknown, empty = written
    assert blame["verdict"] == "hurts" and blame["headline"] == "This came across as blame."
    assert calm["verdict"] == "neutral" and calm["headline"]
    assert "Unknown skill 'juggling'" in unknown["error"] and unknown["verdict"] == ""
    assert empty["error"] and empty["verdict"] == ""


def test_an_input_with_a_verdict_column_is_refused(tmp_path, fake, capsys):
    src = write_csv(tmp_path / "in.csv", [["text", "skill", "verdict"], ["a", "", "mine"]])
    assert main(["batch", str(src), "-o", str(tmp_path / "out.csv")]) == 2
    assert "verdict" in capsys.readouterr().err


# ---- workers ------------------------------------------------------------------------------------------


def test_workers_keep_the_input_order(tmp_path):
    rows = [["id", "text", "skill"]] + [[str(i), f"you never {i}" if i % 3 else f"row {i}", ""]
                                         for i in range(700)]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    summary = batch.run_batch(src, out, analyzer=FakeAnalyzer(), batch_size=50, workers=2)
    assert summary.workers == 2 and summary.rows == 700 and summary.rate > 0
    written = read_rows(out)
    assert [r["id"] for r in written] == [str(i) for i in range(700)]
    assert all((r["style"] == "blame") == ("never" in r["text"]) for r in written)
    assert _no_partials(tmp_path)


def test_one_chunk_stays_in_this_process(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"], ["b"]])
    summary = batch.run_batch(src, tmp_path / "out.csv", workers=2)
    assert summary.workers == 1 and len(fake.calls) == 1


# ---- stopped and killed runs --------------------------------------------------------------------------


SLOW_RUN = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [{root!r}, {tests!r}]
    import nlp
    from test_batch import FakeAnalyzer

    class Slow(FakeAnalyzer):
        def analyze_many(self, texts, contexts=None, batch_size=256):
            for item in super().analyze_many(texts, contexts, batch_size):
                time.sleep(0.005)
                yield item

    nlp.get_analyzer = Slow
    from tools.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)


def _start_slow(tmp_path: Path, workers: int) -> tuple[subprocess.Popen, Path]:
    src = write_csv(tmp_path / "in.csv", [["text"]] + [[f"row {i}"] for i in range(4000)])
    out = tmp_path / "out.csv"
    script = tmp_path / "slow.py"
    script.write_text(SLOW_RUN.format(root=str(ROOT), tests=str(ROOT / "tests")))
    proc = subprocess.Popen(
        [sys.executable, str(script), "batch", str(src), "-o", str(out), "--batch-size", "100",
         "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not partial_path(out, proc.pid).exists():
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.3)
    return proc, out


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_without_a_traceback_and_leaves_nothing(tmp_path, workers):
    proc, out = _start_slow(tmp_path, workers)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Stopped" in err and "Traceback" not in err
    assert not out.exists() and _no_partials(tmp_path)


def test_sigterm_leaves_no_partial_file(tmp_path):
    proc, out = _start_slow(tmp_path, 1)
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
    assert not out.exists() and _no_partials(tmp_path)


def test_a_killed_run_is_cleaned_up_by_the_next_run(tmp_path, fake, caplog):
    proc, out = _start_slow(tmp_path, 1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    left = partial_path(out, proc.pid)
    assert left.exists()  # nothing can clean up after SIGKILL in the killed process itself
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    assert main(["batch", str(src), "-o", str(out)]) == 0
    assert not left.exists() and _no_partials(tmp_path)
    assert any("left behind by an earlier run" in r.getMessage() for r in caplog.records)


def test_a_live_runs_partial_file_is_left_alone(tmp_path):
    out = tmp_path / "out.csv"
    mine = partial_path(out, os.getppid())  # a process that is certainly alive
    mine.write_text("x")
    assert remove_stale_partials(out) == [] and mine.exists()
