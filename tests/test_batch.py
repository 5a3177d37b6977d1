"""`python -m coach batch`: columns, formats, bad rows, bad files, atomic writes, progress.

A fast fake analyser stands in for nlp (monkeypatched), so these run without the model.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import nlp
from nlp import MAX_CHARS, Analysis, EmptyInputError, Flag, InputTooLongError, Tone
from tools import batch, csv_files
from tools.batch import ADDED_COLUMNS, PROGRESS_MIN_ROWS, read_table
from tools.cli import main


def fake_analysis(text: str, context: str | None = None) -> Analysis:
    """Blame with two horsemen and one flag when the text says 'never'; neutral otherwise."""
    blame = "never" in text
    start = text.find("never")
    flags = (
        Flag(
            "blame.you_absolute",
            "CRITICISM",
            start,
            start + 5,
            "never",
            "Why.",
            "hurts",
        ),
    )
    return Analysis(
        text=text,
        context=context,
        language="en",
        style="blame" if blame else "neutral",
        pseudo_i_statement=False,
        horsemen=("criticism", "contempt") if blame else (),
        reflection=context is not None,
        roadblocks=("advising",) if "should" in text else (),
        question="open" if text.startswith("What") else "none",
        request="none",
        crisis=False,
        tone=Tone(-0.5 if blame else 0.0, 0.0, 0.5, 0.5, "medium"),
        flags=flags if blame else (),
    )


class FakeAnalyzer:
    """Follows the analyze_many contract: one item per input, an InputError for a bad row."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[str | None] | None, int]] = []

    def analyze_many(self, texts, contexts=None, batch_size=256):
        texts = list(texts)
        contexts = None if contexts is None else list(contexts)
        self.calls.append((texts, contexts, batch_size))
        for i, text in enumerate(texts):
            if not text.strip():
                yield EmptyInputError()
            elif len(text) > MAX_CHARS:
                yield InputTooLongError(len(text))
            else:
                yield fake_analysis(text, contexts[i] if contexts else None)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeAnalyzer:
    analyzer = FakeAnalyzer()
    monkeypatch.setattr(nlp, "get_analyzer", lambda: analyzer)
    return analyzer


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_passes_columns_through_and_adds_exactly_the_result_columns(tmp_path, fake):
    rows = [
        ["id", "text", "extra", "context"],
        ["1", "you never listen", "NA", ""],
        ["2", "What happened, then?", "", "I'm tired"],
        ["3", "Ça va 🙂", "  spaced  ", "NA"],
    ]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == rows[0] + list(ADDED_COLUMNS)
    assert [r[:4] for r in written[1:]] == rows[1:]  # every input cell exactly as it was


