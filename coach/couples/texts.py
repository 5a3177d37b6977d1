"""The reviewed couples text in `coach/couples/messages.yaml`, validated into frozen models."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

TEXTS_FILE = Path(__file__).with_name("messages.yaml")


class TextsError(ValueError):
    """coach/couples/messages.yaml is malformed; the message names the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RulesCard(_Frozen):
    title: str = Field(min_length=1)
    points: tuple[str, ...] = Field(min_length=1)


class Carried(_Frozen):
    heading: str
    words: str
    none: str
    missed: str
    feeling: str
    no_feeling: str
    gave_back: str


class ProblemText(_Frozen):
    name: str = Field(min_length=1)
    gently: str = Field(min_length=1)
    try_: str = Field(min_length=1, alias="try")


class SummaryTexts(_Frozen):
    heading: str
    as_speaker: str
    as_listener: str
    speaker_well: dict[str, str]
    listener_well: dict[str, str]
    speaker_try: dict[str, str]
    listener_try: dict[str, str]
    nothing_yet: str


class CouplesTexts(_Frozen):
    version: int
    rules_cards: dict[str, RulesCard]
    decisions: dict[str, str]
    carried: Carried
    problems: dict[str, ProblemText]
    speaker_notes: dict[str, str]
    waiting: dict[str, str]
    stopped: dict[str, str]
    summary: SummaryTexts


REQUIRED = {
    "rules_cards": {"speaker", "listener"},
    "decisions": {"that_s_it", "partly", "not_quite"},
    "waiting": {"speaking", "listening", "deciding", "adding"},
    "stopped": {"title", "for_both"},
    "speaker_notes": {"too_long", "check_heading"},
}


@lru_cache(maxsize=2)
def load_texts(path: Path = TEXTS_FILE) -> CouplesTexts:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = CouplesTexts.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TextsError(f"{path}: cannot be read as YAML ({exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise TextsError(f"{path}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    for field, keys in REQUIRED.items():
        missing = keys - set(getattr(texts, field))
        if missing:
            raise TextsError(f"{path}: {field}: missing {sorted(missing)}")
    for key in ("default",):
        if key not in texts.summary.speaker_try or key not in texts.summary.listener_try:
            raise TextsError(f"{path}: summary: speaker_try and listener_try need a 'default'")
    return texts
