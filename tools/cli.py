"""Command line: `python -m coach analyze | feedback | batch | eval`. `main(argv)` returns
the exit code.

Exit codes: 0 done; 2 a problem the user can fix (bad input, missing file or model), with a
one-line message on stderr and never a traceback; 1 a malformed rule file inside nlp/;
130 stopped with Ctrl-C (nothing half-written is left behind).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import nlp
from coach.feedback import build_feedback
from coach.messages import MessagesError
from coach.task import PolicyError, Turn, UnknownSkillError, load_policy, turn_for
from nlp import Analysis, InputError, ModelNotInstalledError, RuleFileError
from tools.batch import ADDED_COLUMNS, BatchError, default_workers, run_batch
from tools.eval_data import SETS, EvalDataError
from tools.evaluate import iter_report
from tools.explain import explain_lines
from tools.listener_eval import LISTENER_SETS, iter_listener_report
from tools.verdict_report import feedback_dict, format_feedback

INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C (128 + SIGINT)

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

    skills = ", ".join(load_policy().skills)
    one = commands.add_parser("analyze", help="analyse one reply and explain every finding")
    one.add_argument("text", help='the reply to analyse ("-" reads it from stdin)')
    one.add_argument("--context", help="what the other person just said")
    one.add_argument("--json", action="store_true", help="print Analysis.to_dict() as JSON")
    one.add_argument(
        "--explain",
        action="store_true",
        help="also trace every match, its weight, each guard veto and how each label was decided",
    )
    one.add_argument("--skill", help=f"the skill practised, for the coach part of --explain ({skills})")

    card = commands.add_parser("feedback", help="the verdict the app would show for one reply")
    card.add_argument("text", help='the reply ("-" reads it from stdin)')
    card.add_argument("--context", help="what the other person just said")
    card.add_argument("--skill", help=f"the skill being practised: {skills} (default: none)")
    card.add_argument("--json", action="store_true", help="print the verdict as JSON")

    batch = commands.add_parser(
        "batch",
        help="analyse every row of a CSV with a 'text' column",
        description=(
            "Reads IN.csv (UTF-8, a 'text' column, optionally 'context'); writes OUT.csv with every "
            "input column unchanged plus: " + ", ".join(ADDED_COLUMNS) + ". A bad row gets a message "
            "in 'error' and the run continues. If IN.csv already has one of those columns the batch "
            "stops with a message instead of overwriting it. An optional 'skill' column ("
            + skills
            + ") is the skill each reply practises. OUT.csv is written atomically and can "
            "never be IN.csv."
        ),
    )
    batch.add_argument("input", type=Path, metavar="IN.csv")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv")
    batch.add_argument(
        "--batch-size",
        type=positive_int,
        default=256,
        help="texts per spaCy batch (default 256)",
    )
    batch.add_argument(
        "--workers",
        type=positive_int,
        default=default_workers(),
        help=f"processes, each with its own analyser (default: all {default_workers()} cores)",
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
    ev.add_argument("--batch-size", type=positive_int, default=256)
    return parser


def positive_int(value: str) -> int:
    """argparse type: a whole number of 1 or more, else a message naming what was given."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {number}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 on --help
        return int(exc.code or 0)
    except PolicyError as exc:
        return _fail(f"a coach data file is malformed: {exc}", 1)
    commands = {"analyze": _analyze, "feedback": _feedback, "batch": _batch, "eval": _eval}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("\nStopped (Ctrl-C); nothing was written.", file=sys.stderr)
        return INTERRUPTED
    except (InputError, BatchError, EvalDataError, ModelNotInstalledError, UnknownSkillError) as exc:
        return _fail(str(exc) + _risk_note(exc), 2)
    except (RuleFileError, MessagesError, PolicyError) as exc:
        return _fail(f"a rule or coach data file is malformed: {exc}", 1)


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


def check_encodable(text: str, what: str) -> str:
    """Bytes that are not UTF-8 reach argv as lone surrogates: say so instead of failing later."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"The {what} has a character that is not valid text at position {exc.start + 1} "
            "(often a byte that is not UTF-8). Save or paste it as UTF-8 and try again."
        ) from None
    return text


def read_reply(value: str) -> str:
    """The reply from the command line, or all of stdin for "-"; bad bytes get a message."""
    if value != "-":
        return check_encodable(value, "text on the command line")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return check_encodable(data, "text on stdin")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The text on stdin is not UTF-8 (byte 0x{data[exc.start]:02x} at position {exc.start + 1}). "
            "Save it as UTF-8 and try again."
        ) from None


def _reply_and_context(args: argparse.Namespace) -> tuple[str, str | None]:
    context = args.context
    if context is not None:
        check_encodable(context, "--context")
    return read_reply(args.text), context


def _analyze(args: argparse.Namespace) -> int:
    text, context = _reply_and_context(args)
    turn = turn_for(args.skill, context)
    analyzer = nlp.get_analyzer()
    analysis = analyzer.analyze(text, context=context)
    if args.json:
        print(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(format_analysis(analysis))
    if args.explain:
        print("\n".join(explain_lines(analyzer, analysis, turn)))
    return 0


def _feedback(args: argparse.Namespace) -> int:
    text, context = _reply_and_context(args)
    turn: Turn = turn_for(args.skill, context)
    analysis = nlp.get_analyzer().analyze(text, context=context)
    feedback = build_feedback(analysis, turn=turn)
    if args.json:
        print(json.dumps(feedback_dict(feedback, turn.skill), ensure_ascii=False, indent=2))
    else:
        print(format_feedback(feedback))
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
    summary = run_batch(args.input, args.output, batch_size=args.batch_size, workers=args.workers)
    errors = f", {summary.errors:,} with an error (see the 'error' column)" if summary.errors else ""
    print(f"Wrote {args.output}: {summary.rows:,} rows{errors}.")
    print(
        f"{summary.rows:,} rows in {summary.seconds:.1f} s: {summary.rate:,.0f} rows/s "
        f"with {summary.workers} worker(s).",
        file=sys.stderr,
    )
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