def test_result_formats(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text"], ["you never listen"], ["you should rest"]])
    out = tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    blame, calm = read_rows(out)
    assert (blame["style"], blame["horsemen"], blame["roadblocks"]) == (
        "blame",
        "criticism;contempt",
        "",
    )
    assert calm["roadblocks"] == "advising" and calm["horsemen"] == ""
    for row in (blame, calm):
        for column in ("pseudo_i_statement", "reflection", "crisis"):
            assert row[column] in ("true", "false")
        assert row["question"] in ("open", "closed", "none")
        assert row["request"] in ("request", "demand", "none")
        float(row["sentiment"])
        assert isinstance(json.loads(row["flags"]), list)
        assert row["error"] == ""
    assert float(blame["sentiment"]) == -0.5
    (flag,) = json.loads(blame["flags"])
    assert flag["rule_id"] == "blame.you_absolute" and flag["text"] == "never"
    assert json.loads(calm["flags"]) == []


def test_contexts_are_passed_with_blank_as_none(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text", "context"], ["a", "b"], ["c", " "]])
    main(["batch", str(src), "-o", str(tmp_path / "out.csv"), "--batch-size", "7"])
    assert fake.calls == [(["a", "c"], ["b", None], 7)]


def test_without_context_column_contexts_is_none(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    main(["batch", str(src), "-o", str(tmp_path / "out.csv")])
    assert fake.calls[0][1] is None


def test_bad_rows_get_an_error_and_the_run_continues(tmp_path, fake, capsys):
    rows = [["text"], ["fine"], [""], ["   "], ["x" * (MAX_CHARS + 1)], ["also fine"]]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 0
    written = read_rows(out)
    assert [bool(r["error"]) for r in written] == [False, True, True, True, False]
    assert "nothing to analyse" in written[1]["error"]
    assert "limit is 5,000" in written[3]["error"]
    assert all(written[1][c] == "" for c in ADDED_COLUMNS[:-1])
    assert written[4]["style"] == "neutral"
    assert "3 with an error" in capsys.readouterr().out


def test_missing_text_column_exits_2_naming_the_columns(tmp_path, fake, capsys):
    src = write_csv(tmp_path / "in.csv", [["Text", "note"], ["a", "b"]])
    out = tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no 'text' column" in err and "'Text'" in err and "Traceback" not in err
    assert not out.exists()


def test_existing_result_column_is_refused_not_overwritten(tmp_path, fake, capsys):
    src = write_csv(tmp_path / "in.csv", [["text", "style", "error"], ["a", "mine", ""]])
    assert main(["batch", str(src), "-o", str(tmp_path / "out.csv")]) == 2
    assert "style, error" in capsys.readouterr().err
    assert fake.calls == []


BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "empty": (b"", "empty"),
    "blank": (b"\n  \n", "empty"),
    "latin-1": ("text\ncafé\n".encode("latin-1"), "not UTF-8"),
    "unclosed quote": (b'text,id\n"never closed,1\n', "well-formed"),
    "stray quote": (b'text,id\n"a"b,1\n', "well-formed"),
    "extra field": (b"text,id\na,1,2\n", "line 2 has 3 fields"),
    "missing field": (b"text,id\na,1\nb\n", "line 3 has 1 fields"),
    "header only": (b"text,context\n", "no rows"),
}


@pytest.mark.parametrize("content, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_input_file_exits_2_with_message(tmp_path, fake, capsys, content, message):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(content)
    assert main(["batch", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(src) in err and "Traceback" not in err
    assert not out.exists()


def test_missing_input_file_and_folder_input(tmp_path, fake, capsys):
    assert main(["batch", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "o.csv")]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("\ufefftext,n\nhi,NA\n".encode())
    table = read_table(src)
    assert table.header == ("text", "n") and table.rows == (("hi", "NA"),)


def test_missing_output_folder_exits_2_before_analysing(tmp_path, fake, capsys):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    out = tmp_path / "no" / "such" / "out.csv"
    assert main(["batch", str(src), "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert fake.calls == [] and not out.parent.exists()


def test_failed_write_leaves_the_old_output_and_no_temp_file(tmp_path, fake, monkeypatch, capsys):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"], ["b"]])
    out = tmp_path / "out.csv"
    out.write_text("old,content\n")
    real_writer = csv.writer

    class BreaksHalfway:
        def __init__(self, handle, **_):
            self.writer = real_writer(handle)

        def writerow(self, row):
            self.writer.writerow(row)

        def writerows(self, rows):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_files.csv, "writer", BreaksHalfway)
    assert main(["batch", str(src), "-o", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_text() == "old,content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_output_replaces_an_existing_file_and_is_readable(tmp_path, fake):
    src = write_csv(tmp_path / "in.csv", [["text"], ["a"]])
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    assert main(["batch", str(src), "-o", str(out)]) == 0
    assert read_rows(out)[0]["text"] == "a"
    assert out.stat().st_mode & 0o444 == 0o444


@pytest.mark.parametrize("rows, shown", [(PROGRESS_MIN_ROWS, False), (PROGRESS_MIN_ROWS + 1, True)])
def test_progress_bar_on_stderr_only_above_1000_rows(tmp_path, fake, capsys, rows, shown):
    src = write_csv(tmp_path / "in.csv", [["text"]] + [[f"row {i}"] for i in range(rows)])
    assert main(["batch", str(src), "-o", str(tmp_path / "out.csv")]) == 0
    captured = capsys.readouterr()
    assert ("100%" in captured.err) is shown
    assert (f"{rows:,}/{rows:,} rows" in captured.err) is shown
    if not shown:
        assert "%" not in captured.err
    assert f"{rows:,} rows in " in captured.err and "rows/s" in captured.err
    assert captured.out.startswith("Wrote ") and "%" not in captured.out


@pytest.mark.model
def test_real_analyzer_fills_every_column_in_format(tmp_path):
    rows = [
        ["text", "context"],
        ["You never listen to me.", ""],
        ["", "x"],
        ["So you're tired.", "I'm beat."],
    ]
    src, out = write_csv(tmp_path / "in.csv", rows), tmp_path / "out.csv"
    summary = batch.run_batch(src, out)
    assert (summary.rows, summary.errors) == (3, 1)
    blame, empty, reflection = read_rows(out)
    assert blame["style"] == "blame" and "criticism" in blame["horsemen"].split(";")
    assert -1.0 <= float(blame["sentiment"]) <= 1.0
    assert {f["rule_id"] for f in json.loads(blame["flags"])}
    assert empty["error"] and empty["style"] == ""
    assert reflection["reflection"] in ("true", "false") and reflection["error"] == ""
