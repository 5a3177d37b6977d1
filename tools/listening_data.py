"""The listening labels of every dev source in one shape, for `make eval` and `make calibrate`.

Sources: the project's own dev pair sets (tests/data, never blind_*), annomi-dev and
esconv-dev (../shared/data; read their README). Each row keeps a group (conversation or
transcript) so cross-validation never scores a row with a model that saw its conversation.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nlp import Analysis, InputError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
OWN_DEV = ("pairs.csv", "holdout_pairs.csv", "dev2_pairs.csv")  # dev only: blind_* are never read here
ESCONV_REFLECTION = frozenset({"Restatement or Paraphrasing", "Reflection of feelings"})
ESCONV_ADVICE = "Providing Suggestions"
DETECTORS = ("reflection", "advice", "question")


@dataclass(frozen=True, slots=True)
class Row:
    source: str  # own | annomi | esconv
    group: str  # conversation / transcript (own rows: one group each)
    text: str
    context: str | None
    labels: dict[str, object] = field(default_factory=dict)  # detector -> bool or open/closed/none


def shared_dir() -> Path:
    env = os.environ.get("REHEARSE_SHARED_DATA")
    if env:
        path = Path(env)
        return path.parent if path.suffix == ".csv" else path
    # ../shared/data beside the checkout; a git worktree sits one folder deeper
    candidates = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def own_rows(folder: Path | None = None) -> list[Row]:
    folder = folder or ROOT / "tests" / "data"
    rows: list[Row] = []
    for name in OWN_DEV:
        path = folder / name
        if not path.is_file():
            log.warning("%s not found; skipped", path)
            continue
        for i, r in enumerate(_read(path)):
            labels: dict[str, object] = {
                "reflection": r["reflection"] == "1",
                "advice": "advising" in r["roadblocks"].split(";"),
                "question": r["question"],
            }
            rows.append(Row("own", f"{name}:{i}", r["text"], r["context"] or None, labels))
    return rows


def annomi_rows(path: Path) -> list[Row]:
    rows = []
    for r in _read(path):
        labels: dict[str, object] = {"reflection": r["reflection"] == "1", "advice": r["advice"] == "1"}
        if r["question"] != "unknown":
            labels["question"] = r["question"]
        rows.append(Row("annomi", "annomi:" + r["id"].split("-")[0], r["text"], r["context"] or None, labels))
    return rows


def esconv_rows(path: Path) -> list[Row]:
    return [
        Row("esconv", "esconv:" + r["conversation"], r["text"], r["context"] or None,
            {"reflection": r["strategy"] in ESCONV_REFLECTION, "advice": r["strategy"] == ESCONV_ADVICE})
        for r in _read(path)
    ]


def all_rows(shared: Path | None = None) -> list[Row]:
    """Own dev rows plus annomi-dev and esconv-dev where present (a missing file is logged)."""
    shared = shared or shared_dir()
    rows = own_rows()
    for name, loader in (("annomi-dev.csv", annomi_rows), ("esconv-dev.csv", esconv_rows)):
        path = shared / name
        if path.is_file():
            rows += loader(path)
        else:
            log.warning("%s not found; skipped", path)
    return rows


def predicted(item: Analysis | InputError) -> dict[str, object]:
    """What the engine said, in the rows' vocabulary (a failed row predicts nothing)."""
    if isinstance(item, InputError):
        return {"reflection": False, "advice": False, "question": "none"}
    return {"reflection": item.reflection, "advice": "advising" in item.roadblocks, "question": item.question}


def sources(rows: Iterable[Row]) -> list[str]:
    return list(dict.fromkeys(r.source for r in rows))
