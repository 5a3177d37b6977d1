"""Command line: `python -m coach analyze | batch | eval`. `main(argv)` returns the exit code.

Exit codes: 0 done; 2 a problem the user can fix (bad input, missing file or model), with a
one-line message on stderr and never a traceback; 1 a malformed rule file inside nlp/.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import nlp
from nlp import Analysis, InputError, ModelNotInstalledError, RuleFileError
from tools.batch import ADDED_COLUMNS, BatchError, run_batch
from tools.eval_data import SETS, EvalDataError
from tools.evaluate import iter_report
from tools.listener_eval import LISTENER_SETS, iter_listener_report

_LABELS = (
    ("style", "style"),
    ("pseudo I-statement", "pseudo_i_statement"),
    ("horsemen", "horsemen"),
    ("reflection", "reflection"),
    ("roadblocks", "roadblocks"),
    ("question", "question"),
    ("request", "request"),
    ("crisis", "crisis"),
)
_POLARITY = {"helps": "+", "hurts": "-", "note": "i"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m coach", description="Rehearse from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    one = commands.add_parser("analyze", help="analyse one reply and explain every finding")
    one.add_argument("text", help='the reply to analyse ("-" reads it from stdin)')
    one.add_argument("--context", help="what the other person just said")
    one.add_argument("--json", action="store_true", help="print Analysis.to_dict() as JSON")

    batch = commands.add_parser(
        "batch",
        help="analyse every row of a CSV with a 'text' column",
        description=(
            "Reads IN.csv (UTF-8, a 'text' column, optionally 'context'); writes OUT.csv with every "
            "input column unchanged plus: " + ", ".join(ADDED_COLUMNS) + ". A bad row gets a message "
            "in 'error' and the run continues. If IN.csv already has one of those columns the batch "
            "stops with a message instead of overwriting it. OUT.csv is written atomically."
        ),
    )
    batch.add_argument("input", type=Path, metavar="IN.csv")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv")
    batch.add_argument(
        "--batch-size",
        type=int,
        default=256,
        help="texts per spaCy batch (default 256)",
    )

    ev = commands.add_parser("eval", help="precision, recall and F1 on the labelled sets")
    ev.add_argument(
        "--set",
        choices=[*SETS, *LISTENER_SETS],
        action="append",
        dest="sets",
        help="run only this set (repeatable)",
    )
    ev.add_argument(
        "--misses",
        type=int,
        default=8,
        metavar="N",
        help="worst misses shown per detector (default 8)",
    )
    ev.add_argument("--annomi", type=Path, metavar="PATH", help="path of annomi-dev.csv")
    ev.add_argument("--batch-size", type=int, default=256)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 on --help
        return int(exc.code or 0)
    try:
        return {"analyze": _analyze, "batch": _batch, "eval": _eval}[args.command](args)
    except (InputError, BatchError, EvalDataError, ModelNotInstalledError) as exc:
        return _fail(str(exc) + _risk_note(exc), 2)
    except RuleFileError as exc:
        return _fail(f"a rule file is malformed: {exc}", 1)


def _risk_note(exc: Exception) -> str:
    """For text too long to analyse: say if the crisis screen still found signs of risk."""
    screened = getattr(exc, "screen", None)
    if screened is None or not screened.risk:
        return ""
    return f"\nThe safety screen found signs of risk in it ({', '.join(screened.kinds)}): " + _help_line()


def _help_line() -> str:
    from coach.help import load_help

    notice = load_help()
    services = "; ".join(f"{s.region}: {s.name} {s.contact}" for s in notice.services)
    return f"{notice.intro} {services}"


def _fail(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _analyze(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    analysis = nlp.get_analyzer().analyze(text, context=args.context)
    if args.json:
        print(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_analysis(analysis))
    return 0


def format_analysis(analysis: Analysis) -> str:
    """A readable report: labels, each flag with its words, rule id and why, tone, notices."""
    lines = [f"Reply:   {analysis.text!r}"]
    if analysis.context:
        lines.append(f"Context: {analysis.context!r}")
    lines += ["", "Labels"]
    for name, attr in _LABELS:
        value = getattr(analysis, attr)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, tuple):
            value = ", ".join(value) or "-"
        lines.append(f"  {name:<20}{value}")
    lines += ["", f"Flags ({len(analysis.flags)})" if analysis.flags else "Flags: none"]
    for flag in analysis.flags:
        mark = _POLARITY.get(flag.polarity, "?")
        lines.append(
            f"  {mark} {flag.text!r}  {flag.category}  ({flag.rule_id}, chars {flag.start}-{flag.end})"
        )
        lines.append(f"      {flag.explanation}")
        if flag.evidence:
            lines.append(f"      evidence: {flag.evidence}")
    tone = analysis.tone
    lines += [
        "",
        (
            f"Tone: compound {tone.compound:+.3f} (pos {tone.positive:.2f}, "
            f"neg {tone.negative:.2f}, neu {tone.neutral:.2f}), intensity {tone.intensity}"
        ),
    ]
    if tone.cues:
        lines.append(f"  cues: {'; '.join(tone.cues)}")
    if analysis.notices:
        lines += ["", "Notices"] + [f"  - {notice}" for notice in analysis.notices]
    if analysis.model_name or analysis.rules_version:
        lines += [
            "",
            f"(model {analysis.model_name or '?'}, rules {analysis.rules_version or '?'})",
        ]
    return "\n".join(lines)


def _batch(args: argparse.Namespace) -> int:
    summary = run_batch(args.input, args.output, batch_size=args.batch_size)
    errors = f", {summary.errors:,} with an error (see the 'error' column)" if summary.errors else ""
    print(f"Wrote {args.output}: {summary.rows:,} rows{errors}.")
    return 0


def _eval(args: argparse.Namespace) -> int:
    names = args.sets or [*SETS, *LISTENER_SETS]
    detectors = [n for n in names if n in SETS]
    lines = iter_report(
        detectors,
        nlp.get_analyzer,
        annomi=args.annomi,
        misses=args.misses,
        batch_size=args.batch_size,
    ) if detectors else iter(())
    listener = [n for n in names if n in LISTENER_SETS]
    for line in chain(lines, iter_listener_report(listener, nlp.get_analyzer, args.misses)):
        print(line, flush=True)
    return 0
